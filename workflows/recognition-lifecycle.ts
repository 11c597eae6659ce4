import { ApplicationFailure, condition, continueAsNew, log, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { NotifyInput } from '../activities/notifications';
import { dayInBrussels } from '../models/dates';
import { addDuration } from '../models/duration';
import { assessMentors } from '../models/eligibility';
import { changeMentors } from '../models/mentors';
import type { Policy } from '../models/policy';
import type { CheckOutcome, CheckReason, QualityCheck } from '../models/quality-check';
import type { Recognition, RecognitionStatus } from '../models/recognition';
import {
  INITIAL_RHYTHM,
  type RecognitionAction,
  checkIntervalMs,
  followUpIntervalMs,
  nextRhythm,
  recognitionActionAllowed,
  recognitionActionRefusal,
} from '../models/recognition-rules';
import { type ScheduledEvent, nextEvent } from '../models/recognition-schedule';
import { STATUS_CHANGED } from '../models/status-change-event';
import {
  type CarriedState,
  type RecognitionWorkflow,
  type RecognitionWorkflowInput,
  STATUS_CONFLICT,
  answerCheckUpdate,
  changeMentorsUpdate,
  decideRenewalUpdate,
  evaluateCheckUpdate,
  recognitionQuery,
  reinstateUpdate,
  renewUpdate,
  reportIncidentUpdate,
  suspendUpdate,
  terminateUpdate,
  withdrawRecognitionUpdate,
} from './recognition-lifecycle.messages';
import { createNoticeQueue, createPolicyReader, createSteps, storeActivities, untilSettled } from './steps';

// One workflow per recognition, from approval until it is withdrawn, expires or is ended:
// periodic quality checks (lighter while all goes well), incidents, the mentor-training
// conditions, suspension and reinstatement, and renewal at the end of each validity period,
// where it continues as new.

const FINAL: RecognitionStatus[] = ['withdrawn', 'expired', 'ended'];

/** Everything the workflow knows of its recognition; what a new run needs is carried over. */
interface LifecycleState extends CarriedState {
  recognition: Recognition;
  /** Bumped at each change, so a timer knows whether what it waited for still holds. */
  version: number;
}

export const recognitionWorkflow: RecognitionWorkflow = async ({
  recognition,
  carried,
}: RecognitionWorkflowInput): Promise<RecognitionStatus> => {
  const activities = storeActivities();
  /** Its days (a check's, a period's end) are days in Brussels. */
  const dayOf = (at: string) => dayInBrussels(new Date(at));
  const state: LifecycleState = {
    recognition: { ...recognition, conditions: recognition.conditions.map((c) => ({ ...c })) },
    checks: carried?.checks ?? [],
    rhythm: carried?.rhythm ?? INITIAL_RHYTHM,
    lastCheckOk: carried?.lastCheckOk ?? true,
    renewedUntil: carried?.renewedUntil,
    nextCheckAt: carried?.nextCheckAt ?? 0,
    version: 0,
  };
  const r = state.recognition;
  const isFinal = () => FINAL.includes(r.status);

  const now = () => new Date().toISOString();
  const until = (moment: number) => Math.max(1, moment - Date.now());

  const notices = createNoticeQueue(activities.notifyAll);
  const { step, onUpdate } = createSteps(notices);
  function notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra: Partial<NotifyInput> = {}) {
    notices.push({ validUntil: r.validUntil, ...extra, id: uuid4(), recognitionId: r.id, audience, template });
  }

  function refuse(message: string): never {
    throw ApplicationFailure.create({ type: STATUS_CONFLICT, message, nonRetryable: true });
  }

  function ensureAllowed(action: RecognitionAction) {
    if (!recognitionActionAllowed(action, r.status)) refuse(recognitionActionRefusal(action, r.status));
  }

  function pendingCheck(checkId: string, statuses: QualityCheck['status'][]): QualityCheck {
    const check = state.checks.find((c) => c.id === checkId);
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
    state.version += 1;
    const dueChecks = state.checks.map((c) => c.dueAt).sort();
    r.nextQualityCheckDue = dueChecks[0] ?? (state.nextCheckAt ? new Date(state.nextCheckAt).toISOString() : undefined);
    await activities.saveRecognition(r);
  }

  async function setStatus(status: RecognitionStatus, by: string, reasons?: string[]) {
    const previousStatus = r.status;
    const at = now();
    log.info('recognition status changed', { recognitionId: r.id, from: previousStatus, to: status });
    r.status = status;
    r.history = [...r.history, { at, status, by, ...(reasons?.length ? { reasons } : {}) }];
    await save();
    await publish(previousStatus, at);
  }

  /**
   * Tells subscribed schools: one signal to the recognition's fan-out workflow, which hands the
   * change to every subscription outside this step.
   */
  async function publish(previousStatus: RecognitionStatus | null, at: string) {
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
    state.checks = state.checks.map((c) => (c.id === check.id ? check : c));
    await activities.saveQualityCheck(check);
  }

  function scheduleNextCheck(policy: Policy, afterMs?: number) {
    const from = new Date();
    const interval = afterMs ?? checkIntervalMs(policy.qualityCheckInterval, state.rhythm.factor, policy.validity, from);
    state.nextCheckAt = from.getTime() + interval;
    r.qualityCheckInterval = `PT${Math.round(interval / 1000)}S`;
  }

  async function openCheck(
    reason: CheckReason,
    policy: Policy,
    trigger?: string,
    reportedBySchools?: string[],
  ): Promise<QualityCheck> {
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
      dueOn: dayOf(dueAt),
      questions: policy.selfAssessment,
      ...(trigger ? { trigger } : {}),
      ...(reportedBySchools ? { reportedBySchools } : {}),
    };
    state.checks = [...state.checks, check];
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
    const closed: QualityCheck = {
      ...check,
      status: 'closed',
      outcome,
      closedAt: now(),
      evaluatedBy: by,
      ...(notes ? { notes } : {}),
    };
    await activities.saveQualityCheck(closed);
    state.checks = state.checks.filter((c) => c.id !== check.id);
    state.rhythm = nextRhythm(state.rhythm, outcome === 'ok' ? 'ok' : 'not-ok');
    state.lastCheckOk = outcome === 'ok';
    notify('company', 'check_closed', { outcome, message: notes });
    if (outcome === 'suspend') {
      await setStatus('suspended', by, [notes ?? 'Schorsing na kwaliteitsopvolging']);
      notify('company', 'suspended', { reasons: [notes ?? 'Schorsing na kwaliteitsopvolging'] });
      return;
    }
    if (state.checks.length === 0) {
      scheduleNextCheck(
        policy,
        outcome === 'improvement-needed' ? followUpIntervalMs(policy.qualityCheckInterval, new Date()) : undefined,
      );
    }
    await save();
  }

  async function end(status: 'withdrawn' | 'expired' | 'ended', by: string, reasons?: string[]) {
    await setStatus(status, by, reasons);
    await activities.releaseWorkplace({ establishmentNumber: r.establishmentNumber, trainingCode: r.trainingCode, owner: r.id });
  }

  /** Hands the state to a new run (continue-as-new), once every handler has finished. */
  async function continueWithState(): Promise<never> {
    await untilSettled(notices);
    const { checks, nextCheckAt, rhythm, lastCheckOk, renewedUntil } = state;
    return continueAsNew<typeof recognitionWorkflow>({
      recognition: r,
      carried: { checks, nextCheckAt, rhythm, lastCheckOk, renewedUntil },
    });
  }

  /** Starts the next validity period from the renewal, as a new run with the state carried. */
  async function startNextPeriod(until: string): Promise<never> {
    r.validFrom = r.validUntil;
    r.validUntilAt = until;
    r.validUntil = dayOf(until);
    r.renewal = undefined;
    state.renewedUntil = undefined;
    await save();
    return continueWithState();
  }

  // What people may do, each refused at once when the recognition's state does not allow it.

  setHandler(recognitionQuery, () => r);

  onUpdate(
    answerCheckUpdate,
    ({ checkId }) => (ensureAllowed('answerCheck'), void pendingCheck(checkId, ['open', 'overdue'])),
    async ({ checkId, answers, by }) => {
      const check = pendingCheck(checkId, ['open', 'overdue']);
      const answered: QualityCheck = { ...check, status: 'answered', answers, answeredAt: now(), answeredBy: by };
      if (check.status === 'open' && answers.every((a) => a.ok)) {
        // All green and on time: closed at once, no reviewer.
        await closeCheck(answered, 'ok', 'system', await policyNow());
      } else {
        await saveCheck(answered);
        notify('partnership', 'check_to_evaluate');
        await save();
      }
    },
  );

  onUpdate(
    evaluateCheckUpdate,
    ({ checkId }) => (ensureAllowed('evaluateCheck'), void pendingCheck(checkId, ['answered', 'overdue'])),
    async ({ checkId, outcome, notes, by }) => {
      const check = pendingCheck(checkId, ['answered', 'overdue']);
      await closeCheck(check, outcome, by, await policyNow(), notes);
    },
  );

  onUpdate(
    reportIncidentUpdate,
    () => ensureAllowed('reportIncident'),
    async ({ description, by, schoolId }) => {
      state.rhythm = nextRhythm(state.rhythm, 'incident');
      notify('partnership', 'incident', { description });
      // One incident check at a time: a further report is added to the one still pending.
      const pending = state.checks.find((c) => c.reason === 'incident');
      // The reporting school is kept so that it can follow the check (and only its own).
      if (pending) {
        const schools = pending.reportedBySchools ?? [];
        await saveCheck({
          ...pending,
          reports: [...(pending.reports ?? []), { at: now(), by, description }],
          ...(schoolId && !schools.includes(schoolId) ? { reportedBySchools: [...schools, schoolId] } : {}),
        });
        return pending.id;
      }
      const check = await openCheck('incident', await policyNow(), `${description} (${by})`, schoolId ? [schoolId] : undefined);
      return check.id;
    },
  );

  onUpdate(
    changeMentorsUpdate,
    () => ensureAllowed('changeMentors'),
    async ({ mentors, by }) => {
      const policy = await policyNow();
      const required = assessMentors(mentors, dayOf(now()), policy).conditions;
      // Mentors are who their ids say: a removed mentor's conditions go with them.
      Object.assign(r, changeMentors(r, mentors, required, uuid4));
      await save();
      notify('partnership', 'mentors_changed');
      if (policy.mentorChangeCheck) await openCheck('mentor-change', policy, `mentors changed by ${by}`);
    },
  );

  onUpdate(
    suspendUpdate,
    () => ensureAllowed('suspend'),
    async ({ reasons, by }) => {
      await setStatus('suspended', by, reasons);
      notify('company', 'suspended', { reasons });
    },
  );

  onUpdate(
    reinstateUpdate,
    () => ensureAllowed('reinstate'),
    async ({ reasons, by }) => {
      state.rhythm = INITIAL_RHYTHM;
      if (state.checks.length === 0) scheduleNextCheck(await policyNow());
      await setStatus('active', by, reasons);
      notify('company', 'reinstated');
    },
  );

  onUpdate(
    withdrawRecognitionUpdate,
    () => ensureAllowed('withdraw'),
    async ({ reasons, by }) => {
      await end('withdrawn', by, reasons);
      notify('company', 'recognition_withdrawn', { reasons });
    },
  );

  onUpdate(
    terminateUpdate,
    () => ensureAllowed('terminate'),
    async ({ by, reasons }) => {
      await end('ended', by, reasons);
      if (reasons?.length) {
        notify('company', 'recognition_ended', { reasons });
        notify('partnership', 'recognition_ended', { reasons });
      } else notify('partnership', 'ended');
    },
  );

  /**
   * Keeps the renewal just decided in `renewals` (the current `renewal` is cleared when the next
   * period begins), and marks one decided at once `oneStep`: facts for monitoring.
   */
  function recordRenewal() {
    const renewal = r.renewal;
    if (!renewal?.decidedAt || (renewal.status !== 'approved' && renewal.status !== 'rejected')) return;
    const oneStep = renewal.decidedBy === 'system';
    if (oneStep) r.renewal = { ...renewal, oneStep };
    r.renewals = [
      ...(r.renewals ?? []),
      {
        status: renewal.status,
        ...(renewal.requestedAt ? { requestedAt: renewal.requestedAt } : {}),
        ...(renewal.unchanged !== undefined ? { unchanged: renewal.unchanged } : {}),
        oneStep,
        decidedAt: renewal.decidedAt,
        decidedBy: renewal.decidedBy ?? 'system',
      },
    ];
  }

  const ensureRenewable = () => {
    ensureAllowed('renew');
    if (state.renewedUntil) refuse(`already renewed until ${dayOf(state.renewedUntil)}`);
    if (r.renewal?.status === 'requested') refuse('a renewal is already waiting for the partnership');
  };

  onUpdate(renewUpdate, ensureRenewable, async ({ unchanged, changes, by }) => {
    const policy = await policyNow();
    const requestedAt = now();
    // A clean quality record: the latest check ok, none pending, no condition missed and still unmet.
    const clean = state.lastCheckOk && state.checks.length === 0 && !r.conditions.some((c) => c.missedAt && !c.metOn);
    if (unchanged && clean) {
      // Nothing changed and the record is clean: renewed in this one step.
      state.renewedUntil = addDuration(new Date(r.validUntilAt), policy.validity).toISOString();
      r.renewal = {
        status: 'approved',
        requestedAt,
        requestedBy: by,
        unchanged: true,
        decidedAt: requestedAt,
        decidedBy: 'system',
      };
      recordRenewal();
      await save();
      notify('company', 'renewed', { validUntil: dayOf(state.renewedUntil) });
    } else {
      r.renewal = {
        ...r.renewal,
        status: 'requested',
        requestedAt,
        requestedBy: by,
        unchanged,
        ...(changes ? { changes } : {}),
        decisionDue: addDuration(new Date(requestedAt), policy.decisionDeadline).toISOString(),
      };
      await save();
      notify('partnership', 'renewal_to_review');
    }
  });

  const ensureRenewalRequested = () => {
    ensureAllowed('decideRenewal');
    if (r.renewal?.status !== 'requested') refuse('no renewal is waiting for a decision');
  };

  onUpdate(decideRenewalUpdate, ensureRenewalRequested, async ({ outcome, reasons, by }) => {
    const decidedAt = now();
    if (outcome === 'approved') {
      state.renewedUntil = addDuration(new Date(r.validUntilAt), (await policyNow()).validity).toISOString();
      Object.assign(r, pickChanges(r.renewal?.changes));
      notify('company', 'renewed', { validUntil: dayOf(state.renewedUntil) });
    } else {
      notify('company', 'renewal_rejected', { reasons });
    }
    const keptActive = !!r.renewal?.keptActiveAt;
    r.renewal = { ...r.renewal!, status: outcome, decidedAt, decidedBy: by, reasons };
    recordRenewal();
    await save();
    if (keptActive && outcome === 'rejected') {
      // Kept active past the end only for this decision: it expires now.
      await end('expired', by, reasons);
      notify('company', 'expired');
      notify('partnership', 'expired');
    }
  });

  // What the recognition waits for, handled by its kind when the moment comes.

  async function handle(event: ScheduledEvent, policy: Policy) {
    switch (event.kind) {
      case 'period-end':
        if (state.renewedUntil) return;
        if (r.renewal?.status === 'requested') {
          // Asked in time: active until the partnership decides; no status change, so no webhook.
          r.renewal = { ...r.renewal, keptActiveAt: r.validUntilAt };
          r.history = [
            ...r.history,
            { at: r.validUntilAt, status: r.status, by: 'system', reasons: ['kept active pending the renewal decision'] },
          ];
          await save();
          return;
        }
        await end('expired', 'system');
        notify('company', 'expired');
        notify('partnership', 'expired');
        return;
      case 'renewal-overdue':
        if (r.renewal?.status !== 'requested') return;
        r.renewal = { ...r.renewal, overdue: true };
        await save();
        return;
      case 'renewal-pending':
        return;
      case 'renewal-invitation':
        r.renewal = { status: 'invited', invitedAt: now() };
        await save();
        notify('company', 'renewal_invitation');
        return;
      case 'periodic-check':
        await openCheck('periodic', policy);
        return;
      case 'check-reminder':
        await saveCheck({ ...event.check, remindedAt: now() });
        notify('company', 'check_reminder', { dueAt: event.check.dueAt });
        await save();
        return;
      case 'check-overdue':
        state.lastCheckOk = false;
        state.rhythm = nextRhythm(state.rhythm, 'not-ok');
        await saveCheck({ ...event.check, status: 'overdue' });
        notify('partnership', 'check_overdue');
        await save();
        return;
      case 'condition-reminder':
        event.condition.remindedAt = now();
        await save();
        notify('company', 'condition_reminder', { mentorName: event.condition.mentorName, dueAt: event.condition.dueOn });
        return;
      case 'condition-missed':
        event.condition.missedAt = now();
        await save();
        notify('partnership', 'condition_missed', { mentorName: event.condition.mentorName, dueAt: event.condition.dueOn });
        return;
    }
  }

  // The first run starts the check rhythm and mirrors the recognition with what is due next.
  if (!carried) {
    await step(async () => {
      scheduleNextCheck(await policyNow());
      await save();
      await publish(null, r.history[r.history.length - 1]!.at);
    });
  }

  // The procedure: wait for the next event or for a person's action, whichever comes first;
  // handle the event; at the end of a renewed period go on in a new run.
  while (!isFinal()) {
    if (workflowInfo().continueAsNewSuggested) await continueWithState();
    const seen = state.version;
    const policy = await policyNow();
    const next = nextEvent(state, policy);
    if (await condition(() => state.version !== seen || isFinal(), until(next.at))) continue;
    await step(async () => {
      if (state.version !== seen || isFinal()) return;
      await handle(next, policy);
    });
    if (next.kind === 'period-end' && state.renewedUntil && !isFinal()) await startNextPeriod(state.renewedUntil);
  }

  await untilSettled(notices);
  return r.status;
};

/** What a reviewed renewal may change: the fields a company maintains itself. */
function pickChanges(changes: Record<string, unknown> | undefined): Partial<Recognition> {
  if (!changes) return {};
  const allowed = ['companyName', 'capacity', 'address', 'contact'] as const;
  return Object.fromEntries(Object.entries(changes).filter(([key]) => (allowed as readonly string[]).includes(key)));
}
