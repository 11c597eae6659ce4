import type { Router } from 'express';
import { Problem } from '../../api/problem';
import { type PageContext, call, page } from '../context';
import { enterpriseNumberText, establishmentNumberText, longDate, todayInBrussels } from '../dutch';
import { FACT, FIELD, PUBLIC_SEARCH } from '../labels';
import { Page, RecognitionStatus, Summary, render } from '../layout';
import { paths, patterns } from '../paths';

// A recognition as anyone may check it (the link on its certificate): its public fields and
// its status today. No sign-in; an unknown id is a page that says so, in Dutch.

const TITLE = 'Erkenning nakijken';

function Unknown() {
  return (
    <Page title="Erkenning niet gevonden">
      <h1>Erkenning niet gevonden</h1>
      <p class="lead">Er is geen erkenning met dit nummer. Kijk na of u de link of het adres volledig overnam.</p>
      <p>
        Zoek een erkende werkplek op naam van de opleiding en de gemeente:{' '}
        <a href={paths.publicSearch}>{PUBLIC_SEARCH.title.toLowerCase()}</a>.
      </p>
    </Page>
  );
}

export function verificationPage(router: Router, ctx: PageContext) {
  router.get(
    patterns.verification,
    page(async (req, res) => {
      let found;
      try {
        ({ body: found } = await call(ctx, res, ctx.api.publicRegister.verification, { params: { id: String(req.params.id) } }));
      } catch (error) {
        if (error instanceof Problem && (error.status === 404 || error.status === 400)) return render(res, <Unknown />, 404);
        throw error;
      }
      const { address } = found;
      render(
        res,
        <Page title={`${TITLE}: ${found.companyName}`}>
          <h1>{found.companyName}</h1>
          <p class="lead">
            Stand op {longDate(todayInBrussels())}: <RecognitionStatus status={found.status} />
          </p>
          <Summary
            rows={[
              [FACT.company, found.companyName],
              [FIELD.enterpriseNumber, enterpriseNumberText(found.enterpriseNumber)],
              [FIELD.establishmentNumber, establishmentNumberText(found.establishmentNumber)],
              ['Adres', `${address.street}, ${address.postcode} ${address.municipality}`],
              [FACT.training, `${found.training.name} (${found.training.code})`],
              ['Geldig van', longDate(found.validFrom)],
              ['Geldig tot en met', longDate(found.validUntil)],
            ]}
          />
          <p class="hint">
            Deze pagina toont de erkenning zoals het register ze vandaag kent. Een attest op papier kan ouder zijn: hier staat wat
            nu geldt.
          </p>
        </Page>,
      );
    }),
  );
}
