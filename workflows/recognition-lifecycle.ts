import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { NotifyInput } from '../activities/notifications';
import type { Mentor } from '../models/application';
import { reminderMoment } from '../models/application-actions';
import { parseDate, toDateString } from '../models/dates';
import { addDuration, durationMs } from '../models/duration';
import { STATUS_CONFLICT } from '../models/failures';
import { assessMentors } from '../models/eligibility';
import type { Policy } from '../models/policy';
import type { CheckOutcome, CheckReason, QualityCheck } from '../models/quality-check';
import type { Recognition, RecognitionStatus } from '../models/recognition';
import { STATUS_CHANGED } from '../models/status-change-event';
import {
  type CheckRhythm,
  INITIAL_RHYTHM,
  type RecognitionAction,
  checkIntervalMs,
  followUpIntervalMs,
  nextRhythm,
  recognitionActionAllowed,
  recognitionActionRefusal,
} from '../models/recognition-rules';
import { createNoticeQueue, createPolicyReader, createStepLock } from './steps';

// One workflow per recognition, from approval until it is withdrawn, expires or is ended:
// periodic quality checks (lighter while all goes well), incidents, the mentor-training
// conditions, suspension and reinstatement, and renewal at the end of each validity period,
// where it continues as new.

const activities = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** What one validity period hands to the next (continue-as-new). */
export interface CarriedState {
  checks: QualityCheck[];
  nextCheckAt: number;
  rhythm: CheckRhythm;
  /** The latest quality check closed ok (none yet counts as ok). */
  lastCheckOk: boolean;
  /** The approved renewal's end (RFC 3339), applied when the current period ends. */
  renewedUntil?: string;
}

export interface RecognitionWorkflowInput {
  recognition: Recognition;
  carried?: CarriedState;
}

export interface Actor {
  by: string;
}

export const answerCheckUpdate = defineUpdate<void, [{ checkId: string; answers: QualityCheck['answers'] } & Actor]>('answerCheck');
export const evaluateCheckUpdate = defineUpdate<void, [{ checkId: string; outcome: CheckOutcome; notes?: string } & Actor]>('evaluateCheck');
export const reportIncidentUpdate = defineUpdate<string, [{ description: string } & Actor]>('reportIncident');
export const changeMentorsUpdate = defineUpdate<void, [{ mentors: Mentor[] } & Actor]>('changeMentors');
export const suspendUpdate = defineUpdate<void, [{ reasons: string[] } & Actor]>('suspend');
export const reinstateUpdate = defineUpdate<void, [{ reasons: string[] } & Actor]>('reinstate');
export const withdrawRecognitionUpdate = defineUpdate<void, [{ reasons: string[] } & Actor]>('withdraw');
export const terminateUpdate = defineUpdate<void, [Actor]>('terminate');
export const renewUpdate = defineUpdate<void, [{ unchanged: boolean; changes?: Record<string, unknown> } & Actor]>('renew');
export const decideRenewalUpdate = defineUpdate<void, [{ outcome: 'approved' | 'rejected'; reasons: string[] } & Actor]>('decideRenewal');
export const recognitionQuery = defineQuery<Recognition>('recognition');

export const recognitionWorkflowId = (recognitionId: string) => `recognition-${recognitionId}`;

const FINAL: RecognitionStatus[] = ['withdrawn', 'expired', 'ended'];

export async function recognitionWorkflow({ recognition, carried }: RecognitionWorkflowInput): Promise<RecognitionStatus> {
  const r: Recognition = { ...recognition, conditions: recognition.conditions.map((c) => ({ ...c })) };
  let checks: QualityCheck[] = carried?.checks ?? [];
  let rhythm = carried?.rhythm ?? INITIAL_RHYTHM;
  let lastCheckOk = carried?.lastCheckOk ?? true;
  let renewedUntil = carried?.renewedUntil;
  let nextCheckAt = carried?.nextCheckAt ?? 0;
  let version = 0;

  const now = () => new Date().toISOString();
  const until = (moment: number) => Math.max(1, moment - Date.now());

  const exclusive = createStepLock();

  const notices = createNoticeQueue(activities.notify);
  function notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra: Partial<NotifyInput> = {}) {
    const notice = { validUntil: r.validUntil, ...extra, id: uuid4(), recognitionId: r.id, audience, template };
    notices.push(notice);
  }

  function refuse(message: string): never {
    throw ApplicationFailure.create({ type: STATUS_CONFLICT, message, nonRetryable: true });
  }

  function ensureAllowed(action: RecognitionAction) {
    if (!recognitionActionAllowed(action, r.status)) refuse(recognitionActionRefusal(action, r.status));
  }

  function pendingCheck(checkId: string, statuses: QualityCheck['status'][]): QualityCheck {
    const check = checks.find((c) => c.id === checkId);
    if (!check) refuse(`quality check ${checkId} is closed`);
    if (!statuses.includes(check.status)) refuse(`the quality check is ${check.status}`);
    return check;
  }

  const policies = createPolicyReader(() => activities.getPolicy(r.partnershipId), {
    park: async (reason) => {
      r.attention = { reason, since: now() };
      await save();
    },
    resume: async () => {
      r.attention = undefined;
      await save();
    },
  });
  const policyNow = () => policies.now();

  /** Mirrors the recognition in the store, with what is due next. */
  async function save() {
    version += 1;
    const dueChecks = checks.map((c) => c.dueAt).sort();
    r.nextQualityCheckDue = dueChecks[0] ?? (nextCheckAt ? new Date(nextCheckAt).toISOString() : undefined);
    await activities.saveRecognition(r);
  }

  async function setStatus(status: RecognitionStatus, by: string, reasons?: string[]) {
    const previousStatus = r.status;
    const at = now();
    r.status = status;
    r.history = [...r.history, { at, status, by, ...(reasons?.length ? { reasons } : {}) }];
    await save();
    await publish(previousStatus, at);
  }

  /** Tells subscribed schools; workflows started before webhooks existed did not. */
  async function publish(previousStatus: RecognitionStatus | null, at: string) {
    if (!patched('publish-status-changes')) return;
    await activities.publishStatusChange({
      id: uuid4(),
      type: STATUS_CHANGED,
      timestamp: now(),
      data: {
        recognitionId: r.id,
        enterpriseNumber: r.enterpriseNumber,
        establishmentNumber: r.establishmentNumber,
        trainingCode: r.trainingCode,
        status: r.status,
        previousStatus,
        at,
      },
    });
  }

  async function saveCheck(check: QualityCheck) {
    checks = checks.map((c) => (c.id === check.id ? check : c));
    await activities.saveQualityCheck(check);
  }

  // Async though it awaits nothing: callers await it, and those await points are part of the
  // recorded histories (making it synchronous reorders the activities they schedule).
  async function scheduleNextCheck(policy: Policy, afterMs?: number) {
    const from = new Date();
    const interval = afterMs ?? checkIntervalMs(policy.qualityCheckInterval, rhythm.factor, policy.validity, from);
    nextCheckAt = from.getTime() + interval;
    r.qualityCheckInterval = `PT${Math.round(interval / 1000)}S`;
  }

  async function openCheck(reason: CheckReason, policy: Policy, trigger?: string): Promise<QualityCheck> {
    const openedAt = now();
    const dueAt = addDuration(new Date(openedAt), policy.qualityCheckResponseDeadline).toISOString();
    const check: QualityCheck = {
      id: uuid4(),
      recognitionId: r.id,
      enterpriseNumber: r.enterpriseNumber,
      partnershipId: r.partnershipId,
      reason,
      status: 'open',
      openedAt,
      dueAt,
      dueOn: dueAt.slice(0, 10),
      questions: policy.selfAssessment,
      ...(trigger ? { trigger } : {}),
    };
    checks = [...checks, check];
    await activities.saveQualityCheck(check);
    if (check.questions.length === 0) {
      // Nothing to ask: the check is green at once.
      await closeCheck(check, 'ok', 'system', policy);
    } else {
      notify('company', 'check_opened', { dueAt });
      await save();
    }
    return check;
  }

  async function closeCheck(check: QualityCheck, outcome: CheckOutcome, by: string, policy: Policy, notes?: string) {
    const closed: QualityCheck = { ...check, status: 'closed', outcome, closedAt: now(), evaluatedBy: by, ...(notes ? { notes } : {}) };
    await activities.saveQualityCheck(closed);
    checks = checks.filter((c) => c.id !== check.id);
    rhythm = nextRhythm(rhythm, outcome === 'ok' ? 'ok' : 'not-ok');
    lastCheckOk = outcome === 'ok';
    notify('company', 'check_closed', { outcome, message: notes });
    if (outcome === 'suspend') {
      await setStatus('suspended', by, [notes ?? 'Schorsing na kwaliteitsopvolging']);
      notify('company', 'suspended', { reasons: [notes ?? 'Schorsing na kwaliteitsopvolging'] });
      return;
    }
    if (checks.length === 0) {
      await scheduleNextCheck(policy, outcome === 'improvement-needed' ? followUpIntervalMs(policy.qualityCheckInterval, new Date()) : undefined);
    }
    await save();
  }

  async function end(status: 'withdrawn' | 'expired' | 'ended', by: string, reasons?: string[]) {
    await setStatus(status, by, reasons);
    await activities.releaseWorkplace({ establishmentNumber: r.establishmentNumber, trainingCode: r.trainingCode, owner: r.id });
  }

  /** Starts the next validity period from the renewal, as a new run with the state carried. */
  async function startNextPeriod(until: string): Promise<never> {
    r.validFrom = r.validUntil;
    r.validUntilAt = until;
    r.validUntil = until.slice(0, 10);
    r.renewal = undefined;
    await save();
    await condition(allHandlersFinished);
    await notices.drained();
    return continueAsNew<typeof recognitionWorkflow>({
      recognition: r,
      carried: { checks, nextCheckAt, rhythm, lastCheckOk },
    });
  }

  setHandler(recognitionQuery, () => r);

  setHandler(
    answerCheckUpdate,
    ({ checkId, answers, by }) =>
      exclusive(async () => {
        ensureAllowed('answerCheck');
        const check = pendingCheck(checkId, ['open', 'overdue']);
        const answered: QualityCheck = { ...check, status: 'answered', answers, answeredAt: now(), answeredBy: by };
        if (check.status === 'open' && answers!.every((a) => a.ok)) {
          // All green and on time: closed at once, no reviewer.
          await closeCheck(answered, 'ok', 'system', await policyNow());
        } else {
          await saveCheck(answered);
          notify('partnership', 'check_to_evaluate');
          await save();
        }
      }),
    { validator: ({ checkId }) => (ensureAllowed('answerCheck'), void pendingCheck(checkId, ['open', 'overdue'])) },
  );

  setHandler(
    evaluateCheckUpdate,
    ({ checkId, outcome, notes, by }) =>
      exclusive(async () => {
        ensureAllowed('evaluateCheck');
        const check = pendingCheck(checkId, ['answered', 'overdue']);
        await closeCheck(check, outcome, by, await policyNow(), notes);
      }),
    { validator: ({ checkId }) => (ensureAllowed('evaluateCheck'), void pendingCheck(checkId, ['answered', 'overdue'])) },
  );

  setHandler(
    reportIncidentUpdate,
    ({ description, by }) =>
      exclusive(async () => {
        ensureAllowed('reportIncident');
        rhythm = nextRhythm(rhythm, 'incident');
        notify('partnership', 'incident', { description });
        // One incident check at a time: a further report is added to the one still pending.
        const pending = patched('fold-incident-reports') ? checks.find((c) => c.reason === 'incident') : undefined;
        if (pending) {
          await saveCheck({ ...pending, reports: [...(pending.reports ?? []), { at: now(), by, description }] });
          return pending.id;
        }
        const check = await openCheck('incident', await policyNow(), `${description} (${by})`);
        return check.id;
      }),
    { validator: (_request) => ensureAllowed('reportIncident') },
  );

  setHandler(
    changeMentorsUpdate,
    ({ mentors, by }) =>
      exclusive(async () => {
        ensureAllowed('changeMentors');
        const policy = await policyNow();
        const today = toDateString(new Date());
        const required = assessMentors(mentors, today, policy).conditions;
        const previous = r.conditions;
        r.mentors = mentors;
        // A mentor still without training keeps the due date already set; one who has it now
        // meets the condition on the day of the training.
        r.conditions = [
          ...previous.map((c) => {
            const mentor = mentors.find((m) => `${m.firstName} ${m.lastName}` === c.mentorName);
            return !c.metOn && mentor?.mentorTrainingCompletedOn ? { ...c, metOn: mentor.mentorTrainingCompletedOn } : c;
          }),
          ...required
            .filter((c) => !previous.some((p) => p.mentorName === c.mentorName))
            .map(({ type, mentorName, dueOn }) => ({ type, mentorName, dueOn })),
        ];
        await save();
        notify('partnership', 'mentors_changed');
        if (policy.mentorChangeCheck) await openCheck('mentor-change', policy, `mentors changed by ${by}`);
      }),
    { validator: (_request) => ensureAllowed('changeMentors') },
  );

  setHandler(
    suspendUpdate,
    ({ reasons, by }) =>
      exclusive(async () => {
        ensureAllowed('suspend');
        await setStatus('suspended', by, reasons);
        notify('company', 'suspended', { reasons });
      }),
    { validator: (_request) => ensureAllowed('suspend') },
  );

  setHandler(
    reinstateUpdate,
    ({ reasons, by }) =>
      exclusive(async () => {
        ensureAllowed('reinstate');
        rhythm = INITIAL_RHYTHM;
        if (checks.length === 0) await scheduleNextCheck(await policyNow());
        await setStatus('active', by, reasons);
        notify('company', 'reinstated');
      }),
    { validator: (_request) => ensureAllowed('reinstate') },
  );

  setHandler(
    withdrawRecognitionUpdate,
    ({ reasons, by }) =>
      exclusive(async () => {
        ensureAllowed('withdraw');
        await end('withdrawn', by, reasons);
        notify('company', 'recognition_withdrawn', { reasons });
      }),
    { validator: (_request) => ensureAllowed('withdraw') },
  );

  setHandler(
    terminateUpdate,
    ({ by }) =>
      exclusive(async () => {
        ensureAllowed('terminate');
        await end('ended', by);
        notify('partnership', 'ended');
      }),
    { validator: (_request) => ensureAllowed('terminate') },
  );

  const ensureRenewable = () => {
    ensureAllowed('renew');
    if (renewedUntil) refuse(`already renewed until ${renewedUntil.slice(0, 10)}`);
    if (r.renewal?.status === 'requested') refuse('a renewal is already waiting for the partnership');
  };

  setHandler(
    renewUpdate,
    ({ unchanged, changes, by }) =>
      exclusive(async () => {
        ensureRenewable();
        const policy = await policyNow();
        const requestedAt = now();
        // A clean quality record: the latest check ok, none pending, no condition missed and still unmet.
        const clean = lastCheckOk && checks.length === 0 && !r.conditions.some((c) => c.missedAt && !c.metOn);
        if (unchanged && clean) {
          // Nothing changed and the record is clean: renewed in this one step.
          renewedUntil = addDuration(new Date(r.validUntilAt), policy.validity).toISOString();
          r.renewal = { status: 'approved', requestedAt, requestedBy: by, unchanged: true, decidedAt: requestedAt, decidedBy: 'system' };
          await save();
          notify('company', 'renewed', { validUntil: renewedUntil.slice(0, 10) });
        } else {
          r.renewal = { ...r.renewal, status: 'requested', requestedAt, requestedBy: by, unchanged, ...(changes ? { changes } : {}) };
          await save();
          notify('partnership', 'renewal_to_review');
        }
      }),
    { validator: (_request) => ensureRenewable() },
  );

  const ensureRenewalRequested = () => {
    ensureAllowed('decideRenewal');
    if (r.renewal?.status !== 'requested') refuse('no renewal is waiting for a decision');
  };

  setHandler(
    decideRenewalUpdate,
    ({ outcome, reasons, by }) =>
      exclusive(async () => {
        ensureRenewalRequested();
        const decidedAt = now();
        if (outcome === 'approved') {
          renewedUntil = addDuration(new Date(r.validUntilAt), (await policyNow()).validity).toISOString();
          Object.assign(r, pickChanges(r.renewal?.changes));
          notify('company', 'renewed', { validUntil: renewedUntil.slice(0, 10) });
        } else {
          notify('company', 'renewal_rejected', { reasons });
        }
        r.renewal = { ...r.renewal!, status: outcome, decidedAt, decidedBy: by, reasons };
        await save();
      }),
    { validator: (_request) => ensureRenewalRequested() },
  );

  // The first run starts the check rhythm and mirrors the recognition with what is due next.
  if (!carried) {
    await exclusive(async () => {
      await scheduleNextCheck(await policyNow());
      await save();
      await publish(null, r.history[r.history.length - 1]!.at);
    });
  }

  while (!FINAL.includes(r.status)) {
    const seen = version;
    const policy = await policyNow();
    const next = nextEvent(policy);
    if (await condition(() => version !== seen || FINAL.includes(r.status), until(next.at))) continue;
    await exclusive(async () => {
      if (version !== seen || FINAL.includes(r.status)) return;
      await next.run();
    });
    if (next.periodEnd && renewedUntil && !FINAL.includes(r.status)) await startNextPeriod(renewedUntil);
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await notices.drained();
      await continueAsNew<typeof recognitionWorkflow>({
        recognition: r,
        carried: { checks, nextCheckAt, rhythm, lastCheckOk, renewedUntil },
      });
    }
  }

  await condition(allHandlersFinished);
  await notices.drained();
  return r.status;

  /** The first of what is scheduled: a check, a reminder, a deadline, the renewal notice, the end. */
  function nextEvent(policy: Policy): { at: number; run: () => Promise<void>; periodEnd?: boolean } {
    const periodEnd = Date.parse(r.validUntilAt);
    const events: Array<{ at: number; run: () => Promise<void>; periodEnd?: boolean }> = [
      {
        at: periodEnd,
        periodEnd: true,
        run: async () => {
          if (renewedUntil) return;
          await end('expired', 'system');
          notify('company', 'expired');
          notify('partnership', 'expired');
        },
      },
    ];
    if (!r.renewal && !renewedUntil) {
      events.push({
        at: periodEnd - durationMs(policy.renewalNotice, new Date(periodEnd)),
        run: async () => {
          r.renewal = { status: 'invited', invitedAt: now() };
          await save();
          notify('company', 'renewal_invitation');
        },
      });
    }
    if (r.status === 'active' && checks.length === 0 && nextCheckAt) {
      events.push({ at: nextCheckAt, run: async () => void (await openCheck('periodic', policy)) });
    }
    for (const check of checks.filter((c) => c.status === 'open')) {
      const due = Date.parse(check.dueAt);
      if (!check.remindedAt) {
        events.push({
          at: reminderMoment(Date.parse(check.openedAt), due),
          run: async () => {
            await saveCheck({ ...check, remindedAt: now() });
            notify('company', 'check_reminder', { dueAt: check.dueAt });
            await save();
          },
        });
      }
      events.push({
        at: due,
        run: async () => {
          lastCheckOk = false;
          rhythm = nextRhythm(rhythm, 'not-ok');
          await saveCheck({ ...check, status: 'overdue' });
          notify('partnership', 'check_overdue');
          await save();
        },
      });
    }
    for (const c of r.conditions.filter((c) => !c.metOn && !c.missedAt)) {
      const due = parseDate(c.dueOn).getTime();
      if (!c.remindedAt) {
        events.push({
          at: reminderMoment(parseDate(r.validFrom).getTime(), due),
          run: async () => {
            c.remindedAt = now();
            await save();
            notify('company', 'condition_reminder', { mentorName: c.mentorName, dueAt: c.dueOn });
          },
        });
      }
      events.push({
        at: due,
        run: async () => {
          c.missedAt = now();
          await save();
          notify('partnership', 'condition_missed', { mentorName: c.mentorName, dueAt: c.dueOn });
        },
      });
    }
    return events.reduce((first, event) => (event.at < first.at ? event : first));
  }
}

/** What a reviewed renewal may change: the fields a company maintains itself. */
function pickChanges(changes: Record<string, unknown> | undefined): Partial<Recognition> {
  if (!changes) return {};
  const allowed = ['companyName', 'capacity', 'address', 'contact'] as const;
  return Object.fromEntries(Object.entries(changes).filter(([key]) => (allowed as readonly string[]).includes(key)));
}
