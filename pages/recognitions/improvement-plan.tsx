import type { Request, Response, Router } from 'express';
import { actionResponseInput, actionReviewInput } from '../../models/improvement-plan';
import { type ImprovementAction, type ImprovementPlan, actionOpen } from '../../models/improvement-plan-rules';
import type { UploadedDocument } from '../../models/document';
import { type PageContext, call, forOperation, page, principalOf, signedIn, unlessNotFound } from '../context';
import { ACTION_STATUS_TEXT, PLAN_STATUS_TEXT, longDate, longDateTime } from '../dutch';
import { type FormErrors, type FormValues, fieldsOf, formInput, formValues, refusal } from '../forms';
import { Button, Form, Page, Radios, Tag, TextArea, render } from '../layout';
import { may } from '../may';
import { paths, patterns } from '../paths';
import type { Principal } from '../../platform/auth';
import { idOf } from './shared';

// A recognition's improvement plans: each action with its date, the company's answers and the
// reviewer's word. The company answers an open action (a message and documents it uploaded); a
// reviewer marks an action done or not. Shown on the recognition's page, and on a page of its
// own that a refused form comes back to.

type Form = 'response' | 'review';

/** A refused form of one action: shown again with its values and messages. */
export interface RefusedAction {
  n: number;
  form: Form;
  values: FormValues;
  errors: FormErrors;
}

export interface PlansOfRecognition {
  plans: ImprovementPlan[];
  /** The company's uploads it may attach to an answer. */
  documents: UploadedDocument[];
  respond: boolean;
  review: boolean;
  csrf?: string;
}

export const PLAN_LABELS: Record<string, string> = {
  message: 'Uw antwoord',
  outcome: 'Uw beoordeling',
  note: 'Toelichting voor de onderneming',
};

/** The recognition's plans and what the reader may do with them. */
export async function plansOf(
  ctx: PageContext,
  res: Response,
  recognition: { id: string; applicationId?: string },
): Promise<PlansOfRecognition> {
  const principal = principalOf(res);
  const { improvementPlans } = ctx.api;
  const respond = may(principal, improvementPlans.respond);
  const review = may(principal, improvementPlans.review);
  if (!may(principal, improvementPlans.list)) return { plans: [], documents: [], respond, review };
  const [plans, documents] = await Promise.all([
    call(ctx, res, improvementPlans.list, { query: { recognitionId: recognition.id, limit: '20' } }),
    respond && recognition.applicationId
      ? // A recognition taken over by the import, or whose application was erased, has no uploads to offer.
        unlessNotFound(
          call(ctx, res, ctx.api.documents.list, { params: { id: recognition.applicationId } }).then((r) => r.body),
          [],
        )
      : [],
  ]);
  return { plans: plans.body, documents, respond, review, csrf: res.locals.csrf };
}

function ResponseForm(props: {
  plan: ImprovementPlan;
  action: ImprovementAction;
  documents: UploadedDocument[];
  csrf?: string;
  refused?: RefusedAction;
}) {
  const { plan, action } = props;
  const field = fieldsOf(props.refused);
  const prefix = `actie-${action.n}`;
  return (
    <Form action={paths.improvementResponse(plan.id, action.n)} csrf={props.csrf}>
      <TextArea {...field} name="message" label={`Uw antwoord op actie ${action.n}`} rows={3} />
      {props.documents.length ? (
        <fieldset class="field">
          <legend>Documenten bij uw antwoord (niet verplicht)</legend>
          {props.documents.map((d, i) => (
            <div class="checkbox" key={d.id}>
              <input type="checkbox" id={`${prefix}-document-${i}`} name={`documentIds.${i}`} value={d.id} />
              <label for={`${prefix}-document-${i}`}>{d.name}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <Button>Antwoord versturen</Button>
    </Form>
  );
}

function ReviewForm(props: { plan: ImprovementPlan; action: ImprovementAction; csrf?: string; refused?: RefusedAction }) {
  const { plan, action } = props;
  const field = fieldsOf(props.refused);
  return (
    <Form action={paths.improvementReview(plan.id, action.n)} csrf={props.csrf}>
      <Radios
        {...field}
        name="outcome"
        label={`Is actie ${action.n} uitgevoerd?`}
        options={[
          { value: 'done', text: 'Ja, uitgevoerd' },
          { value: 'not-done', text: 'Nee, niet uitgevoerd', hint: 'De onderneming beantwoordt de actie opnieuw.' },
        ]}
      />
      <TextArea {...field} name="note" label="Toelichting voor de onderneming (niet verplicht)" rows={2} />
      <Button kind="secondary">Beoordeling bewaren</Button>
    </Form>
  );
}

function Action(
  props: { plan: ImprovementPlan; action: ImprovementAction } & Omit<PlansOfRecognition, 'plans'> & { refused?: RefusedAction },
) {
  const { plan, action } = props;
  const refused = props.refused?.n === action.n ? props.refused : undefined;
  const open = actionOpen(action) && plan.status !== 'done';
  return (
    <li>
      <h3>
        Actie {action.n}: {action.description}
      </h3>
      <p>
        Uiterlijk op {longDate(action.dueOn)} ·{' '}
        <Tag tone={action.status === 'done' ? 'green' : action.status === 'not-done' ? 'red' : 'yellow'}>
          {ACTION_STATUS_TEXT[action.status]}
        </Tag>
      </p>
      {action.responses.map((r) => (
        <p key={r.at}>
          Antwoord van {longDateTime(r.at)}: {r.message}
          {r.documentIds?.length ? ` (${r.documentIds.length === 1 ? '1 document' : `${r.documentIds.length} documenten`})` : ''}
        </p>
      ))}
      {action.review ? (
        <p>
          Beoordeeld op {longDateTime(action.review.at)}: {action.review.outcome === 'done' ? 'uitgevoerd' : 'niet uitgevoerd'}
          {action.review.note ? ` – ${action.review.note}` : ''}
        </p>
      ) : null}
      {open && props.respond && action.status !== 'answered' ? (
        <ResponseForm
          plan={plan}
          action={action}
          documents={props.documents}
          csrf={props.csrf}
          refused={refused?.form === 'response' ? refused : undefined}
        />
      ) : null}
      {open && props.review ? (
        <ReviewForm plan={plan} action={action} csrf={props.csrf} refused={refused?.form === 'review' ? refused : undefined} />
      ) : null}
    </li>
  );
}

/** The recognition's improvement plans, newest first; nothing when it has none. */
export function ImprovementPlans(props: PlansOfRecognition & { refused?: RefusedAction }) {
  if (props.plans.length === 0) return null;
  return (
    <section aria-labelledby="verbeterplan">
      <h2 id="verbeterplan">Verbeterplan</h2>
      {props.plans.map((plan) => (
        <div key={plan.id}>
          <p>
            Geopend op {longDate(plan.openedAt)} ·{' '}
            <Tag tone={plan.status === 'done' ? 'green' : plan.status === 'overdue' ? 'red' : 'blue'}>
              {PLAN_STATUS_TEXT[plan.status]}
            </Tag>
            {plan.settledAt ? ` · afgerond op ${longDate(plan.settledAt)}` : ''}
          </p>
          <ol class="tasks">
            {plan.actions.map((action) => (
              <Action key={action.n} {...props} plan={plan} action={action} />
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}

async function showPlan(ctx: PageContext, req: Request, res: Response, refused?: RefusedAction & { status: number }) {
  const plan = (await call(ctx, res, ctx.api.improvementPlans.get, { params: { id: idOf(req) } })).body;
  const recognition = (await call(ctx, res, ctx.api.recognitions.get, { params: { id: plan.recognitionId } })).body;
  const loaded = await plansOf(ctx, res, recognition);
  const principal: Principal = principalOf(res);
  render(
    res,
    <Page
      title="Verbeterplan"
      principal={principal}
      csrf={res.locals.csrf}
      errors={refused?.errors}
      labels={PLAN_LABELS}
      back={{ href: paths.recognition(plan.recognitionId), text: 'Terug naar de erkenning' }}
    >
      <p class="caption">{recognition.companyName}</p>
      <h1>Verbeterplan</h1>
      <ImprovementPlans {...loaded} plans={[plan]} refused={refused} />
    </Page>,
    refused?.status,
  );
}

export function improvementPlanPages(router: Router, ctx: PageContext) {
  const { improvementPlans } = ctx.api;
  router.get(
    patterns.improvementPlan,
    signedIn,
    page((req, res) => showPlan(ctx, req, res)),
  );

  const post = (
    pattern: string,
    form: Form,
    send: (req: Request, res: Response, values: FormValues) => Promise<ImprovementPlan>,
  ) =>
    router.post(
      pattern,
      forOperation(form === 'response' ? improvementPlans.respond : improvementPlans.review),
      page(async (req, res) => {
        const values = formValues(req.body);
        try {
          const plan = await send(req, res, values);
          res.redirect(303, `${paths.recognition(plan.recognitionId)}#verbeterplan`);
        } catch (error) {
          const { errors, status } = refusal(error);
          await showPlan(ctx, req, res, { n: Number(req.params.n), form, values, errors, status });
        }
      }),
    );

  const params = (req: Request) => ({ id: idOf(req), n: String(req.params.n) });
  post(patterns.improvementResponse, 'response', async (req, res, values) => {
    const input = formInput(actionResponseInput, values);
    return (await call(ctx, res, improvementPlans.respond, { params: params(req), body: input })).body;
  });
  post(patterns.improvementReview, 'review', async (req, res, values) => {
    const input = formInput(actionReviewInput, values);
    return (await call(ctx, res, improvementPlans.review, { params: params(req), body: input })).body;
  });
}
