import type { Request, Response, Router } from 'express';
import type { SchoolCheck } from '../models/quality-check';
import type { Principal } from '../platform/auth';
import { Problem } from '../api/problem';
import { isSchoolView } from './check-views';
import { type CatalogueNames, type PageContext, call, catalogueNames, forRoles, page, principalOf } from './context';
import { CHECK_OUTCOME_TEXT, CHECK_STATUS_TEXT, longDate } from './dutch';
import { Page, Summary, Table, Tag, render } from './layout';
import { paths, patterns } from './paths';
import { FACT } from './labels';

// A school follows the quality checks its incident reports opened: where each stands and what
// came of it. The API answers a school only its own reports, without the company's answers or
// the reviewer's notes.

type Tone = 'green' | 'red' | 'yellow' | 'grey' | 'blue';
const STATUS_TONE: Record<string, Tone> = { open: 'blue', answered: 'yellow', overdue: 'red', closed: 'grey' };
const OUTCOME_TONE: Record<string, Tone> = { ok: 'green', 'improvement-needed': 'yellow', suspend: 'red' };

const CheckStatus = (props: { status: string }) => (
  <Tag tone={STATUS_TONE[props.status]}>{CHECK_STATUS_TEXT[props.status] ?? props.status}</Tag>
);

const Outcome = (props: { check: SchoolCheck }) =>
  props.check.outcome ? (
    <Tag tone={OUTCOME_TONE[props.check.outcome]}>{CHECK_OUTCOME_TEXT[props.check.outcome] ?? props.check.outcome}</Tag>
  ) : (
    <>Nog niet beslist</>
  );

/** "Bouwbedrijf De Vries, Ruwbouw duaal", as far as the register knows the workplace. */
const workplaceOf = (check: SchoolCheck, names: CatalogueNames) =>
  check.companyName ? `${check.companyName}${check.trainingCode ? `, ${names.training(check.trainingCode)}` : ''}` : 'Werkplek';

/** What the status means for the school, in a sentence. */
function meaning(check: SchoolCheck): string {
  if (check.status === 'closed')
    return check.outcome === 'ok'
      ? 'Het sectoraal partnerschap heeft de controle afgesloten: de werkplek is in orde.'
      : check.outcome === 'suspend'
        ? 'Het sectoraal partnerschap heeft de controle afgesloten en de erkenning geschorst.'
        : 'Het sectoraal partnerschap heeft de controle afgesloten: de onderneming moet de werkplek verbeteren.';
  if (check.status === 'answered') return 'De onderneming heeft geantwoord; het sectoraal partnerschap beoordeelt de antwoorden.';
  if (check.status === 'overdue')
    return 'De onderneming heeft niet op tijd geantwoord; het sectoraal partnerschap beoordeelt de controle.';
  return `De onderneming beantwoordt vragen over de werkplek, uiterlijk op ${longDate(check.dueOn)}.`;
}

function IncidentsPage(props: { principal: Principal; checks: SchoolCheck[]; names: CatalogueNames }) {
  const { checks, names } = props;
  return (
    <Page
      title="Uw meldingen van problemen"
      principal={props.principal}
      back={{ href: paths.start, text: 'Terug naar het overzicht' }}
    >
      <h1>Uw meldingen van problemen</h1>
      <p>
        Elke melding opent een kwaliteitscontrole bij de werkplek (of wordt toegevoegd aan de controle die al loopt). Hier volgt u
        hoe ver die staat en wat eruit kwam. De antwoorden van de onderneming en de opmerkingen van het partnerschap zijn niet
        voor u bestemd.
      </p>
      {checks.length === 0 ? (
        <p>U hebt nog geen problemen gemeld. Een probleem meldt u vanuit het register, bij de werkplek.</p>
      ) : (
        <Table columns={[FACT.workplace, 'Gemeld', FACT.status, 'Uitkomst']}>
          {checks.map((check) => (
            <tr key={check.id}>
              <td>
                <a href={paths.incident(check.id)}>{workplaceOf(check, names)}</a>
              </td>
              <td>{longDate(check.openedAt)}</td>
              <td>
                <CheckStatus status={check.status} />
              </td>
              <td>
                <Outcome check={check} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}

function IncidentPage(props: { principal: Principal; check: SchoolCheck; names: CatalogueNames }) {
  const { check, names } = props;
  return (
    <Page title="Uw melding" principal={props.principal} back={{ href: paths.incidents, text: 'Terug naar uw meldingen' }}>
      <p class="caption">{workplaceOf(check, names)}</p>
      <h1>Uw melding</h1>
      <p>{meaning(check)}</p>
      <Summary
        rows={[
          [FACT.workplace, workplaceOf(check, names)],
          ['Controle geopend', longDate(check.openedAt)],
          ['Antwoord van de onderneming verwacht', longDate(check.dueOn)],
          [FACT.status, <CheckStatus key="stand" status={check.status} />],
          ['Uitkomst', <Outcome key="uitkomst" check={check} />],
          ...(check.closedAt ? ([['Afgesloten', longDate(check.closedAt)]] as Array<[string, string]>) : []),
        ]}
      />
    </Page>
  );
}

export function incidentPages(router: Router, ctx: PageContext) {
  // A school's own reports: the checks' operations answer companies and the partnerships too.
  const school = [forRoles('school')];

  router.get(
    patterns.incidents,
    ...school,
    page(async (_req: Request, res: Response) => {
      const [{ body: checks }, names] = await Promise.all([
        call(ctx, res, ctx.api.qualityChecks.list, { query: { reportedBy: 'me' } }),
        catalogueNames(ctx),
      ]);
      render(res, <IncidentsPage principal={principalOf(res)} checks={checks.filter(isSchoolView)} names={names} />);
    }),
  );

  router.get(
    patterns.incident,
    ...school,
    page(async (req: Request, res: Response) => {
      // Another school's check is a 404 from the API, and so here.
      const [{ body: check }, names] = await Promise.all([
        call(ctx, res, ctx.api.qualityChecks.get, { params: { id: String(req.params.id) } }),
        catalogueNames(ctx),
      ]);
      if (!isSchoolView(check)) throw new Problem(404, 'Not Found', req.path);
      render(res, <IncidentPage principal={principalOf(res)} check={check} names={names} />);
    }),
  );
}
