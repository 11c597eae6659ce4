import type { Request, Response, Router } from 'express';
import { Problem } from '../../api/problem';
import { applicationInput } from '../../models/application';
import type { Company } from '../../models/company';
import { type PageContext, call, catalogueNames, forOperation, page, principalOf } from '../context';
import { type FormValues, formInput } from '../forms';
import { fieldId } from '../layout';
import { mentorCount } from '../mentor-fields';
import { paths, patterns } from '../paths';
import { tooManyDraftsText } from '../dutch';
import { showCheck, submissionErrors } from './check-page';
import {
  DRAFT,
  type Draft,
  SUBMITTED,
  answered,
  checkAnswers,
  compactMentors,
  draftOf,
  firstOpen,
  keptAnswers,
  newDraft,
  nextPath,
  postedAnswers,
  refusedOn,
  valuesOf,
  withAddress,
} from './draft';
import { kboCompany, withKbo } from './kbo';
import { showStart, showStep } from './step-page';
import { MAX_MENTORS, STEPS, type Step, stepOf } from './steps';

// Applying for recognition in short steps, each its own page and checked when posted with the
// API's own zod rules and eligibility functions; the answers wait in the session's draft until
// the company checks them and submits. The submission carries an Idempotency-Key kept in the
// draft, so a double click files one dossier. With JavaScript, pages/static/live-check.js asks
// the same checks of each step as it is filled in (`…/:step/controle`), without saving.

function stepFor(req: Request): Step {
  const step = STEPS.find((s) => s.id === req.params.step);
  if (!step) throw new Problem(404, 'Not Found', req.path);
  return step;
}

/** Files the draft; a refusal reopens the steps it names and shows the check page with it. */
async function submit(ctx: PageContext, res: Response, draft: Draft) {
  const session = res.locals.session!;
  let id: string;
  try {
    const reply = await call(ctx, res, ctx.api.applications.create, {
      body: formInput(applicationInput, valuesOf(draft, principalOf(res))),
      headers: { 'Idempotency-Key': draft.key },
    });
    id = reply.body.id;
  } catch (error) {
    const errors = submissionErrors(error);
    if (!errors) throw error;
    const refused = Object.entries(errors.fields).map(([path, message]) => ({ path, message }));
    const reopened = new Set(refused.map((r) => stepOf(r.path)?.id));
    await ctx.sessions.saveDraft(session, DRAFT, {
      ...draft,
      refused,
      done: draft.done.filter((step) => !reopened.has(step)),
    });
    const status = error instanceof Problem && error.status === 409 ? 409 : 400;
    return showCheck(ctx, res, draft, await catalogueNames(ctx), errors, status);
  }
  await ctx.sessions.saveDraft(session, SUBMITTED, { key: draft.key, id });
  await ctx.sessions.saveDraft(session, DRAFT, undefined);
  res.redirect(303, `${paths.application(id)}?gelukt=ingediend`);
}

/** A step posted: its answers kept in the draft and checked; on to the next open step, or the step again with what is wrong. */
async function answerStep(ctx: PageContext, req: Request, res: Response) {
  const step = stepFor(req);
  const principal = principalOf(res);
  const draft = draftOf(res) ?? newDraft();
  let posted = keptAnswers(step, draft, postedAnswers(step, req.body, principal), principal);
  const adding = step.id === 'mentoren' && req.body._actie === 'mentor-toevoegen';
  if (step.id === 'mentoren' && !adding) posted = compactMentors(posted).values;
  const session = res.locals.session!;
  if (!ctx.sessions.takesDraft(session, DRAFT)) {
    // A session at its cap of drafts starts no application: said at the top, the answers kept.
    const values = valuesOf(answered(draft, step, posted), principal);
    const general = tooManyDraftsText(ctx.sessions.draftsCap);
    return showStep(res, step, await catalogueNames(ctx), values, draft, { fields: {}, general }, 409);
  }
  if (step.id === 'onderneming' && req.body._actie === 'opzoeken') {
    // A school looks the enterprise up: what was typed is kept, unchecked, and the step shows what the KBO knows.
    await ctx.sessions.saveDraft(session, DRAFT, answered(draft, step, posted));
    return res.redirect(303, `${paths.newApplicationStep(step.id)}#${fieldId('enterpriseNumber')}`);
  }
  let kbo: Company | undefined;
  let address: FormValues | undefined;
  if (step.id === 'onderneming') {
    kbo = await kboCompany(ctx, res, valuesOf(answered(draft, step, posted), principal));
    if (kbo) ({ posted, address } = withKbo(kbo, posted));
  }
  let next = answered(draft, step, posted);
  if (step.id === 'onderneming') next = withAddress(next, valuesOf(draft, principal), address);
  if (adding) {
    // What was typed is kept, unchecked, and an empty mentor is added below it.
    next.mentors = Math.min(MAX_MENTORS, Math.max(draft.mentors, mentorCount(posted)) + 1);
    await ctx.sessions.saveDraft(session, DRAFT, next);
    return res.redirect(303, `${paths.newApplicationStep(step.id)}#mentor-${next.mentors}`);
  }
  if (step.id === 'mentoren') next.mentors = Math.max(1, mentorCount(posted));
  const names = await catalogueNames(ctx);
  const values = valuesOf(next, principal);
  const errors = checkAnswers(step, values, names, kbo);
  await ctx.sessions.saveDraft(session, DRAFT, errors ? next : { ...next, done: [...next.done, step.id] });
  if (errors) return showStep(res, step, names, values, next, errors, 400, kbo);
  res.redirect(303, nextPath(draftOf(res)));
}

/**
 * The step's checks as its POST makes them, for the script that shows them while the form is
 * filled in; nothing is saved. The answer names fields as the form posted them.
 */
async function liveCheck(ctx: PageContext, req: Request, res: Response) {
  const step = stepFor(req);
  const principal = principalOf(res);
  const draft = draftOf(res) ?? newDraft();
  let posted = keptAnswers(step, draft, postedAnswers(step, req.body, principal), principal);
  const kbo =
    step.id === 'onderneming' ? await kboCompany(ctx, res, valuesOf(answered(draft, step, posted), principal)) : undefined;
  if (kbo) posted = withKbo(kbo, posted).posted;
  const { values: answers, typedAs } = step.id === 'mentoren' ? compactMentors(posted) : { values: posted, typedAs: [] };
  const values = valuesOf(answered(draft, step, answers), principal);
  const errors = checkAnswers(step, values, await catalogueNames(ctx), kbo);
  const asTyped = (path: string) =>
    path.replace(/^mentors\.(\d+)(?=\.|$)/, (whole, n: string) => {
      const typed = typedAs[Number(n)];
      return typed === undefined ? whole : `mentors.${typed}`;
    });
  res.json({ errors: Object.fromEntries(Object.entries(errors?.fields ?? {}).map(([path, m]) => [asTyped(path), m])) });
}

export function applicationForm(router: Router, ctx: PageContext) {
  // A school files with a company's mandate: it gives the enterprise number, the API checks the mandate.
  const guard = [forOperation(ctx.api.applications.create)];

  router.get(
    patterns.newApplication,
    ...guard,
    page(async (_req, res) => showStart(res, draftOf(res))),
  );

  router.post(
    patterns.newApplicationRestart,
    ...guard,
    page(async (_req, res) => {
      await ctx.sessions.saveDraft(res.locals.session!, DRAFT, undefined);
      res.redirect(303, paths.newApplication);
    }),
  );

  router.get(
    patterns.newApplicationCheck,
    ...guard,
    page(async (_req, res) => {
      const draft = draftOf(res);
      if (!draft || firstOpen(draft)) return res.redirect(303, nextPath(draft));
      await showCheck(ctx, res, draft, await catalogueNames(ctx));
    }),
  );

  router.post(
    patterns.newApplicationCheck,
    ...guard,
    page(async (_req, res) => {
      const draft = draftOf(res);
      if (!draft) {
        // Submitted already (a second click, or the back button): to that dossier.
        const submitted = res.locals.session!.drafts[SUBMITTED] as { id: string } | undefined;
        return res.redirect(303, submitted ? paths.application(submitted.id) : paths.newApplication);
      }
      if (firstOpen(draft)) return res.redirect(303, nextPath(draft));
      await submit(ctx, res, draft);
    }),
  );

  router.get(
    patterns.newApplicationStep,
    ...guard,
    page(async (req, res) => {
      const step = stepFor(req);
      const draft = draftOf(res);
      const open = firstOpen(draft);
      // Steps are taken in order: one further on waits until the ones before it are answered.
      if (open && STEPS.indexOf(step) > STEPS.indexOf(open)) return res.redirect(303, paths.newApplicationStep(open.id));
      const values = valuesOf(draft, principalOf(res));
      const kbo = step.id === 'onderneming' ? await kboCompany(ctx, res, values) : undefined;
      showStep(res, step, await catalogueNames(ctx), values, draft, refusedOn(draft, step), 200, kbo);
    }),
  );

  router.post(
    patterns.newApplicationStep,
    ...guard,
    page((req, res) => answerStep(ctx, req, res)),
  );
  router.post(
    patterns.newApplicationStepCheck,
    ...guard,
    page((req, res) => liveCheck(ctx, req, res)),
  );
}
