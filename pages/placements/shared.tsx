import type { Request, Response, Router } from 'express';
import type { ZodType } from 'zod';
import type { ComponentChildren } from 'preact';
import type { Operation } from '../../api/routes';
import type { Placement } from '../../models/placement';
import type { PlacementStatus, TerminationReason } from '../../models/placement-status';
import { TERMINATION_REASON_TEXT } from '../../models/placement-notices';
import { type CatalogueNames, type PageContext, call, catalogueNames, forOperation, page, signedInPage } from '../context';
import { longDate, longDateTime } from '../dutch';
import { type FieldState, type FormErrors, type FormValues, formInput, formValues, refusal } from '../forms';
import { Page, RecognitionStatus, Tag, render } from '../layout';
import { LEARNER_REFERENCE } from '../labels';
import { paths } from '../paths';

// What the placement pages share: the Dutch of a placement's statuses and choices, the frame of
// a page about one placement, and how a form about it is shown, sent and shown again.

/** The labels of the placement forms' fields by their API paths, for the error summary. */
export const LABELS: Record<string, string> = {
  learnerReference: LEARNER_REFERENCE.label,
  agreementType: 'Soort overeenkomst',
  startsOn: 'Begindatum',
  endsOn: 'Geplande einddatum',
  endedOn: 'Einddatum',
  recognitionId: 'Erkenning',
  'trainingPlan.activities': 'Activiteiten op de werkplek',
  mentor: 'Mentor',
  reason: 'Reden',
  note: 'Toelichting',
  comment: 'Opmerking',
};

export const STATUS_TEXT: Record<PlacementStatus, string> = {
  proposed: 'Wacht op antwoord',
  active: 'Lopend',
  declined: 'Geweigerd',
  expired: 'Vervallen',
  ended: 'Beëindigd',
  terminated: 'Vroegtijdig beëindigd',
};

const STATUS_TONE: Record<PlacementStatus, 'green' | 'red' | 'yellow' | 'grey' | 'blue'> = {
  proposed: 'yellow',
  active: 'green',
  declined: 'red',
  expired: 'grey',
  ended: 'grey',
  terminated: 'red',
};

export const PlacementStatusTag = (props: { status: PlacementStatus }) => (
  <Tag tone={STATUS_TONE[props.status]}>{STATUS_TEXT[props.status]}</Tag>
);

export const AGREEMENT_TYPE_TEXT: Record<Placement['agreementType'], string> = {
  dual: 'Duaal leren',
  internship: 'Stage',
  other: 'Andere',
};

/** A reason to end early as a choice reads: its sentence from the notices, capitalised. */
export const reasonText = (reason: TerminationReason) => {
  const text = TERMINATION_REASON_TEXT[reason];
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** How a placement that no longer holds a place ended, in a line. */
export function howItEnded(p: Placement): string {
  switch (p.status) {
    case 'declined':
      return `Geweigerd door de onderneming: ${p.declineReason ?? ''}`;
    case 'expired':
      return `Vervallen: geen antwoord vóór ${longDate(p.answerDue)}`;
    case 'terminated':
      return `Vroegtijdig beëindigd op ${longDate(p.endedOn)} door ${p.termination?.by === 'company' ? 'de onderneming' : 'de school'}: ${p.termination ? TERMINATION_REASON_TEXT[p.termination.reason] : ''}`;
    default:
      // Ended before the company answered: the school withdrew its proposal.
      return `${p.answeredAt ? 'Beëindigd' : 'Voorstel ingetrokken'} op ${longDate(p.endedOn)}`;
  }
}

/** What stands after the start of a placement: its answer date, its (planned) end or how it ended. */
export function PlacementEnd(props: { p: Placement }) {
  const { p } = props;
  if (p.status === 'proposed') return <>antwoord vóór {longDateTime(p.answerDue)}</>;
  if (p.status === 'active') return <>{p.endsOn ? `gepland ${longDate(p.endsOn)}` : '–'}</>;
  return <>{howItEnded(p)}</>;
}

/** The workplace, marked when its recognition is no longer in force (suspended, withdrawn, ended). */
export function Workplace(props: { p: Placement }) {
  const { p } = props;
  const atRisk = !!p.recognitionStatus && p.recognitionStatus !== 'active' && p.status === 'active';
  return (
    <>
      {p.companyName}
      {atRisk ? (
        <>
          {' '}
          <RecognitionStatus status={p.recognitionStatus!} />
        </>
      ) : null}
    </>
  );
}

export const idOf = (req: Request) => String(req.params.id);

export async function placementOf(ctx: PageContext, res: Response, id: string): Promise<Placement> {
  return (await call(ctx, res, ctx.api.placements.get, { params: { id } })).body;
}

/** The titles of a training's activities by code (a code the catalogue no longer knows reads as itself). */
export async function activityTitles(ctx: PageContext, trainingCode: string): Promise<Map<string, string>> {
  const { body } = await ctx.routes.invoke(undefined, ctx.api.catalogue.getTraining, { params: { code: trainingCode } });
  return new Map((body.activities ?? []).map((a) => [a.code, a.title]));
}

/** A page about one placement, with the way back to it. */
export function PlacementFrame(props: {
  res: Response;
  p: Placement;
  names: CatalogueNames;
  title: string;
  errors?: FormErrors;
  labels?: Record<string, string>;
  children: ComponentChildren;
}) {
  const { p } = props;
  return (
    <Page
      title={props.title}
      {...signedInPage(props.res)}
      errors={props.errors}
      labels={props.labels ?? LABELS}
      back={{ href: paths.placement(p.id), text: 'Terug naar de plaatsing' }}
    >
      <p class="caption">
        Leerling {p.learnerReference} – {p.companyName} – {props.names.training(p.trainingCode)}
      </p>
      <h1>{props.title}</h1>
      {props.children}
    </Page>
  );
}

/** The refusal with a choice's own words where the person chose nothing (radios, checkboxes). */
export function askedToChoose(errors: FormErrors, values: FormValues, choose: Record<string, string> = {}): FormErrors {
  const fields = Object.fromEntries(
    Object.entries(errors.fields).map(([path, text]) => [path, choose[path] && !values[path] ? choose[path] : text]),
  );
  return { ...errors, fields };
}

/** A form shown again after a refusal: its values and messages, and the page's status. */
export interface Shown extends FieldState {
  status?: number;
}

/** One form about a placement on a page of its own. */
export interface PlacementForm {
  title: string | ((p: Placement) => string);
  operation: Operation;
  /** The form's first values, from the placement (sensible defaults, what was recorded). */
  defaults: (p: Placement, req: Request, res: Response) => FormValues | Promise<FormValues>;
  body: (p: Placement, field: FieldState, req: Request, res: Response) => ComponentChildren | Promise<ComponentChildren>;
  /** The operation's body schema: the form's values are sent as it (unless `send` says otherwise). */
  input?: ZodType;
  send?: (p: Placement, values: FormValues, req: Request, res: Response) => Promise<unknown>;
  /** The notice on the placement's page afterwards. */
  notice: string;
  /** Words of this form for a conflict (the placement's status changed meanwhile). */
  conflict?: string;
  /** The fields' labels for the error summary, when they depend on the placement (default: LABELS). */
  labels?: (p: Placement) => Record<string, string> | Promise<Record<string, string>>;
  /** What to say beside a choice left open, by its field (the API's words are for any field). */
  choose?: Record<string, string>;
  /** Where to go afterwards (default: the placement's page with the notice). */
  redirect?: (p: Placement) => string;
}

/**
 * Registers a form about a placement, for those its operation allows: GET shows it pre-filled,
 * POST sends it and returns to the placement with a notice; a refusal shows it again with the
 * values and each message beside its field.
 */
export function placementForm(router: Router, ctx: PageContext, pattern: string, form: PlacementForm) {
  const show = async (req: Request, res: Response, p: Placement, shown: Shown) => {
    const names = await catalogueNames(ctx);
    const field = { values: shown.values, errors: shown.errors };
    const body = await form.body(p, field, req, res);
    const title = typeof form.title === 'string' ? form.title : form.title(p);
    render(
      res,
      <PlacementFrame res={res} p={p} names={names} title={title} errors={shown.errors} labels={await form.labels?.(p)}>
        {body}
      </PlacementFrame>,
      shown.status,
    );
  };
  router.get(
    pattern,
    forOperation(form.operation),
    page(async (req, res) => {
      const p = await placementOf(ctx, res, idOf(req));
      await show(req, res, p, { values: await form.defaults(p, req, res) });
    }),
  );
  router.post(
    pattern,
    forOperation(form.operation),
    page(async (req, res) => {
      const p = await placementOf(ctx, res, idOf(req));
      const values = formValues(req.body);
      try {
        await (form.send?.(p, values, req, res) ??
          call(ctx, res, form.operation, { params: { id: p.id }, body: formInput(form.input!, values) }));
      } catch (error) {
        const refused = refusal(error, form.conflict);
        return show(req, res, p, { values, status: refused.status, errors: askedToChoose(refused.errors, values, form.choose) });
      }
      res.redirect(303, form.redirect?.(p) ?? `${paths.placement(p.id)}?gelukt=${form.notice}`);
    }),
  );
}
