import type { Request, Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import { Problem } from '../api/problem';
import { type Placement, placementEndInput, placementInput } from '../models/placement';
import {
  type CatalogueNames,
  type PageContext,
  call,
  catalogueNames,
  forOperation,
  forRoles,
  page,
  signedInPage,
} from './context';
import { longDate, todayInBrussels } from './dutch';
import { type FormErrors, type FormValues, formInput, formValues, refusal, stringOf } from './forms';
import { Button, Form, Notice, Page, RecognitionStatus, Summary, Table, Tag, TextField, render } from './layout';
import { paths, patterns } from './paths';
import { FACT } from './labels';

// The school's placements: place a learner at a recognised workplace (from the search's
// results), see its placements, and end one, which frees the workplace's place.

const LABELS: Record<string, string> = {
  learnerReference: 'Code van de leerling',
  startsOn: 'Begindatum',
  endsOn: 'Geplande einddatum',
  endedOn: 'Einddatum',
  recognitionId: 'Erkenning',
};

const NOTICES: Record<string, string> = {
  geplaatst: 'De leerling is geplaatst: de werkplek heeft een vrije plaats minder.',
  beeindigd: 'De plaatsing is beëindigd: de plaats is weer vrij.',
};

/** A placement at a workplace whose recognition is no longer in force (suspended, withdrawn, ended). */
const atRisk = (p: Placement) => !!p.recognitionStatus && p.recognitionStatus !== 'active';

async function ownPlacements(ctx: PageContext, res: Response): Promise<Placement[]> {
  return (await call(ctx, res, ctx.api.placements.list, { query: { limit: '1000' } })).body;
}

function PlacementsTable(props: { rows: Placement[]; caption: string; withEnd: boolean; names: CatalogueNames }) {
  const { withEnd } = props;
  return (
    <Table
      caption={props.caption}
      columns={['Leerling', FACT.workplace, FACT.training, 'Van', 'Tot']}
      action={withEnd ? 'Acties' : undefined}
    >
      {props.rows.map((p) => (
        <tr key={p.id}>
          <td>{p.learnerReference}</td>
          <td>
            {p.companyName}
            {p.status === 'active' && atRisk(p) ? (
              <>
                {' '}
                <RecognitionStatus status={p.recognitionStatus!} />
              </>
            ) : null}
          </td>
          <td>{props.names.training(p.trainingCode)}</td>
          <td>{longDate(p.startsOn)}</td>
          <td>{p.endedOn ? longDate(p.endedOn) : p.endsOn ? `gepland ${longDate(p.endsOn)}` : '–'}</td>
          {withEnd ? (
            <td>
              <a href={paths.endPlacement(p.id)}>
                Beëindigen<span class="visually-hidden"> ({p.learnerReference})</span>
              </a>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

function PlacementsPage(props: { req: Request; res: Response; list: Placement[]; names: CatalogueNames }) {
  const { req, res, names } = props;
  const active = props.list.filter((p) => p.status === 'active');
  const ended = props.list.filter((p) => p.status === 'ended');
  const affected = active.filter(atRisk);
  return (
    <Page title="Plaatsingen" {...signedInPage(res)}>
      <h1>Plaatsingen</h1>
      <Notice text={NOTICES[stringOf(req.query.gelukt)]} />
      <p class="lead">
        De leerlingen van uw school op een erkende werkplek. Elke plaatsing neemt een plaats van de werkplek in tot u ze
        beëindigt.
      </p>
      <p>
        <a class="button primary" href={`${paths.registerSearch}?hasCapacity=true`}>
          Een werkplek met vrije plaatsen zoeken
        </a>
      </p>
      <h2>Lopende plaatsingen</h2>
      {affected.length ? (
        <div class="inset">
          <p>
            <strong>
              {affected.length === 1 ? '1 lopende plaatsing is' : `${affected.length} lopende plaatsingen zijn`} op een werkplek
              waarvan de erkenning geschorst of beëindigd is.
            </strong>{' '}
            Overleg met de onderneming en het sectoraal partnerschap hoe de opleiding verdergaat, en zoek waar nodig een andere
            werkplek.
          </p>
        </div>
      ) : null}
      {active.length === 0 ? (
        <p>Er zijn geen lopende plaatsingen.</p>
      ) : (
        <PlacementsTable rows={active} caption="Lopende plaatsingen" withEnd names={names} />
      )}
      {ended.length > 0 ? (
        <>
          <h2>Beëindigde plaatsingen</h2>
          <PlacementsTable rows={ended} caption="Beëindigde plaatsingen" withEnd={false} names={names} />
        </>
      ) : null}
    </Page>
  );
}

/** A form about the school's placements, with the way back to them. */
function renderForm(res: Response, title: string, errors: FormErrors | undefined, status: number, content: ComponentChildren) {
  render(
    res,
    <Page
      title={title}
      {...signedInPage(res)}
      errors={errors}
      labels={LABELS}
      back={{ href: paths.placements, text: 'Terug naar uw plaatsingen' }}
    >
      {content}
    </Page>,
    status,
  );
}

function showNew(req: Request, res: Response, values: FormValues, errors?: FormErrors, status = 200) {
  const company = stringOf(req.query.naam);
  const field = { values, errors };
  renderForm(
    res,
    'Een leerling plaatsen',
    errors,
    status,
    <>
      <h1>Een leerling plaatsen{company ? ` bij ${company}` : ''}</h1>
      <Form action={req.originalUrl} csrf={res.locals.csrf}>
        <input type="hidden" name="recognitionId" value={values.recognitionId ?? ''} />
        <TextField
          {...field}
          name="learnerReference"
          label={LABELS.learnerReference!}
          hint="De eigen code van uw school voor de leerling, bijvoorbeeld LL-2026-017. Nooit het rijksregisternummer."
          width="medium"
        />
        <TextField {...field} name="startsOn" type="date" label={LABELS.startsOn!} />
        <TextField
          {...field}
          name="endsOn"
          type="date"
          label={`${LABELS.endsOn!} (niet verplicht)`}
          hint="De plaats komt pas vrij wanneer u de plaatsing beëindigt."
        />
        <Button>Leerling plaatsen</Button>
      </Form>
    </>,
  );
}

async function showEnd(ctx: PageContext, req: Request, res: Response, values: FormValues, errors?: FormErrors, status = 200) {
  const id = String(req.params.id);
  const placement = (await ownPlacements(ctx, res)).find((p) => p.id === id);
  if (!placement) throw new Problem(404, 'Not Found', req.path);
  const field = { values, errors };
  renderForm(
    res,
    'Een plaatsing beëindigen',
    errors,
    status,
    <>
      <h1>Een plaatsing beëindigen</h1>
      <Summary
        rows={[
          ['Leerling', placement.learnerReference],
          [FACT.workplace, placement.companyName],
          ['Sinds', longDate(placement.startsOn)],
          [FACT.status, placement.status === 'active' ? <Tag tone="green">Lopend</Tag> : <Tag tone="grey">Beëindigd</Tag>],
        ]}
      />
      <Form action={paths.endPlacement(id)} csrf={res.locals.csrf}>
        <TextField {...field} name="endedOn" type="date" label={LABELS.endedOn!} />
        <Button kind="warning">Plaatsing beëindigen</Button>
      </Form>
    </>,
  );
}

export function placementPages(router: Router, ctx: PageContext) {
  const { create, end } = ctx.api.placements;

  router.get(
    patterns.placements,
    // A school's own placements: the operation that lists them answers the partnerships and an admin too.
    forRoles('school'),
    page(async (req, res) => {
      const [names, list] = await Promise.all([catalogueNames(ctx), ownPlacements(ctx, res)]);
      render(res, <PlacementsPage req={req} res={res} list={list} names={names} />);
    }),
  );

  router.get(
    patterns.newPlacement,
    forOperation(create),
    page(async (req, res) => showNew(req, res, { recognitionId: stringOf(req.query.erkenning), startsOn: todayInBrussels() })),
  );

  router.post(
    patterns.newPlacement,
    forOperation(create),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await call(ctx, res, create, { body: formInput(placementInput, values) });
      } catch (error) {
        // A conflict says why in words of the placement.
        const refused = refusal(
          error,
          'Deze werkplek heeft geen vrije plaats meer, of de erkenning loopt niet op de begindatum.',
        );
        return showNew(req, res, values, refused.errors, refused.status);
      }
      res.redirect(303, `${paths.placements}?gelukt=geplaatst`);
    }),
  );

  router.get(
    patterns.endPlacement,
    forOperation(end),
    page(async (req, res) => showEnd(ctx, req, res, { endedOn: todayInBrussels() })),
  );

  router.post(
    patterns.endPlacement,
    forOperation(end),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await call(ctx, res, end, {
          params: { id: String(req.params.id) },
          body: formInput(placementEndInput, values),
        });
      } catch (error) {
        const refused = refusal(error, 'Deze plaatsing kan niet meer beëindigd worden.');
        return showEnd(ctx, req, res, values, refused.errors, refused.status);
      }
      res.redirect(303, `${paths.placements}?gelukt=beeindigd`);
    }),
  );
}
