import type { Request, Response, Router } from 'express';
import type { RecognitionDetail } from '../../api/recognition-detail';
import type { Operation } from '../../api/routes';
import { answersInput } from '../../models/quality-check';
import { isLiveRecognitionStatus, reinstatementInput, suspensionInput } from '../../models/recognition';
import type { AnyCheck } from '../check-views';
import {
  type CatalogueNames,
  type PageContext,
  call,
  catalogueNames,
  forOperation,
  page,
  principalOf,
  signedIn,
} from '../context';
import { type FormErrors, type FormValues, formInput, formValues, refusal } from '../forms';
import { Notice, Page, RecognitionStatus, render } from '../layout';
import { patterns } from '../paths';
import { Supervision, answerLabels, pendingForCompany } from './checks';
import { Changes } from './changes';
import { Conditions, Ending, Mentors, PartnershipActions, Renewal, RecognitionSummary } from './recognition-view';
import { Timeline } from './timeline';
import { ImprovementPlans, type PlansOfRecognition, plansOf } from './improvement-plan';
import { PlacementsSection, type PlacementsOfRecognition, placementsOf } from './placements-section';
import { FORM_LABELS, type Powers, idOf, noticeOf, powersOf, recognitionOf, recognitionWith, trainingTitle } from './shared';
import { TO_START } from '../labels';
import { CertificateLink } from '../public';

// A recognition as its company, its partnership and an admin see it, with what each may do to
// it there: answer a quality check, renew, suspend or reinstate.

/** A form posted to the recognition page and refused: shown again with its values and messages. */
interface Refused {
  form: 'answers' | 'suspend' | 'reinstate' | 'renew';
  values: FormValues;
  errors: FormErrors;
  status: number;
}

interface Loaded {
  recognition: RecognitionDetail;
  checks: AnyCheck[];
  names: CatalogueNames;
  /** For those who may read the workplace's figures. */
  placements?: PlacementsOfRecognition;
  plans: PlansOfRecognition;
}

async function load(ctx: PageContext, res: Response, id: string): Promise<Loaded> {
  // The API decides who may read it: another tenant, or a role without access, gets its 404/403.
  const [recognition, checks, names] = await Promise.all([
    recognitionOf(ctx, res, id),
    call(ctx, res, ctx.api.qualityChecks.list, { query: { recognitionId: id } }),
    catalogueNames(ctx),
  ]);
  const [placements, plans] = await Promise.all([placementsOf(ctx, res, id), plansOf(ctx, res, recognition)]);
  return { recognition, checks: checks.body, names, placements, plans };
}

function RecognitionPage(props: { loaded: Loaded; powers: Powers; req: Request; res: Response; refused?: Refused }) {
  const { loaded, powers, refused } = props;
  const principal = principalOf(props.res);
  const csrf = props.res.locals.csrf as string | undefined;
  const { recognition: r, names } = loaded;
  const title = `Erkenning ${trainingTitle(r, names)}`;
  const labels = { ...FORM_LABELS, ...answerLabels(pendingForCompany(loaded.checks)[0]) };
  const live = isLiveRecognitionStatus(r.status);
  const action = refused?.form === 'suspend' || refused?.form === 'reinstate' ? { ...refused, form: refused.form } : undefined;
  return (
    <Page title={title} principal={principal} csrf={csrf} errors={refused?.errors} labels={labels} back={TO_START}>
      <Notice text={refused ? undefined : noticeOf(props.req)} />
      <p class="caption">{r.companyName}</p>
      <h1>
        {title} <RecognitionStatus status={r.status} />
      </h1>
      {r.attention ? <p class="lead">Deze erkenning wacht even op een beheerder; wat u al deed, is bewaard.</p> : null}
      <RecognitionSummary recognition={r} names={names} />
      <CertificateLink recognitionId={r.id} principal={principal} />
      <Changes recognition={r} change={powers.change} decide={powers.decideChange} />
      <Conditions recognition={r} changeMentors={powers.changeMentors} />
      <Supervision
        recognitionId={r.id}
        checks={loaded.checks}
        powers={powers}
        csrf={csrf}
        refused={refused?.form === 'answers' ? refused : undefined}
      />
      <ImprovementPlans {...loaded.plans} />
      {powers.renew ? <Renewal recognition={r} names={names} csrf={csrf} /> : null}
      <Mentors recognition={r} changeMentors={powers.changeMentors} />
      {loaded.placements ? <PlacementsSection {...loaded.placements} /> : null}
      {powers.decide ? <PartnershipActions recognition={r} csrf={csrf} refused={action} /> : null}
      <Timeline timeline={r.timeline} />
      {powers.terminate && live ? <Ending recognition={r} /> : null}
    </Page>
  );
}

async function showRecognition(ctx: PageContext, req: Request, res: Response, refused?: Refused) {
  const loaded = await load(ctx, res, idOf(req));
  const powers = powersOf(ctx, principalOf(res));
  render(res, <RecognitionPage loaded={loaded} powers={powers} req={req} res={res} refused={refused} />, refused?.status);
}

/** Sends a form's input to an API operation and answers where to go next, the recognition with a notice. */
type Send = (req: Request, res: Response, values: FormValues) => Promise<string>;
/** The operation's messages as the form says them. */
type Messages = (errors: FormErrors) => FormErrors;

/** A form posted on the recognition's page: sent, then to where `send` says; a refusal shows the page again. */
function recognitionAction(ctx: PageContext, form: Refused['form'], send: Send, messages: Messages = (errors) => errors) {
  return page(async (req, res) => {
    const values = formValues(req.body);
    try {
      res.redirect(303, await send(req, res, values));
    } catch (error) {
      const refused = refusal(error);
      await showRecognition(ctx, req, res, { form, values, errors: messages(refused.errors), status: refused.status });
    }
  });
}

/** A radio left empty says so plainly. */
function withChoiceMessages(errors: FormErrors): FormErrors {
  const fields = Object.fromEntries(
    Object.entries(errors.fields).map(([path, message]) => [
      path,
      path.endsWith('.ok') && message === 'Vul dit in.' ? 'Kies ja of nee.' : message,
    ]),
  );
  return { ...errors, fields };
}

export function recognitionPage(router: Router, ctx: PageContext) {
  const { recognitions, qualityChecks } = ctx.api;
  const post = (pattern: string, operation: Operation, form: Refused['form'], send: Send, messages?: Messages) =>
    router.post(pattern, forOperation(operation), recognitionAction(ctx, form, send, messages));

  router.get(
    patterns.recognition,
    signedIn,
    page((req, res) => showRecognition(ctx, req, res)),
  );

  post(
    patterns.recognitionCheckAnswer,
    qualityChecks.answer,
    'answers',
    async (req, res, values) => {
      const answered = await call(ctx, res, qualityChecks.answer, {
        params: { id: idOf(req, 'checkId') },
        body: formInput(answersInput, values),
      });
      const closed = answered.body.status === 'closed';
      return recognitionWith(idOf(req), closed ? 'afgesloten' : 'beantwoord', 'toezicht');
    },
    withChoiceMessages,
  );

  post(patterns.recognitionAction('verlengen'), recognitions.renew, 'renew', async (req, res) => {
    const renewed = await call(ctx, res, recognitions.renew, { params: { id: idOf(req) }, body: { unchanged: true } });
    const status = renewed.body.renewal?.status;
    return recognitionWith(idOf(req), status === 'approved' ? 'verlengd' : 'verlenging-gevraagd', 'verlengen');
  });

  post(patterns.recognitionAction('schorsen'), recognitions.suspend, 'suspend', async (req, res, values) => {
    await call(ctx, res, recognitions.suspend, { params: { id: idOf(req) }, body: formInput(suspensionInput, values) });
    return recognitionWith(idOf(req), 'geschorst');
  });

  post(patterns.recognitionAction('opheffen'), recognitions.reinstate, 'reinstate', async (req, res, values) => {
    await call(ctx, res, recognitions.reinstate, { params: { id: idOf(req) }, body: formInput(reinstatementInput, values) });
    return recognitionWith(idOf(req), 'hersteld');
  });
}
