import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { addressText } from '../../models/certificate';
import type { publicSearchResult } from '../../models/public-register';
import { type CatalogueNames, type PageContext, call, catalogueNames, page } from '../context';
import { type FormErrors, type FormValues, fieldsOf, formValues } from '../forms';
import { FACT, FIELD, PUBLIC_SEARCH } from '../labels';
import { Button, Page, Table, TextField, render } from '../layout';
import { paths } from '../paths';
import { TrainingSelect, ask, filledIn } from '../school/register';

// Where a learner, a parent or anyone finds a recognised workplace for a training near them:
// no sign-in, a GET form (so a search is a link to share), the API's public search in-process.

type SearchResult = z.infer<typeof publicSearchResult>;

const LABELS: Record<string, string> = {
  trainingCode: FACT.training,
  municipality: FIELD.municipality,
  postcode: FIELD.postcode,
};

const QUERY_FIELDS = ['trainingCode', 'municipality', 'postcode', 'page'];

function Results(props: { result: SearchResult; query: Record<string, string> }) {
  const { result } = props;
  const pageLink = (n: number) => `${paths.publicSearch}?${new URLSearchParams({ ...props.query, page: String(n) })}`;
  return (
    <section aria-labelledby="resultaten">
      <h2 id="resultaten">
        {PUBLIC_SEARCH.results}
        {result.page > 1 ? `, pagina ${result.page}` : ''}
      </h2>
      {result.items.length === 0 ? (
        <p>{PUBLIC_SEARCH.none}</p>
      ) : (
        <Table columns={[FACT.company, 'Adres', FACT.training, PUBLIC_SEARCH.freePlaces]} action="Erkenning nakijken">
          {result.items.map((item) => (
            <tr key={item.recognitionId}>
              <td>{item.companyName}</td>
              <td>{addressText(item.address)}</td>
              <td>{item.training.name}</td>
              <td>{item.hasFreePlaces ? 'ja' : 'nee'}</td>
              <td>
                <a href={paths.verification(item.recognitionId)}>
                  Erkenning nakijken<span class="visually-hidden"> van {item.companyName}</span>
                </a>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {result.page > 1 || result.next ? (
        <nav aria-label="Paginering" class="pagination">
          {result.page > 1 ? <a href={pageLink(result.page - 1)}>Vorige pagina</a> : null}
          {result.next ? <a href={pageLink(result.page + 1)}>Volgende pagina</a> : null}
        </nav>
      ) : null}
    </section>
  );
}

function SearchPage(props: { names: CatalogueNames; values: FormValues; errors?: FormErrors; results?: SearchResult }) {
  const field = fieldsOf(props);
  const query = filledIn(props.values, QUERY_FIELDS.slice(0, 3));
  return (
    <Page title={PUBLIC_SEARCH.title} errors={props.errors} labels={LABELS}>
      <h1>{PUBLIC_SEARCH.title}</h1>
      <p class="lead">
        Zoek een onderneming die erkend is om leerlingen van het duaal leren op te leiden, voor uw opleiding en in uw buurt.
      </p>
      <form method="get" action={paths.publicSearch} novalidate>
        <TrainingSelect {...field} names={props.names} placeholder="Alle opleidingen" />
        <TextField
          {...field}
          name="municipality"
          label={LABELS.municipality!}
          hint="Bijvoorbeeld Gent of Sint-Niklaas."
          autocomplete="address-level2"
          width="medium"
        />
        <TextField
          {...field}
          name="postcode"
          label={`Of ${FIELD.postcode.toLowerCase()}`}
          hint="4 cijfers, bijvoorbeeld 9000. Met een postcode zoekt u niet op gemeente."
          inputMode="numeric"
          width="short"
          autocomplete="postal-code"
        />
        <Button>Zoeken</Button>
      </form>
      {props.results ? <Results result={props.results} query={query} /> : null}
      <p>
        Alle erkende werkplekken staan ook in één bestand, als open data: <a href={paths.openData}>erkende werkplekken (CSV)</a>.
      </p>
    </Page>
  );
}

async function show(ctx: PageContext, req: Request, res: Response) {
  const values = formValues(req.query);
  const names = await catalogueNames(ctx);
  const asked = Object.keys(req.query).length > 0;
  const { answer, errors } = asked
    ? await ask(async () => (await call(ctx, res, ctx.api.publicRegister.search, { query: filledIn(values, QUERY_FIELDS) })).body)
    : {};
  render(res, <SearchPage names={names} values={values} errors={errors} results={answer} />, errors ? 400 : 200);
}

export function publicSearchPage(router: Router, ctx: PageContext) {
  router.get(
    paths.publicSearch,
    page((req, res) => show(ctx, req, res)),
  );
}
