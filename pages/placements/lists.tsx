import type { Request, Response } from 'express';
import type { Placement } from '../../models/placement';
import { holdsPlace } from '../../models/placement-status';
import { type CatalogueNames, type PageContext, call, signedInPage } from '../context';
import { longDate } from '../dutch';
import { stringOf } from '../forms';
import { Notice, Page, Table } from '../layout';
import { FACT } from '../labels';
import { paths } from '../paths';
import { PlacementEnd, PlacementStatusTag, Workplace } from './shared';

// `/plaatsingen`: the school follows its learners' placements (proposals waiting for an answer,
// running, ended and how); the company sees its learners per workplace, the proposals to answer
// first. Each placement links to its own page.

const NOTICES: Record<string, string> = {
  beeindigd: 'De plaatsing is beëindigd: de plaats is weer vrij.',
  ingetrokken: 'Het voorstel is ingetrokken: de plaats is weer vrij.',
};

export async function allPlacements(ctx: PageContext, res: Response): Promise<Placement[]> {
  return (await call(ctx, res, ctx.api.placements.list, { query: { limit: '1000' } })).body;
}

/** A placement running at a workplace whose recognition is no longer in force. */
const atRisk = (p: Placement) => p.status === 'active' && !!p.recognitionStatus && p.recognitionStatus !== 'active';

const byAnswerDue = (a: Placement, b: Placement) => a.answerDue.localeCompare(b.answerDue);

/** The learner's code as the link to the placement's own page. */
const LearnerLink = (props: { p: Placement }) => <a href={paths.placement(props.p.id)}>{props.p.learnerReference}</a>;

function SchoolTable(props: { rows: Placement[]; caption: string; names: CatalogueNames; last: string; withEnd?: boolean }) {
  return (
    <Table
      caption={props.caption}
      columns={['Leerling', FACT.workplace, FACT.training, 'Van', props.last]}
      action={props.withEnd ? 'Acties' : undefined}
    >
      {props.rows.map((p) => (
        <tr key={p.id}>
          <td>
            <LearnerLink p={p} />
          </td>
          <td>
            <Workplace p={p} />
          </td>
          <td>{props.names.training(p.trainingCode)}</td>
          <td>{longDate(p.startsOn)}</td>
          <td>
            <PlacementEnd p={p} />
          </td>
          {props.withEnd ? (
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

export function SchoolPlacements(props: { req: Request; res: Response; list: Placement[]; names: CatalogueNames }) {
  const { list, names } = props;
  const proposed = list.filter((p) => p.status === 'proposed').sort(byAnswerDue);
  const active = list.filter((p) => p.status === 'active');
  const ended = list.filter((p) => !holdsPlace(p.status));
  const affected = active.filter(atRisk);
  return (
    <Page title="Plaatsingen" {...signedInPage(props.res)}>
      <h1>Plaatsingen</h1>
      <Notice text={NOTICES[stringOf(props.req.query.gelukt)]} />
      <p class="lead">
        De leerlingen van uw school op een erkende werkplek. Een voorstel houdt een plaats vast tot de onderneming antwoordt; een
        lopende plaatsing tot ze eindigt.
      </p>
      <p>
        <a class="button primary" href={`${paths.registerSearch}?hasCapacity=true`}>
          Een werkplek met vrije plaatsen zoeken
        </a>
      </p>
      {proposed.length ? (
        <>
          <h2>Voorstellen die wachten op antwoord</h2>
          <SchoolTable rows={proposed} caption="Voorstellen die wachten op antwoord" names={names} last="Antwoord" />
        </>
      ) : null}
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
        <SchoolTable rows={active} caption="Lopende plaatsingen" names={names} last="Tot" withEnd />
      )}
      {ended.length > 0 ? (
        <>
          <h2>Beëindigde plaatsingen</h2>
          <SchoolTable rows={ended} caption="Beëindigde plaatsingen" names={names} last="Hoe het afliep" />
        </>
      ) : null}
    </Page>
  );
}

/** A company's placements at one workplace: proposals to answer first, then running, then ended. */
function WorkplacePlacements(props: { rows: Placement[]; names: CatalogueNames }) {
  const [first] = props.rows;
  const order = (p: Placement) => (p.status === 'proposed' ? 0 : p.status === 'active' ? 1 : 2);
  const rows = [...props.rows].sort((a, b) => order(a) - order(b) || byAnswerDue(a, b));
  const title = `${first!.companyName} – ${props.names.training(first!.trainingCode)}`;
  return (
    <>
      <h2>{title}</h2>
      <Table caption={`Leerlingen bij ${title}`} columns={['Leerling', FACT.status, 'Van', 'Tot of antwoord']}>
        {rows.map((p) => (
          <tr key={p.id}>
            <td>
              <LearnerLink p={p} />
            </td>
            <td>
              <PlacementStatusTag status={p.status} />
            </td>
            <td>{longDate(p.startsOn)}</td>
            <td>
              <PlacementEnd p={p} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function CompanyPlacements(props: { res: Response; list: Placement[]; names: CatalogueNames }) {
  const groups = new Map<string, Placement[]>();
  for (const p of props.list) groups.set(p.recognitionId, [...(groups.get(p.recognitionId) ?? []), p]);
  const waiting = props.list.filter((p) => p.status === 'proposed').length;
  // A workplace with a proposal to answer comes first, the nearest answer date first.
  const nearest = (rows: Placement[]) =>
    rows
      .filter((p) => p.status === 'proposed')
      .map((p) => p.answerDue)
      .sort()[0] ?? '9999';
  const sorted = [...groups.values()].sort((a, b) => nearest(a).localeCompare(nearest(b)));
  return (
    <Page title="Plaatsingen" {...signedInPage(props.res)}>
      <h1>Plaatsingen</h1>
      <p class="lead">
        De leerlingen die scholen bij u plaatsen, per werkplek.{' '}
        {waiting === 0
          ? 'Er wacht geen voorstel op uw antwoord.'
          : `${waiting === 1 ? '1 voorstel wacht' : `${waiting} voorstellen wachten`} op uw antwoord: zonder antwoord vervalt een voorstel.`}
      </p>
      {sorted.length === 0 ? <p>Er zijn nog geen leerlingen bij u geplaatst.</p> : null}
      {sorted.map((rows) => (
        <WorkplacePlacements key={rows[0]!.recognitionId} rows={rows} names={props.names} />
      ))}
    </Page>
  );
}
