import type { Router } from 'express';
import { Problem } from '../../api/problem';
import { factLines, statusOnLabel } from '../../models/certificate';
import { type PageContext, call, catalogueNames, page } from '../context';
import { todayInBrussels } from '../dutch';
import { PUBLIC_SEARCH } from '../labels';
import { Page, RecognitionStatus, Summary, render } from '../layout';
import { paths, patterns } from '../paths';

// A recognition as anyone may check it (the link on its certificate): what the certificate says
// of it, and its status today. No sign-in; an unknown id is a page that says so, in Dutch.

function Unknown() {
  return (
    <Page title="Erkenning niet gevonden">
      <h1>Erkenning niet gevonden</h1>
      <p class="lead">Er is geen erkenning met dit nummer. Kijk na of u de link of het adres volledig overnam.</p>
      <p>
        Zoek een erkende werkplek op opleiding en gemeente: <a href={paths.publicSearch}>{PUBLIC_SEARCH.title.toLowerCase()}</a>.
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
      const names = await catalogueNames(ctx);
      render(
        res,
        <Page title={`Erkenning nakijken: ${found.companyName}`}>
          <h1>{found.companyName}</h1>
          <p class="lead">
            {statusOnLabel(todayInBrussels())}: <RecognitionStatus status={found.status} />
          </p>
          <Summary rows={factLines({ ...found, partnershipName: names.partnership(found.partnershipId) })} />
          <p class="hint">
            Deze pagina toont de erkenning zoals het register ze vandaag kent. Een attest op papier kan ouder zijn: hier staat wat
            nu geldt.
          </p>
        </Page>,
      );
    }),
  );
}
