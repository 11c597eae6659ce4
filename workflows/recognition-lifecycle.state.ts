import { continueAsNew, log, uuid4 } from '@temporalio/workflow';
import type { NotifyInput } from '../activities/notifications';
import { addDuration } from '../models/duration';
import type { Policy } from '../models/policy';
import { type CheckAction, type CheckOutcome, type CheckReason, checkActionAllowed } from '../models/check-rules';
import type { QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import {
  INITIAL_RHYTHM,
  type RecognitionAction,
  checkIntervalMs,
  followUpIntervalMs,
  nextRhythm,
  recognitionActionAllowed,
  recognitionActionRefusal,
} from '../models/recognition-rules';
import type { ScheduledEvent } from '../models/recognition-schedule';
import { type RecognitionStatus, isFinalRecognitionStatus } from '../models/recognition-status';
import { STATUS_CHANGED } from '../models/status-change-event';
import type {
  CarriedState,
  CheckAnswers,
  CheckEvaluation,
  IncidentReport,
  RecognitionWithdrawal,
  RecognitionWorkflow,
  RecognitionWorkflowInput,
  Reinstatement,
  Suspension,
  Termination,
} from './recognition-lifecycle.messages';
import { RecognitionChanges } from './recognition-changes.state';
import { ImprovementPlans } from './recognition-plans.state';
import { LearnerVoice } from './recognition-learners.state';
import { Renewals } from './recognition-renewal.state';
import { createNoticeQueue, createPolicyReader, createSteps, dayOf, now, refuse, storeActivities, untilSettled } from './steps';

// A recognition as its workflow keeps it, and what changes it: its quality checks, people's
// actions and the scheduled events. Each change is mirrored in the store as it happens; the
// workflow function says when each one happens.

/** Everything the workflow knows of its recognition; what a new run needs is carried over. */
export interface LifecycleState extends CarriedState {
  recognition: Recognition;
  /** Bumped at each change, so a timer knows whether what it waited for still holds. */
  version: number;
}

const SUSPENDED_AFTER_CHECK = 'Schorsing na kwaliteitsopvolging';

export class RecognitionLifecycle {
  readonly state: LifecycleState;
  readonly recognition: Recognition;
  readonly renewals: Renewals;
  readonly learners: LearnerVoice;
  readonly changes: RecognitionChanges;
  readonly plans: ImprovementPlans;

  private readonly activities = storeActivities;
  private readonly policies = createPolicyReader(() => this.activities.getPolicy(this.recognition.partnershipId), {
    park: async (reason) => {
      this.recognition.attention = { reason, since: now() };
      await this.save();
    },
    resume: async () => {
      this.recognition.attention = undefined;
      await this.save();
    },
  });
  readonly notices = createNoticeQueue(this.activities.notifyAll);
  readonly steps = createSteps(this.notices);

  constructor({ recognition, carried }: RecognitionWorkflowInput) {
    this.state = {
      recognition: { ...recognition, conditions: recognition.conditions.map((c) => ({ ...c })) },
      checks: carried?.checks ?? [],
      rhythm: carried?.rhythm ?? INITIAL_RHYTHM,
      lastCheckOk: carried?.lastCheckOk ?? true,
      renewedUntil: carried?.renewedUntil,
      ...(carried?.goodFeedback ? { goodFeedback: true } : {}),
      nextCheckAt: carried?.nextCheckAt ?? 0,
      version: 0,
    };
    this.recognition = this.state.recognition;
    this.renewals = new Renewals(this);
    this.learners = new LearnerVoice(this);
    this.changes = new RecognitionChanges(this);
    this.plans = new ImprovementPlans(this);
  }

  readonly isFinal = () => isFinalRecognitionStatus(this.recognition.status);

  policyNow(): Promise<Policy> {
    return this.policies.now();
  }

  /** The first run starts the check rhythm and mirrors the recognition with what is due next. */
  async begin() {
    this.scheduleNextCheck(await this.policyNow());
    await this.save();
    const { history } = this.recognition;
    await this.publish(null, history[history.length - 1]!.at);
  }

  // What people may do, each refused at once when the recognition's state does not allow it.

  ensureAllowed(action: RecognitionAction) {
    const { status } = this.recognition;
    if (!recognitionActionAllowed(action, status)) refuse(recognitionActionRefusal(action, status));
  }

  readonly ensureAnswerable = ({ checkId }: CheckAnswers) => {
    this.ensureAllowed('answerCheck');
    this.pendingCheck(checkId, 'answer');
  };

  readonly ensureEvaluable = ({ checkId }: CheckEvaluation) => {
    this.ensureAllowed('evaluateCheck');
    this.pendingCheck(checkId, 'evaluate');
  };

  async answerCheck({ checkId, answers, by }: CheckAnswers) {
    const check = this.pendingCheck(checkId, 'answer');
    const answered: QualityCheck = { ...check, status: 'answered', answers, answeredAt: now(), answeredBy: by };
    if (check.status === 'open' && answers.every((a) => a.ok)) {
      // All green and on time: closed at once, no reviewer.
      await this.closeCheck(answered, 'ok', 'system', await this.policyNow());
    } else {
      await this.saveCheck(answered);
      this.notify('partnership', 'check_to_evaluate');
      await this.save();
    }
  }

  async evaluateCheck({ checkId, outcome, notes, by, actions }: CheckEvaluation) {
    const check = this.pendingCheck(checkId, 'evaluate');
    await this.closeCheck(check, outcome, by, await this.policyNow(), notes);
    return actions?.length ? { improvementPlanId: await this.plans.open(check, actions, by) } : {};
  }

  /** Answers the id of the check that handles the report. */
  async reportIncident({ description, by, schoolId }: IncidentReport): Promise<string> {
    this.state.rhythm = nextRhythm(this.state.rhythm, 'incident');
    this.notify('partnership', 'incident', { description });
    // One incident check at a time: a further report is added to the one still pending. The
    // reporting school is kept so that it can follow the check (and only its own).
    const pending = this.state.checks.find((c) => c.reason === 'incident');
    if (pending) {
      const schools = pending.reportedBySchools ?? [];
      await this.saveCheck({
        ...pending,
        reports: [...(pending.reports ?? []), { at: now(), by, description }],
        ...(schoolId && !schools.includes(schoolId) ? { reportedBySchools: [...schools, schoolId] } : {}),
      });
      return pending.id;
    }
    const trigger = `${description} (${by})`;
    const policy = await this.policyNow();
    return (await this.openCheck('incident', policy, trigger, policy.selfAssessment, schoolId ? [schoolId] : undefined)).id;
  }

  async suspend({ reasons, by }: Suspension) {
    await this.setStatus('suspended', by, reasons);
    this.notify('company', 'suspended', { reasons });
  }

  async reinstate({ reasons, by }: Reinstatement) {
    this.state.rhythm = INITIAL_RHYTHM;
    if (this.state.checks.length === 0) this.scheduleNextCheck(await this.policyNow());
    await this.setStatus('active', by, reasons);
    this.notify('company', 'reinstated');
  }

  async withdraw({ reasons, by }: RecognitionWithdrawal) {
    await this.end('withdrawn', by, reasons);
    this.notify('company', 'recognition_withdrawn', { reasons });
  }

  async terminate({ by, reasons }: Termination) {
    await this.end('ended', by, reasons);
    if (reasons?.length) {
      this.notify('company', 'recognition_ended', { reasons });
      this.notify('partnership', 'recognition_ended', { reasons });
    } else this.notify('partnership', 'ended');
  }

  // What the recognition waits for, handled by its kind when the moment comes.

  async handle(event: ScheduledEvent, policy: Policy) {
    switch (event.kind) {
      case 'period-end':
        return this.renewals.atPeriodEnd();
      case 'renewal-overdue':
        return this.renewals.markOverdue();
      case 'renewal-pending':
        return;
      case 'renewal-invitation':
        return this.renewals.invite();
      case 'periodic-check':
        await this.openCheck('periodic', policy, ...this.learners.lightening());
        return;
      case 'check-reminder':
        await this.saveCheck({ ...event.check, remindedAt: now() });
        this.notify('company', 'check_reminder', { dueAt: event.check.dueAt });
        await this.save();
        return;
      case 'check-overdue':
        this.state.lastCheckOk = false;
        this.state.rhythm = nextRhythm(this.state.rhythm, 'not-ok');
        await this.saveCheck({ ...event.check, status: 'overdue' });
        this.notify('partnership', 'check_overdue');
        await this.save();
        return;
      case 'condition-reminder':
        event.condition.remindedAt = now();
        await this.save();
        this.notify('company', 'condition_reminder', { mentorName: event.condition.mentorName, dueAt: event.condition.dueOn });
        return;
      case 'condition-missed':
        event.condition.missedAt = now();
        await this.save();
        this.notify('partnership', 'condition_missed', { mentorName: event.condition.mentorName, dueAt: event.condition.dueOn });
        return;
    }
  }

  /** Hands the state to a new run (continue-as-new), once every handler has finished. */
  async continueWithState(): Promise<never> {
    await untilSettled(this.notices);
    const { checks, nextCheckAt, rhythm, lastCheckOk, renewedUntil, goodFeedback } = this.state;
    return continueAsNew<RecognitionWorkflow>({
      recognition: this.recognition,
      carried: { checks, nextCheckAt, rhythm, lastCheckOk, renewedUntil, ...(goodFeedback ? { goodFeedback } : {}) },
    });
  }

  /** Starts the period the renewal approved, as a new run with the state carried. */
  async startNextPeriod(until: string): Promise<never> {
    const r = this.recognition;
    r.validFrom = r.validUntil;
    r.validUntilAt = until;
    r.validUntil = dayOf(until);
    r.renewal = undefined;
    this.state.renewedUntil = undefined;
    await this.save();
    return this.continueWithState();
  }

  // How the recognition changes.

  notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra: Partial<NotifyInput> = {}) {
    const r = this.recognition;
    this.notices.push({ validUntil: r.validUntil, ...extra, id: uuid4(), recognitionId: r.id, audience, template });
  }

  /** Mirrors the recognition in the store, with what is due next. */
  async save() {
    const { state } = this;
    state.version += 1;
    const dueChecks = state.checks.map((c) => c.dueAt).sort();
    this.recognition.nextQualityCheckDue =
      dueChecks[0] ?? (state.nextCheckAt ? new Date(state.nextCheckAt).toISOString() : undefined);
    await this.activities.saveRecognition(this.recognition);
  }

  /** Ends the recognition for good and frees its workplace. */
  async end(status: 'withdrawn' | 'expired' | 'ended', by: string, reasons?: string[]) {
    // A change still waiting for review lapses with the recognition, and its people's data with it.
    this.recognition.pendingChange = undefined;
    await this.setStatus(status, by, reasons);
    const { establishmentNumber, trainingCode, id } = this.recognition;
    await this.activities.releaseWorkplace({ establishmentNumber, trainingCode, owner: id });
  }

  private async setStatus(status: RecognitionStatus, by: string, reasons?: string[]) {
    const r = this.recognition;
    const previousStatus = r.status;
    const at = now();
    log.info('recognition status changed', { recognitionId: r.id, from: previousStatus, to: status });
    r.status = status;
    r.history = [...r.history, { at, status, by, ...(reasons?.length ? { reasons } : {}) }];
    await this.save();
    await this.publish(previousStatus, at);
  }

  /**
   * Tells subscribed schools: one signal to the recognition's fan-out workflow, which hands the
   * change to every subscription outside this step.
   */
  private async publish(previousStatus: RecognitionStatus | null, at: string) {
    const r = this.recognition;
    await this.activities.publishStatusChange({
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

  private pendingCheck(checkId: string, action: CheckAction): QualityCheck {
    const check = this.state.checks.find((c) => c.id === checkId);
    if (!check) refuse(`quality check ${checkId} is closed`);
    if (!checkActionAllowed(action, check.status)) refuse(`the quality check is ${check.status}`);
    return check;
  }

  private async saveCheck(check: QualityCheck) {
    this.state.checks = this.state.checks.map((c) => (c.id === check.id ? check : c));
    await this.activities.saveQualityCheck(check);
  }

  private scheduleNextCheck(policy: Policy, afterMs?: number) {
    const { state } = this;
    const from = new Date();
    const interval = afterMs ?? checkIntervalMs(policy.qualityCheckInterval, state.rhythm.factor, policy.validity, from);
    state.nextCheckAt = from.getTime() + interval;
    this.recognition.qualityCheckInterval = `PT${Math.round(interval / 1000)}S`;
  }

  /** Opens a check asking the policy's questions (or `questions`); one with none to ask is green at once. */
  async openCheck(
    reason: CheckReason,
    policy: Policy,
    trigger?: string,
    questions = policy.selfAssessment,
    reportedBySchools?: string[],
  ) {
    const r = this.recognition;
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
      questions,
      ...(trigger ? { trigger } : {}),
      ...(reportedBySchools ? { reportedBySchools } : {}),
    };
    this.state.checks = [...this.state.checks, check];
    await this.activities.saveQualityCheck(check);
    if (check.questions.length === 0) {
      // Nothing to ask: the check is green at once.
      await this.closeCheck(check, 'ok', 'system', policy);
    } else {
      this.notify('company', 'check_opened', { dueAt });
      await this.save();
    }
    return check;
  }

  private async closeCheck(check: QualityCheck, outcome: CheckOutcome, by: string, policy: Policy, notes?: string) {
    const { state } = this;
    const closed: QualityCheck = {
      ...check,
      status: 'closed',
      outcome,
      closedAt: now(),
      evaluatedBy: by,
      ...(notes ? { notes } : {}),
    };
    await this.activities.saveQualityCheck(closed);
    state.checks = state.checks.filter((c) => c.id !== check.id);
    state.rhythm = nextRhythm(state.rhythm, outcome === 'ok' ? 'ok' : 'not-ok');
    state.lastCheckOk = outcome === 'ok';
    this.notify('company', 'check_closed', { outcome, message: notes });
    if (outcome === 'suspend') {
      await this.setStatus('suspended', by, [notes ?? SUSPENDED_AFTER_CHECK]);
      this.notify('company', 'suspended', { reasons: [notes ?? SUSPENDED_AFTER_CHECK] });
      return;
    }
    if (state.checks.length === 0) {
      const followUp = outcome === 'improvement-needed' ? followUpIntervalMs(policy.qualityCheckInterval, new Date()) : undefined;
      this.scheduleNextCheck(policy, followUp);
    }
    await this.save();
  }
}
