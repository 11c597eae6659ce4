import type { Response, Router } from 'express';
import type { ApplicationView } from '../models/application-dossier';
import { inForce } from '../models/mandate';
import type { Recognition } from '../models/recognition';
import {
  type CatalogueNames,
  type PageContext,
  call,
  catalogueNames,
  page,
  principalOf,
  signedInPage,
  signedIn,
} from './context';
import { daysLeft, daysLeftText, longDate, thisYearInBrussels, todayInBrussels } from './dutch';
import { ApplicationStatus, Page, RecognitionStatus, Table, render, who } from './layout';
import { FACT } from './labels';
import { may } from './may';
import { unreadNotices } from './notices';
import { paths, patterns } from './paths';
import { missedConditionTasks } from './recognitions/overview';
import { companyPlanTasks, partnershipPlanTasks } from './recognitions/improvement-tasks';

// The start page: what waits for the signed-in person, nearest deadline first.

interface Task {
  href: string;
  text: string;
  due?: string;
}

function Tasks(props: { tasks: Task[]; empty: string }) {
  if (props.tasks.length === 0) return <p>{props.empty}</p>;
  const sorted = [...props.tasks].sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
  return (
    <ul class="tasks">
      {sorted.map((task) => (
        <li key={task.href + task.text}>
          <a href={task.href}>{task.text}</a>
          {task.due ? (
            <>
              {' '}
              – uiterlijk {longDate(task.due)}{' '}
              <span class={daysLeft(task.due) < 0 ? 'overdue' : undefined}>({daysLeftText(task.due)})</span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A company's applications, each with where it stands. */
function CompanyApplications(props: { apps: ApplicationView[]; names: CatalogueNames }) {
  const { apps, names } = props;
  return (
    <>
      <h2>Uw aanvragen</h2>
      {apps.length === 0 ? (
        <p>U hebt nog geen aanvragen.</p>
      ) : (
        <Table columns={[FACT.training, FACT.establishment, 'Ingediend', FACT.status]}>
          {apps.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={paths.application(a.id)}>{names.training(a.trainingCode)}</a>
              </td>
              <td>{a.companyName}</td>
              <td>{longDate(a.submittedAt)}</td>
              <td>
                <ApplicationStatus status={a.status} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

/** A company's recognitions, each with its end and status. */
function CompanyRecognitions(props: { recs: Recognition[]; names: CatalogueNames }) {
  const { recs, names } = props;
  return (
    <>
      <h2>Uw erkenningen</h2>
      {recs.length === 0 ? (
        <p>U hebt nog geen erkenningen.</p>
      ) : (
        <Table columns={[FACT.training, FACT.establishment, 'Geldig tot', FACT.status]}>
          {recs.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={paths.recognition(r.id)}>{names.training(r.trainingCode)}</a>
              </td>
              <td>{r.companyName}</td>
              <td>{longDate(r.validUntil)}</td>
              <td>
                <RecognitionStatus status={r.status} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

async function companyStart(ctx: PageContext, res: Response, names: CatalogueNames) {
  // An overdue check still waits for the company's answer (the partnership then evaluates it).
  const [{ body: apps }, { body: recs }, open, overdue, proposals] = await Promise.all([
    call(ctx, res, ctx.api.applications.list),
    call(ctx, res, ctx.api.recognitions.list),
    call(ctx, res, ctx.api.qualityChecks.list, { query: { status: 'open' } }),
    call(ctx, res, ctx.api.qualityChecks.list, { query: { status: 'overdue' } }),
    call(ctx, res, ctx.api.placements.list, { query: { status: 'proposed', limit: '1000' } }),
  ]);
  const plans = await companyPlanTasks(ctx, res, (id) => names.training(recs.find((r) => r.id === id)?.trainingCode ?? ''));
  const tasks: Task[] = [
    ...plans,
    ...apps
      .filter((a) => a.status === 'info_requested')
      .map((a) => ({
        href: paths.application(a.id),
        text: `Vul uw aanvraag aan: ${names.training(a.trainingCode)}`,
        due: a.infoRequests.find((r) => !r.answeredAt)?.dueAt,
      })),
    ...[...open.body, ...overdue.body].map((c) => ({
      href: `${paths.recognition(c.recognitionId)}#toezicht`,
      text: `Beantwoord de kwaliteitscontrole voor ${names.training(recs.find((r) => r.id === c.recognitionId)?.trainingCode ?? '')}`,
      due: c.dueOn,
    })),
    ...recs
      .filter((r) => r.renewal?.status === 'invited')
      .map((r) => ({
        href: `${paths.recognition(r.id)}#verlengen`,
        text: `Verleng uw erkenning: ${names.training(r.trainingCode)}`,
        due: r.validUntil,
      })),
    // A proposal unanswered by its date expires and frees the place.
    ...proposals.body.map((p) => ({
      href: paths.placement(p.id),
      text: `Beantwoord het voorstel van plaatsing: leerling ${p.learnerReference} (${names.training(p.trainingCode)})`,
      due: p.answerDue,
    })),
  ];
  return (
    <>
      <h2>Wat op u wacht</h2>
      <Tasks tasks={tasks} empty="Er wacht niets op u." />
      <p>
        <a class="button primary" href={paths.newApplication}>
          Nieuwe aanvraag tot erkenning
        </a>
      </p>
      <p>
        <a href={paths.mandates}>Een school machtigen</a> om voor u een aanvraag in te dienen
      </p>
      <p>
        <a href={paths.placements}>Uw plaatsingen</a>: de leerlingen per werkplek, de voorstellen en de evaluaties
      </p>
      <CompanyApplications apps={apps} names={names} />
      <CompanyRecognitions recs={recs} names={names} />
    </>
  );
}

async function partnershipStart(ctx: PageContext, res: Response, names: CatalogueNames) {
  const [reviewing, checks, renewals, changes, missed] = await Promise.all([
    call(ctx, res, ctx.api.applications.list, { query: { status: 'in_review' } }),
    call(ctx, res, ctx.api.qualityChecks.list, { query: { status: 'answered' } }),
    call(ctx, res, ctx.api.recognitions.list, { query: { renewal: 'requested' } }),
    call(ctx, res, ctx.api.recognitions.list, { query: { attention: 'change-pending' } }),
    principalOf(res).role === 'admin' ? undefined : missedConditionTasks(ctx, res, names),
  ]);
  const plans = await partnershipPlanTasks(ctx, res);
  const tasks: Task[] = [
    ...plans.review,
    ...reviewing.body.map((a) => ({
      href: paths.dossier(a.id),
      text: `Beslis over ${a.companyName} (${names.training(a.trainingCode)})`,
      due: a.decisionDue,
    })),
    ...checks.body.map((c) => ({
      href: paths.check(c.id),
      text: 'Beoordeel een kwaliteitscontrole',
      due: c.dueOn,
    })),
    // Renewals to decide: the earliest due first, so an overdue one heads the list.
    ...renewals.body.map((r) => ({
      href: paths.recognition(r.id),
      text: `Beslis over de verlenging van ${r.companyName} (${names.training(r.trainingCode)})`,
      due: r.renewal?.decisionDue,
    })),
    ...changes.body.map((r) => ({
      href: paths.recognitionAction(r.id, 'wijziging'),
      text: `Beoordeel de wijziging van ${r.companyName} (${names.training(r.trainingCode)})`,
      due: r.pendingChange?.due,
    })),
  ];
  return (
    <>
      <h2>Wat op u wacht</h2>
      <Tasks tasks={tasks} empty="Er wacht niets op u." />
      {plans.overdue.length ? (
        <>
          <h2>Verbeterplannen over tijd</h2>
          <Tasks tasks={plans.overdue} empty="" />
        </>
      ) : null}
      {missed?.tasks.length ? (
        <>
          <h2>Gemiste voorwaarden</h2>
          <Tasks tasks={missed.tasks} empty="" />
          {missed.more ? (
            <p>
              <a href={missed.more.href}>Alle {missed.more.total} erkenningen met een gemiste voorwaarde</a>
            </p>
          ) : null}
        </>
      ) : null}
      <p>
        <a href={paths.dossiers}>Alle dossiers</a> · <a href={paths.checks}>Kwaliteitstoezicht</a>
        {principalOf(res).role === 'coordinator' ? (
          <>
            {' '}
            · <a href={paths.policy}>Beleid van het partnerschap</a> (termijnen, documenten, vragen)
          </>
        ) : null}{' '}
        · <a href={paths.monitoringYear(thisYearInBrussels())}>Monitoring {thisYearInBrussels()}</a> (planlast, termijnen,
        leerplaatsen)
        {may(principalOf(res), ctx.api.personalData.find) ? (
          <>
            {' '}
            · <a href={paths.personalData}>Persoonsgegevens</a> (inzage en wissen)
          </>
        ) : null}
      </p>
    </>
  );
}

async function schoolStart(ctx: PageContext, res: Response, names: CatalogueNames) {
  const [subscriptions, mandates, { body: apps }] = await Promise.all([
    call(ctx, res, ctx.api.register.listSubscriptions),
    call(ctx, res, ctx.api.mandates.list),
    call(ctx, res, ctx.api.applications.list),
  ]);
  const { length } = subscriptions.body;
  const mandated = mandates.body.some((m) => inForce(m, todayInBrussels()));
  const subscribed = length === 1 ? '1 abonnement' : `${length} abonnementen`;
  return (
    <>
      <h2>Wat wilt u doen?</h2>
      <ul class="tasks">
        {mandated ? (
          <li>
            <a href={paths.newApplication}>Aanvraag indienen voor een onderneming</a> die uw school machtigde ·{' '}
            <a href={paths.mandates}>Uw machtigingen</a>
          </li>
        ) : null}
        <li>
          <a href={paths.register}>Nakijken of een werkplek erkend is</a> voor een opleiding, op een datum
        </li>
        <li>
          <a href={paths.registerSearch}>Een erkende werkplek zoeken</a> per opleiding en postcode, met vrije plaatsen
        </li>
        <li>
          <a href={paths.subscriptions}>Meldingen ontvangen</a> wanneer de erkenning van een onderneming verandert ({subscribed})
        </li>
        <li>
          <a href={paths.incidents}>Uw meldingen van problemen volgen</a>: hoe ver de kwaliteitscontrole staat en wat eruit kwam
        </li>
      </ul>
      {apps.length > 0 ? (
        <>
          <h2>Aanvragen die u indiende</h2>
          <ul class="tasks">
            {apps.map((a) => (
              <li key={a.id}>
                <a href={paths.application(a.id)}>
                  {names.training(a.trainingCode)} bij {a.companyName}
                </a>{' '}
                <ApplicationStatus status={a.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function startPage(router: Router, ctx: PageContext) {
  router.get(
    patterns.start,
    signedIn,
    page(async (_req, res) => {
      const principal = principalOf(res);
      const names = await catalogueNames(ctx);
      const body =
        principal.role === 'company'
          ? await companyStart(ctx, res, names)
          : principal.role === 'school'
            ? await schoolStart(ctx, res, names)
            : await partnershipStart(ctx, res, names);
      const unread = principal.role === 'company' || principal.role === 'school' ? await unreadNotices(ctx, res) : null;
      render(
        res,
        <Page title="Overzicht" {...signedInPage(res)}>
          <p class="caption">{who(principal)}</p>
          <h1>Overzicht</h1>
          {unread}
          {body}
        </Page>,
      );
    }),
  );
}
