import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  log,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import type { NotifyInput } from '../activities/notifications';
import type { ApplicationStatus } from '../models/application';
import { type ApplicationAction, actionAllowed, actionRefusal, reminderMoment } from '../models/application-actions';
import type { ApplicationDossier, InfoRequest } from '../models/application-dossier';
import { dayInBrussels } from '../models/dates';
import { addDuration } from '../models/duration';
import { assessApplication } from '../models/eligibility';
import { identifyNew } from '../models/mentors';
import { type Burden, daysBetween, fieldsFilledIn } from '../models/burden';
import type { Policy } from '../models/policy';
import type { Recognition } from '../models/recognition';
import {
  type ApplicationWorkflowInput,
  type IntakeResult,
  STATUS_CONFLICT,
  decideUpdate,
  intakeUpdate,
  objectUpdate,
  recordVisitUpdate,
  requestInformationUpdate,
  statusQuery,
  supplementUpdate,
  withdrawUpdate,
} from './application-review.messages';
import { RECOGNITION_WORKFLOW, type RecognitionWorkflow, recognitionWorkflowId } from './recognition-lifecycle.messages';
import { createNoticeQueue, createPolicyReader, createSteps, storeActivities, untilSettled } from './steps';

// One workflow per application (erkenningsaanvraag), from intake to decision: completeness
// check, information requests and supplements, site visit, decision within the deadline,
// objection, and on approval the recognition handed to its own workflow.

export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationStatus | 'conflict'> {
  const id = input.applicationId;
  const activities = storeActivities();
  const application = { ...input.application };
  let status = 'submitted' as ApplicationStatus;
  /** Bumped at each status change, so a timer knows whether its step is still current. */
  let version = 0;
  let closed = false;
  let infoRequests: InfoRequest[] = [];
  let visits: ApplicationDossier['visits'] = [];
  let reviewStartedAt = 0;
  let decisionDue = 0;
  let objectionDeadline = 0;
  let intake: IntakeResult | undefined;
  // Assigned once, after the intake handler that reads it is registered: not a const.
  // eslint-disable-next-line prefer-const
  let opened: IntakeResult | undefined;

  // What the procedure asks of the company and the partnership, kept as it happens (monitoring).
  let burden: Burden | undefined;
  function countBurden(change: (counted: Burden) => Partial<Burden>) {
    if (burden) burden = { ...burden, ...change(burden) };
  }

  const now = () => new Date().toISOString();
  /** Its days (the check's, the application's, validFrom) are days in Brussels. */
  const dayOf = (at: string) => dayInBrussels(new Date(at));
  const until = (moment: number) => Math.max(1, moment - Date.now());
  const changedSince = (seen: number) => () => version !== seen;

  function ensureAllowed(action: ApplicationAction) {
    const allowed = actionAllowed(action, status) && !closed && (action !== 'object' || Date.now() <= objectionDeadline);
    if (!allowed) {
      const reason =
        action === 'object' && status === 'rejected' ? 'the objection window has closed' : actionRefusal(action, status);
      throw ApplicationFailure.create({ type: STATUS_CONFLICT, message: reason, nonRetryable: true });
    }
  }

  function record(type: string, by: string, data?: Record<string, unknown>, set?: Partial<ApplicationDossier>) {
    const withBurden = burden ? { ...set, burden } : set;
    return activities.recordApplicationStep({ id, entry: { id: uuid4(), at: now(), type, by, data }, set: withBurden });
  }

  function transition(
    to: ApplicationStatus,
    type: string,
    by: string,
    data?: Record<string, unknown>,
    set?: Partial<ApplicationDossier>,
  ) {
    log.info('application status changed', { applicationId: id, from: status, to, step: type });
    status = to;
    version += 1;
    return record(type, by, data, { ...set, status: to });
  }

  const policies = createPolicyReader(() => activities.getPolicy(input.partnershipId), {
    park: (reason) => record('parked', 'system', { reason }, { attention: { reason, since: now() } }),
    resume: () => record('resumed', 'system', undefined, { attention: null }),
  });
  const policyNow = () => policies.now();

  const notices = createNoticeQueue(activities.notifyAll);
  const { step, onUpdate } = createSteps(notices);
  function notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra: Partial<NotifyInput> = {}) {
    const notice = { ...extra, id: uuid4(), applicationId: id, audience, template };
    notices.push(notice);
  }

  async function requestInformation(policy: Policy, by: string, message: string, items: string[]) {
    const requestedAt = now();
    const request: InfoRequest = {
      id: uuid4(),
      requestedAt,
      requestedBy: by,
      message,
      items,
      dueAt: addDuration(new Date(requestedAt), policy.infoRequestDeadline).toISOString(),
    };
    infoRequests = [...infoRequests, request];
    countBurden((b) => ({
      infoRequests: b.infoRequests + 1,
      documentsAsked: b.documentsAsked + items.length,
      reviewerTouches: b.reviewerTouches + (by === 'system' ? 0 : 1),
    }));
    await transition('info_requested', 'info_requested', by, { items, message }, { infoRequests });
    notify('company', 'info_requested', { items, message, dueAt: request.dueAt });
  }

  async function enterReview(
    policy: Policy,
    type: string,
    by: string,
    data?: Record<string, unknown>,
    set?: Partial<ApplicationDossier>,
  ) {
    reviewStartedAt = Date.now();
    decisionDue = addDuration(new Date(reviewStartedAt), policy.decisionDeadline).getTime();
    const due = new Date(decisionDue).toISOString();
    await transition('in_review', type, by, data, { ...set, decisionDue: due, overdue: false });
    notify('partnership', 'ready_for_review', { dueAt: due });
  }

  /** The automatic completeness check: complete → review; anything fixable → an information request. */
  async function checkCompleteness() {
    const policy = await policyNow();
    if (!burden) {
      burden = {
        fieldsAsked: fieldsFilledIn(input.application),
        documentsAsked: policy.requiredDocuments.length,
        infoRequests: 0,
        reviewerTouches: 0,
      };
    }
    const { missing, conditions } = assessApplication(application, dayOf(now()), policy, dayOf(input.submittedAt));
    if (missing.length === 0) {
      await enterReview(policy, 'complete', 'system', undefined, { conditions });
      notify('company', 'in_review');
    } else {
      await record('incomplete', 'system', { items: missing.map((m) => m.item) }, { conditions });
      await requestInformation(
        policy,
        'system',
        'Automatische controle: uw aanvraag is nog niet volledig.',
        missing.map((m) => m.item),
      );
    }
  }

  /** Frees the workplace at once, so the company can apply again for it. */
  function releaseWorkplace() {
    return activities.releaseWorkplace({
      establishmentNumber: application.establishmentNumber,
      trainingCode: application.trainingCode,
      owner: id,
    });
  }

  /** A decision's burden: one touch more, the days since submission, and whether it came in time. */
  function countDecision(decidedAt: string) {
    countBurden((b) => ({
      reviewerTouches: b.reviewerTouches + 1,
      daysToDecision: daysBetween(input.submittedAt, decidedAt),
      decidedWithinDeadline: Date.parse(decidedAt) <= decisionDue,
    }));
  }

  async function approve(by: string, reasons: string[]) {
    const policy = await policyNow();
    const decidedAt = now();
    countDecision(decidedAt);
    const validFrom = dayOf(decidedAt);
    const validUntilAt = addDuration(new Date(decidedAt), policy.validity).toISOString();
    const dossierConditions = assessApplication(application, validFrom, policy, dayOf(input.submittedAt)).conditions;
    // Each mentor an id, each condition its mentor's, so that it goes with the mentor.
    const mentors = identifyNew(application.mentors, dossierConditions, uuid4);
    const recognition: Recognition = {
      id: uuid4(),
      status: 'active',
      enterpriseNumber: application.enterpriseNumber,
      establishmentNumber: application.establishmentNumber,
      trainingCode: application.trainingCode,
      partnershipId: input.partnershipId,
      companyName: application.companyName,
      capacity: application.capacity,
      address: application.address,
      contact: application.contact,
      mentors: mentors.mentors,
      validFrom,
      validUntil: dayOf(validUntilAt),
      validUntilAt,
      conditions: mentors.conditions,
      history: [{ at: decidedAt, status: 'active', by }],
      applicationId: id,
    };
    await activities.createRecognition(recognition);
    await startChild<RecognitionWorkflow>(RECOGNITION_WORKFLOW, {
      workflowId: recognitionWorkflowId(recognition.id),
      args: [{ recognition }],
      // The recognition lives for years after this application has closed.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    closed = true;
    await transition(
      'approved',
      'decided',
      by,
      { outcome: 'approved', reasons, recognitionId: recognition.id },
      {
        decision: { outcome: 'approved', reasons, decidedAt, decidedBy: by },
        recognitionId: recognition.id,
      },
    );
    notify('company', 'approved', { reasons, recognitionId: recognition.id, validUntil: recognition.validUntil });
  }

  async function reject(by: string, reasons: string[]) {
    const policy = await policyNow();
    const decidedAt = now();
    countDecision(decidedAt);
    objectionDeadline = addDuration(new Date(decidedAt), policy.objectionWindow).getTime();
    const due = new Date(objectionDeadline).toISOString();
    await transition(
      'rejected',
      'decided',
      by,
      { outcome: 'rejected', reasons },
      {
        decision: { outcome: 'rejected', reasons, decidedAt, decidedBy: by },
        objectionDeadline: due,
      },
    );
    notify('company', 'rejected', { reasons, dueAt: due });
  }

  // Every handler is there from the start; an action waits until the intake is done (the
  // dossier exists and is checked), so one that arrives early is neither lost nor refused.
  const intakeDone = () => intake !== undefined;

  // Intake: the API waits on this update, so its 202 shows a dossier that exists (checked, or
  // parked for an operator when the partnership's policy is out of bounds).
  setHandler(intakeUpdate, async () => {
    await condition(() => intake !== undefined || (opened !== undefined && policies.parked));
    return intake ?? opened!;
  });
  setHandler(statusQuery, () => status);

  onUpdate(
    requestInformationUpdate,
    () => ensureAllowed('requestInformation'),
    async ({ by, message, items }) => {
      await requestInformation(await policyNow(), by, message, items);
    },
    intakeDone,
  );

  onUpdate(
    recordVisitUpdate,
    () => ensureAllowed('recordVisit'),
    async ({ by, ...visit }) => {
      visits = [...visits, { ...visit, recordedBy: by, recordedAt: now() }];
      countBurden((b) => ({ reviewerTouches: b.reviewerTouches + 1 }));
      await record('visit_recorded', by, visit, { visits });
      notify('company', 'visit_recorded');
    },
    intakeDone,
  );

  onUpdate(
    decideUpdate,
    () => ensureAllowed('decide'),
    async ({ by, outcome, reasons }) => {
      await (outcome === 'approved' ? approve(by, reasons) : reject(by, reasons));
    },
    intakeDone,
  );

  onUpdate(
    supplementUpdate,
    () => ensureAllowed('supplement'),
    async ({ by, message, ...changes }) => {
      Object.assign(application, changes);
      countBurden((b) => ({ fieldsAsked: b.fieldsAsked + fieldsFilledIn(changes) }));
      const answeredAt = now();
      infoRequests = infoRequests.map((request) => (request.answeredAt ? request : { ...request, answeredAt }));
      await transition(
        'submitted',
        'supplemented',
        by,
        { message, fields: Object.keys(changes) },
        {
          application,
          companyName: application.companyName,
          infoRequests,
        },
      );
      notify('partnership', 'supplemented', { message });
      await checkCompleteness();
    },
    intakeDone,
  );

  onUpdate(
    withdrawUpdate,
    () => ensureAllowed('withdraw'),
    async ({ by }) => {
      closed = true;
      await releaseWorkplace();
      await transition('withdrawn', 'withdrawn', by);
      notify('partnership', 'withdrawn');
      notify('company', 'withdrawn');
    },
    intakeDone,
  );

  onUpdate(
    objectUpdate,
    () => ensureAllowed('object'),
    async ({ by, grounds }) => {
      const policy = await policyNow();
      await enterReview(policy, 'objection', by, { grounds }, { objection: { grounds, at: now(), by } });
      notify('partnership', 'objection', { message: grounds });
    },
    intakeDone,
  );

  opened = await activities.openApplication({
    id,
    application,
    partnershipId: input.partnershipId,
    requestHash: input.requestHash,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    // Only an argument of the activity, not a command: histories without it replay unchanged.
    ...(input.filedBy ? { filedBy: input.filedBy } : {}),
    conditions: [],
  });
  if (!opened.opened) {
    closed = true;
    intake = opened;
    await condition(allHandlersFinished);
    return 'conflict';
  }
  notify('company', 'received');
  notify('partnership', 'new_application');

  await step(checkCompleteness);
  intake = opened;

  while (!closed) {
    const seen = version;
    if (status === 'info_requested') {
      // A reminder, then the lapse, unless a supplement (or withdrawal) comes first.
      const request = infoRequests[infoRequests.length - 1]!;
      const due = Date.parse(request.dueAt);
      if (!(await condition(changedSince(seen), until(reminderMoment(Date.parse(request.requestedAt), due))))) {
        await step(async () => {
          if (version !== seen) return;
          await record('info_reminder', 'system', { requestId: request.id });
          notify('company', 'info_reminder', { items: request.items, dueAt: request.dueAt });
        });
      }
      if (!(await condition(changedSince(seen), until(due)))) {
        await step(async () => {
          if (version !== seen) return;
          closed = true;
          await releaseWorkplace();
          await transition('lapsed', 'lapsed', 'system', { requestId: request.id });
          notify('company', 'lapsed');
          notify('partnership', 'lapsed');
        });
      }
    } else if (status === 'in_review') {
      // The partnership decides; before the deadline it is reminded, after it the dossier is
      // marked overdue. Nothing is decided for it.
      const due = new Date(decisionDue).toISOString();
      if (!(await condition(changedSince(seen), until(reminderMoment(reviewStartedAt, decisionDue))))) {
        await step(async () => {
          if (version !== seen) return;
          await record('decision_reminder', 'system', { decisionDue: due });
          notify('partnership', 'decision_reminder', { dueAt: due });
        });
      }
      if (!(await condition(changedSince(seen), until(decisionDue)))) {
        await step(async () => {
          if (version !== seen) return;
          await record('decision_overdue', 'system', { decisionDue: due }, { overdue: true });
          notify('partnership', 'decision_overdue', { dueAt: due });
        });
      }
    } else if (status === 'rejected') {
      if (!(await condition(changedSince(seen), until(objectionDeadline)))) {
        await step(async () => {
          if (version !== seen) return;
          closed = true;
          await releaseWorkplace();
          await record('objection_window_closed', 'system');
        });
      }
    }
    await condition(() => version !== seen || closed);
  }

  // Handlers finish first: the last of them may still send a notification.
  await untilSettled(notices);
  return status;
}
