import type { Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import { FEEDBACK_QUESTIONS } from '../../models/learner-feedback';
import type { Placement } from '../../models/placement';
import type { Evaluation } from '../../models/placement-evaluation';
import { EVALUATION_MOMENTS } from '../../models/placement-evaluation';
import { hasRun, placementActionAllowed } from '../../models/placement-status';
import {
  type PageContext,
  call,
  catalogueNames,
  forOperation,
  page,
  principalOf,
  signedInPage,
  unlessNotFound,
} from '../context';
import { longDate, longDateTime } from '../dutch';
import { FEEDBACK_QUESTION_TEXT, FEEDBACK_SCALE } from '../feedback-questions';
import { stringOf } from '../forms';
import { Button, Form, Notice, Page, Summary, Table, render } from '../layout';
import { FACT } from '../labels';
import { may } from '../may';
import { paths, patterns } from '../paths';
import { MOMENT_SEGMENT, MOMENT_TEXT, PROGRESS_TEXT } from './evaluation';
import { AGREEMENT_TYPE_TEXT, PlacementStatusTag, Workplace, activityTitles, howItEnded, idOf, placementOf } from './shared';

// A placement's own page, for its school and its company (and readable by its partnership and
// an admin): where it stands in plain Dutch, the plan, the mentor's evaluations, the learner's
// answers for the school, and what the person may do now.

const NOTICES: Record<string, (p: Placement) => string> = {
  voorgesteld: (p) =>
    `Uw voorstel is verstuurd. ${p.companyName} heeft tot ${longDateTime(p.answerDue)} om te antwoorden; tot dan houdt de werkplek een plaats vast voor uw leerling.`,
  aanvaard: (p) => `U aanvaardde de plaatsing van leerling ${p.learnerReference}. De school krijgt bericht.`,
  geweigerd: () => 'U weigerde het voorstel. De school krijgt bericht met uw reden; de plaats is weer vrij.',
  gestopt: () => 'De plaatsing is vroegtijdig beëindigd. De andere partij krijgt bericht; de plaats is weer vrij.',
  geevalueerd: () => 'De evaluatie is bewaard. De school ziet ze meteen.',
  feedback: () => 'De antwoorden van de leerling zijn bewaard.',
};

type Evaluations = Evaluation[];

function Facts(props: { p: Placement; training: string }) {
  const { p } = props;
  const rows: Array<[string, ComponentChildren]> = [
    [FACT.status, <PlacementStatusTag key="s" status={p.status} />],
    ['Leerling', p.learnerReference],
    [FACT.workplace, <Workplace key="w" p={p} />],
    [FACT.training, props.training],
    ['Soort overeenkomst', AGREEMENT_TYPE_TEXT[p.agreementType]],
    ['Begindatum', longDate(p.startsOn)],
    ['Geplande einddatum', p.endsOn ? longDate(p.endsOn) : 'Niet vastgelegd'],
  ];
  if (p.status === 'proposed') rows.push(['Antwoord van de onderneming vóór', longDateTime(p.answerDue)]);
  if (p.mentor) rows.push(['Mentor', `${p.mentor.firstName} ${p.mentor.lastName}`]);
  if (!['proposed', 'active'].includes(p.status)) rows.push(['Hoe het afliep', howItEnded(p)]);
  if (p.termination?.note) rows.push(['Toelichting', p.termination.note]);
  return <Summary rows={rows} />;
}

function EvaluationTable(props: { p: Placement; titles: Map<string, string>; evaluations: Evaluations }) {
  const { evaluations } = props;
  const progress = (moment: string, code: string) => {
    const found = evaluations.find((e) => e.moment === moment)?.activities.find((a) => a.code === code);
    return found ? PROGRESS_TEXT[found.progress] : '–';
  };
  return (
    <>
      <Table
        caption="Evaluaties van de mentor per activiteit"
        columns={['Activiteit', ...EVALUATION_MOMENTS.map((m) => MOMENT_TEXT[m])]}
      >
        {props.p.trainingPlan.activities.map((code) => (
          <tr key={code}>
            <td>{props.titles.get(code) ?? code}</td>
            {EVALUATION_MOMENTS.map((m) => (
              <td key={m}>{progress(m, code)}</td>
            ))}
          </tr>
        ))}
      </Table>
      {evaluations.length ? (
        <Summary
          rows={evaluations.map((e) => [
            `Opmerking bij de ${MOMENT_TEXT[e.moment].toLowerCase()} (${longDate(e.recordedAt)})`,
            e.comment ?? 'Geen opmerking',
          ])}
        />
      ) : (
        <p>De mentor vulde nog geen evaluatie in.</p>
      )}
    </>
  );
}

function Actions(props: { ctx: PageContext; res: Response; p: Placement; evaluations: Evaluations }) {
  const { p, res } = props;
  const { placements } = props.ctx.api;
  const principal = principalOf(res);
  const can = (action: 'accept' | 'decline' | 'end' | 'terminate') =>
    may(principal, placements[action]) && placementActionAllowed(action, p.status);
  const links: Array<[string, string]> = [];
  if (can('accept')) links.push([paths.placementAction(p.id, 'aanvaarden'), 'Voorstel aanvaarden en een mentor kiezen']);
  if (can('decline')) links.push([paths.placementAction(p.id, 'weigeren'), 'Voorstel weigeren']);
  if (can('end')) links.push([paths.endPlacement(p.id), p.status === 'proposed' ? 'Voorstel intrekken' : 'Plaatsing beëindigen']);
  if (can('terminate'))
    links.push([paths.placementAction(p.id, 'vroegtijdig-beeindigen'), 'Vroegtijdig beëindigen met een reden']);
  if (may(principal, placements.evaluations.record) && hasRun(p.status)) {
    for (const moment of EVALUATION_MOMENTS) {
      const done = props.evaluations.some((e) => e.moment === moment);
      links.push([
        paths.placementEvaluation(p.id, MOMENT_SEGMENT[moment]),
        `${MOMENT_TEXT[moment]} ${done ? 'aanpassen' : 'invullen'}`,
      ]);
    }
  }
  if (!links.length) return null;
  return (
    <>
      <h2>Wat u nu kunt doen</h2>
      <ul class="tasks">
        {links.map(([href, text]) => (
          <li key={href}>
            <a href={href}>{text}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The learner's answers for the school, or the two ways to ask them. */
function LearnerVoice(props: {
  res: Response;
  p: Placement;
  answer?: { answers: Record<string, number>; comment?: string; at: string };
}) {
  const { p, answer } = props;
  if (answer)
    return (
      <>
        <h2>Feedback van de leerling</h2>
        <p>Beantwoord op {longDate(answer.at)}.</p>
        <Summary
          rows={[
            ...FEEDBACK_QUESTIONS.map((q): [string, string] => [
              FEEDBACK_QUESTION_TEXT[q],
              FEEDBACK_SCALE[answer.answers[q]! - 1]!,
            ]),
            ['Opmerking', answer.comment ?? 'Geen opmerking'],
          ]}
        />
      </>
    );
  return (
    <>
      <h2>Feedback van de leerling</h2>
      <p>
        Vijf korte vragen over de werkplek, één keer per plaatsing. De onderneming ziet nooit één antwoord, alleen het gemiddelde
        vanaf drie leerlingen.
      </p>
      <p>
        <a href={paths.placementAction(p.id, 'feedback')}>De vragen samen met de leerling invullen</a>
      </p>
      <Form action={paths.placementAction(p.id, 'feedbacklink')} csrf={props.res.locals.csrf}>
        <Button kind="secondary">Een eenmalige link voor de leerling maken</Button>
      </Form>
    </>
  );
}

async function learnerAnswer(ctx: PageContext, res: Response, p: Placement) {
  if (!may(principalOf(res), ctx.api.placements.learnerFeedback.ownAnswer) || !hasRun(p.status)) return undefined;
  const answer = call(ctx, res, ctx.api.placements.learnerFeedback.ownAnswer, { params: { id: p.id } });
  return unlessNotFound(
    answer.then((a) => a.body),
    null,
  );
}

/** Back to the party's own placements; a partnership and an admin read them per recognition. */
const backFrom = (role: string, p: Placement) =>
  role === 'school' || role === 'company'
    ? { href: paths.placements, text: 'Naar alle plaatsingen' }
    : { href: paths.recognition(p.recognitionId), text: 'Naar de erkenning' };

export function placementPage(router: Router, ctx: PageContext) {
  router.get(
    patterns.placement,
    forOperation(ctx.api.placements.get),
    page(async (req, res) => {
      const p = await placementOf(ctx, res, idOf(req));
      const [names, titles, evaluations, answer] = await Promise.all([
        catalogueNames(ctx),
        activityTitles(ctx, p.trainingCode),
        hasRun(p.status)
          ? call(ctx, res, ctx.api.placements.evaluations.list, { params: { id: p.id } }).then((a) => a.body)
          : Promise.resolve([]),
        learnerAnswer(ctx, res, p),
      ]);
      const training = names.training(p.trainingCode);
      const notice = NOTICES[stringOf(req.query.gelukt)];
      render(
        res,
        <Page
          title={`Plaatsing van leerling ${p.learnerReference}`}
          {...signedInPage(res)}
          back={backFrom(principalOf(res).role, p)}
        >
          <p class="caption">
            {p.companyName} – {training}
          </p>
          <h1>Plaatsing van leerling {p.learnerReference}</h1>
          <Notice text={notice?.(p)} />
          <Facts p={p} training={training} />
          <Actions ctx={ctx} res={res} p={p} evaluations={evaluations} />
          <h2>Activiteiten op de werkplek</h2>
          <ul>
            {p.trainingPlan.activities.map((code) => (
              <li key={code}>{titles.get(code) ?? code}</li>
            ))}
          </ul>
          {hasRun(p.status) ? (
            <>
              <h2>Evaluaties van de mentor</h2>
              <EvaluationTable p={p} titles={titles} evaluations={evaluations} />
            </>
          ) : null}
          {answer !== undefined ? <LearnerVoice res={res} p={p} answer={answer ?? undefined} /> : null}
        </Page>,
      );
    }),
  );
}
