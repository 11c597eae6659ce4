import type { Request, Response, Router } from 'express';
import { Problem } from '../../api/problem';
import { type SearchingLearner, searchingLearnerInput } from '../../models/searching-learner';
import { type CatalogueNames, type PageContext, call, catalogueNames, forOperation, page, signedInPage } from '../context';
import { longDate, todayInBrussels } from '../dutch';
import { type FormErrors, type FormValues, fieldsOf, formInput, formValues, refusal, stringOf } from '../forms';
import { Button, Form, Notice, Page, Select, Table, TextField, render } from '../layout';
import { FACT, FIELD, LEARNER_REFERENCE, NO_GO_BACK, TO_START } from '../labels';
import { paths, patterns } from '../paths';

// The school's learners still searching for a workplace (issue 22): registered by the school's
// own code, never a name, with the training and where the learner lives, so the partnership
// sees where places are short. A learner is placed when a placement with the same code is accepted.

const LABELS: Record<string, string> = {
  learnerReference: LEARNER_REFERENCE.label,
  trainingCode: FACT.training,
  postcode: 'Postcode van de woonplaats',
  since: 'Zoekt sinds',
};

const NOTICES: Record<string, string> = {
  geregistreerd: 'De leerling staat nu bij de zoekende leerlingen.',
  'al-geregistreerd': 'Deze leerling stond al bij de zoekende leerlingen: er is niets veranderd.',
  verwijderd: 'De leerling is verwijderd uit de zoekende leerlingen.',
};

const listOf = async (ctx: PageContext, res: Response): Promise<SearchingLearner[]> =>
  (await call(ctx, res, ctx.api.searchingLearners.list, { query: { limit: '1000' } })).body;

/** Where the search for a workplace starts for this learner: the training and postcode filled in. */
const searchFor = (l: SearchingLearner) =>
  `${paths.registerSearch}?${new URLSearchParams({ trainingCode: l.trainingCode, postcode: l.postcode, hasCapacity: 'true' })}`;

function SearchingTable(props: { learners: SearchingLearner[]; names: CatalogueNames }) {
  return (
    <Table
      caption="Leerlingen die nog zoeken"
      columns={['Leerling', FACT.training, FIELD.postcode, 'Zoekt sinds']}
      action="Acties"
    >
      {props.learners.map((l) => (
        <tr key={l.id}>
          <td>{l.learnerReference}</td>
          <td>{props.names.training(l.trainingCode)}</td>
          <td>{l.postcode}</td>
          <td>{longDate(l.since)}</td>
          <td>
            <a href={searchFor(l)}>
              Werkplek zoeken<span class="visually-hidden"> voor {l.learnerReference}</span>
            </a>{' '}
            ·{' '}
            <a href={paths.removeSearchingLearner(l.id)}>
              Verwijderen<span class="visually-hidden"> ({l.learnerReference})</span>
            </a>
          </td>
        </tr>
      ))}
    </Table>
  );
}

function PlacedTable(props: { learners: SearchingLearner[]; names: CatalogueNames }) {
  return (
    <Table caption="Geplaatste leerlingen" columns={['Leerling', FACT.training, 'Zocht sinds', 'Geplaatst op']}>
      {props.learners.map((l) => (
        <tr key={l.id}>
          <td>{l.placementId ? <a href={paths.placement(l.placementId)}>{l.learnerReference}</a> : l.learnerReference}</td>
          <td>{props.names.training(l.trainingCode)}</td>
          <td>{longDate(l.since)}</td>
          <td>{l.placedAt ? longDate(l.placedAt) : '–'}</td>
        </tr>
      ))}
    </Table>
  );
}

async function show(
  ctx: PageContext,
  req: Request,
  res: Response,
  form: { values: FormValues; errors?: FormErrors; status?: number },
) {
  const [names, learners] = await Promise.all([catalogueNames(ctx), listOf(ctx, res)]);
  const searching = learners.filter((l) => l.status === 'searching');
  const placed = learners.filter((l) => l.status === 'placed');
  const field = fieldsOf(form);
  render(
    res,
    <Page title="Zoekende leerlingen" {...signedInPage(res)} errors={form.errors} labels={LABELS} back={TO_START}>
      <Notice text={form.errors ? undefined : NOTICES[stringOf(req.query.gelukt)]} />
      <h1>Zoekende leerlingen</h1>
      <p class="lead">
        Leerlingen van uw school die nog een werkplek zoeken. Zodra een onderneming een plaatsing aanvaardt met dezelfde code,
        staat de leerling hier als geplaatst. Het partnerschap ziet alleen hoeveel leerlingen per provincie zoeken.
      </p>
      <h2>Een leerling registreren</h2>
      <Form action={paths.searchingLearners} csrf={res.locals.csrf}>
        <TextField {...field} {...LEARNER_REFERENCE} name="learnerReference" width="medium" />
        <Select
          {...field}
          name="trainingCode"
          label={LABELS.trainingCode!}
          placeholder="Kies een opleiding"
          options={names.trainings.map((t) => ({ value: t.code, text: t.name }))}
        />
        <TextField
          {...field}
          name="postcode"
          label={LABELS.postcode!}
          hint="Waar de leerling woont, bijvoorbeeld 9000."
          inputMode="numeric"
          width="short"
        />
        <TextField {...field} name="since" type="date" label={LABELS.since!} width="medium" />
        <Button>Leerling registreren</Button>
      </Form>
      <h2>Zoekt nog een werkplek</h2>
      {searching.length ? (
        <SearchingTable learners={searching} names={names} />
      ) : (
        <p>Er zijn geen leerlingen die nog een werkplek zoeken.</p>
      )}
      {placed.length ? (
        <>
          <h2>Geplaatst</h2>
          <PlacedTable learners={placed} names={names} />
        </>
      ) : null}
    </Page>,
    form.status ?? 200,
  );
}

export function searchingLearnerPages(router: Router, ctx: PageContext) {
  const { register, list, remove } = ctx.api.searchingLearners;

  router.get(
    patterns.searchingLearners,
    forOperation(list),
    // The training just registered stays chosen: a school registers a class of one training at a time.
    page((req, res) =>
      show(ctx, req, res, { values: { since: todayInBrussels(), trainingCode: stringOf(req.query.opleiding) } }),
    ),
  );

  router.post(
    patterns.searchingLearners,
    forOperation(register),
    page(async (req, res) => {
      const values = formValues(req.body);
      let registered;
      try {
        registered = await call(ctx, res, register, { body: formInput(searchingLearnerInput, values) });
      } catch (error) {
        const refused = refusal(error);
        return show(ctx, req, res, { values, ...refused });
      }
      const notice = registered.status === 201 ? 'geregistreerd' : 'al-geregistreerd';
      res.redirect(
        303,
        `${paths.searchingLearners}?${new URLSearchParams({ gelukt: notice, opleiding: registered.body.trainingCode })}`,
      );
    }),
  );

  router.get(
    patterns.removeSearchingLearner,
    forOperation(remove),
    page(async (req, res) => {
      const id = String(req.params.id);
      const learner = (await listOf(ctx, res)).find((l) => l.id === id);
      if (!learner) throw new Problem(404, 'Not Found', req.path);
      render(
        res,
        <Page
          title="Zoekende leerling verwijderen"
          {...signedInPage(res)}
          back={{ href: paths.searchingLearners, text: 'Terug naar de zoekende leerlingen' }}
        >
          <h1>Leerling {learner.learnerReference} verwijderen?</h1>
          <p>
            Doe dit als de leerling geen werkplek meer zoekt, bijvoorbeeld omdat hij of zij de school verliet. Een leerling die u
            plaatst, hoeft u niet te verwijderen: die staat vanzelf bij de geplaatste leerlingen.
          </p>
          <Form action={paths.removeSearchingLearner(id)} csrf={res.locals.csrf}>
            <Button kind="warning">Ja, verwijderen</Button> <a href={paths.searchingLearners}>{NO_GO_BACK}</a>
          </Form>
        </Page>,
      );
    }),
  );

  router.post(
    patterns.removeSearchingLearner,
    forOperation(remove),
    page(async (req, res) => {
      await call(ctx, res, remove, { params: { id: String(req.params.id) } });
      res.redirect(303, `${paths.searchingLearners}?gelukt=verwijderd`);
    }),
  );
}
