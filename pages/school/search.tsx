import type { Router } from 'express';
import type { VNode } from 'preact';
import type { z } from 'zod';
import type { companyRecognitions, searchResult } from '../../models/register';
import { type CatalogueNames, type PageContext, call } from '../context';
import { RECOGNITION_STATUS_TEXT, establishmentNumberText } from '../dutch';
import { fieldsOf } from '../forms';
import { Checkbox, Table, TextField } from '../layout';
import { FACT, FIELD } from '../labels';
import { may } from '../may';
import { paths, patterns } from '../paths';
import { type Question, QuestionForm, TrainingSelect, filledIn, questionPage } from './register';

// Which recognised workplaces are there, per training and postcode, or by the company's name? A
// GET form, paged by the API's own `next` link; a name asks the register's identification instead.

type SearchResult = z.infer<typeof searchResult>;

const SEARCH_LABELS: Record<string, string> = {
  name: 'Naam van de onderneming',
  trainingCode: FACT.training,
  postcode: FIELD.postcode,
  hasCapacity: 'Alleen met vrije plaatsen',
};

/** The page of the pages' search that shows what an API search link asks. */
const searchLink = (apiLink: string) => `${paths.registerSearch}?${apiLink.split('?')[1] ?? ''}`;

function ResultRow(props: {
  item: SearchResult['items'][number];
  names: CatalogueNames;
  allTrainings: boolean;
  canPlace: boolean;
}) {
  const { item } = props;
  return (
    <tr>
      <td>{item.companyName}</td>
      <td>{establishmentNumberText(item.establishmentNumber)}</td>
      <td>
        {item.address.postcode} {item.address.municipality}
      </td>
      {props.allTrainings ? <td>{props.names.training(item.trainingCode)}</td> : null}
      <td>{item.capacity}</td>
      <td>{item.freeCapacity}</td>
      {props.canPlace ? (
        <td>
          {item.freeCapacity > 0 ? (
            <a href={`${paths.newPlacement}?${new URLSearchParams({ erkenning: item.recognitionId, naam: item.companyName })}`}>
              Leerling plaatsen<span class="visually-hidden"> bij {item.companyName}</span>
            </a>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function Results(props: {
  result: SearchResult;
  names: CatalogueNames;
  allTrainings: boolean;
  query: Record<string, string>;
  /** A school places learners from here (pages/placements.tsx). */
  canPlace: boolean;
}) {
  const { result } = props;
  const previous = new URLSearchParams({ ...props.query, page: String(result.page - 1) });
  return (
    <section aria-labelledby="resultaten">
      <h2 id="resultaten">Erkende werkplekken{result.page > 1 ? `, pagina ${result.page}` : ''}</h2>
      {result.items.length === 0 ? (
        <p>Er is geen erkende werkplek die aan uw zoekvraag voldoet.</p>
      ) : (
        <Table
          columns={[FACT.company, FACT.establishment, 'Gemeente', props.allTrainings ? FACT.training : null, 'Plaatsen', 'Vrij']}
          action={props.canPlace ? 'Acties' : undefined}
        >
          {result.items.map((item) => (
            <ResultRow key={item.recognitionId} {...props} item={item} />
          ))}
        </Table>
      )}
      {result.page > 1 || result.next ? (
        <nav aria-label="Paginering" class="pagination">
          {result.page > 1 ? <a href={`${paths.registerSearch}?${previous}`}>Vorige pagina</a> : null}
          {result.next ? <a href={searchLink(result.next)}>Volgende pagina</a> : null}
        </nav>
      ) : null}
    </section>
  );
}

/** The recognitions of the companies whose name starts so, within the training and postcode asked. */
function CompanyResults(props: {
  companies: Array<z.infer<typeof companyRecognitions>>;
  names: CatalogueNames;
  values: Record<string, string | undefined>;
}) {
  const { trainingCode, postcode } = props.values;
  const rows = props.companies.flatMap((company) =>
    company.recognitions
      .filter((r) => (!trainingCode || r.trainingCode === trainingCode) && (!postcode || r.address.postcode === postcode))
      .map((r) => ({ ...r, companyName: company.companyName })),
  );
  return (
    <section aria-labelledby="resultaten">
      <h2 id="resultaten">Ondernemingen met die naam</h2>
      {rows.length === 0 ? (
        <p>Er is geen erkende onderneming waarvan de naam zo begint.</p>
      ) : (
        <Table columns={[FACT.company, FACT.establishment, 'Gemeente', FACT.training, FACT.status]}>
          {rows.map((r) => (
            <tr key={r.recognitionId}>
              <td>{r.companyName}</td>
              <td>{establishmentNumberText(r.establishmentNumber)}</td>
              <td>
                {r.address.postcode} {r.address.municipality}
              </td>
              <td>{props.names.training(r.trainingCode)}</td>
              <td>{RECOGNITION_STATUS_TEXT[r.status] ?? r.status}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function SearchPage(props: Question & { results?: VNode }) {
  const field = fieldsOf(props);
  return (
    <QuestionForm
      {...props}
      title="Een erkende werkplek zoeken"
      labels={SEARCH_LABELS}
      action={paths.registerSearch}
      intro={<p class="lead">Zoek erkende werkplekken voor een opleiding in een gemeente, of een onderneming op haar naam.</p>}
      button="Zoeken"
      after={props.results}
    >
      <TextField
        {...field}
        name="name"
        label={SEARCH_LABELS.name!}
        hint="Het begin van de naam is genoeg, bijvoorbeeld Bakkerij. Laat leeg om op opleiding en postcode te zoeken."
        width="medium"
      />
      <TrainingSelect {...field} names={props.names} placeholder="Alle opleidingen" />
      <TextField
        {...field}
        name="postcode"
        label={SEARCH_LABELS.postcode!}
        hint="4 cijfers, bijvoorbeeld 9000"
        inputMode="numeric"
        width="short"
        autocomplete="postal-code"
      />
      <Checkbox
        {...field}
        name="hasCapacity"
        label={SEARCH_LABELS.hasCapacity!}
        hint="Werkplekken die nog een leerling kunnen opnemen."
      />
    </QuestionForm>
  );
}

export function searchPage(router: Router, ctx: PageContext) {
  questionPage(router, ctx, patterns.registerSearch, ctx.api.register.search, {
    asked: (req) => Object.keys(req.query).length > 0,
    answer: async ({ principal, names, values }, res) => {
      if (values.name) {
        const { body } = await call(ctx, res, ctx.api.register.searchCompanies, { query: { name: values.name } });
        return <CompanyResults companies={body} names={names} values={values} />;
      }
      // Paging terms come from the API's own `next` link; the form asks the rest.
      const query = filledIn(values, ['trainingCode', 'postcode', 'hasCapacity', 'page', 'pageSize']);
      const { body } = await call(ctx, res, ctx.api.register.search, { query });
      const canPlace = may(principal, ctx.api.placements.create);
      return <Results result={body} names={names} allTrainings={!values.trainingCode} query={query} canPlace={canPlace} />;
    },
    show: (asked, results) => <SearchPage {...asked} results={results} />,
  });
}
