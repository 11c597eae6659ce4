import { ParentClosePolicy, condition, log, startChild, uuid4 } from '@temporalio/workflow';
import type { NotifyInput } from '../activities/notifications';
import type { ApplicationInput, ApplicationStatus } from '../models/application';
import { type ApplicationAction, actionAllowed, actionRefusal } from '../models/application-actions';
import type { ApplicationDossier, InfoRequest } from '../models/application-dossier';
import { addDuration } from '../models/duration';
import { assessApplication } from '../models/eligibility';
import { identifyNew } from '../models/mentors';
import { type Burden, daysBetween, fieldsFilledIn } from '../models/burden';
import type { Policy } from '../models/policy';
import type { Recognition } from '../models/recognition';
import {
  type Actor,
  type ApplicationWorkflowInput,
  type Decision,
  type InformationRequest,
  type IntakeResult,
  type Objection,
  type Supplement,
  type VisitRecord,
} from './application-review.messages';
import { RECOGNITION_WORKFLOW, type RecognitionWorkflow, recognitionWorkflowId } from './recognition-lifecycle.messages';
import { createNoticeQueue, createPolicyReader, createSteps, dayOf, now, refuse, storeActivities } from './steps';

// The application's dossier as its workflow keeps it, and what changes it: the intake, the
// completeness check, people's actions and the steps the deadlines bring. Each change is
// written to the store as it happens; the workflow function says when each one happens.

export class ApplicationReview {
  status: ApplicationStatus = 'submitted';
  /** Bumped at each status change, so a timer knows whether its step is still current. */
  version = 0;
  closed = false;
  reviewStartedAt = 0;
  decisionDue = 0;
  objectionDeadline = 0;

  private readonly id: string;
  private readonly application: ApplicationInput;
  private infoRequests: InfoRequest[] = [];
  private visits: ApplicationDossier['visits'] = [];
  private opened: IntakeResult | undefined;
  /** Set once the intake is done: the dossier exists and is checked. */
  private intake: IntakeResult | undefined;
  /** What the procedure asks of the company and the partnership, kept as it happens (monitoring). */
  private burden: Burden | undefined;

  private readonly activities = storeActivities;
  private readonly policies = createPolicyReader(() => this.activities.getPolicy(this.input.partnershipId), {
    park: (reason) => this.record('parked', 'system', { reason }, { attention: { reason, since: now() } }),
    resume: () => this.record('resumed', 'system', undefined, { attention: null }),
  });
  readonly notices = createNoticeQueue(this.activities.notifyAll);
  readonly steps = createSteps(this.notices);

  constructor(private readonly input: ApplicationWorkflowInput) {
    this.id = input.applicationId;
    this.application = { ...input.application };
  }

  // The intake.

  /** Opens the dossier in the store; false when another dossier holds the workplace. */
  async open(): Promise<boolean> {
    const { input } = this;
    this.opened = await this.activities.openApplication({
      id: this.id,
      application: this.application,
      partnershipId: input.partnershipId,
      requestHash: input.requestHash,
      submittedBy: input.submittedBy,
      submittedAt: input.submittedAt,
      // Only an argument of the activity, not a command: histories without it replay unchanged.
      ...(input.filedBy ? { filedBy: input.filedBy } : {}),
      conditions: [],
    });
    if (!this.opened.opened) {
      this.closed = true;
      this.intake = this.opened;
      return false;
    }
    this.notify('company', 'received');
    this.notify('partnership', 'new_application');
    return true;
  }

  intakeChecked() {
    this.intake = this.opened;
  }

  readonly intakeDone = () => this.intake !== undefined;

  /** The intake update's answer, once the dossier is checked (or parked for an operator). */
  async intakeAnswer(): Promise<IntakeResult> {
    await condition(() => this.intake !== undefined || (this.opened !== undefined && this.policies.parked));
    return this.intake ?? this.opened!;
  }

  /** The automatic completeness check: complete → review; anything fixable → an information request. */
  async checkCompleteness() {
    const policy = await this.policies.now();
    this.burden ??= {
      fieldsAsked: fieldsFilledIn(this.input.application),
      documentsAsked: policy.requiredDocuments.length,
      infoRequests: 0,
      reviewerTouches: 0,
    };
    const { missing, conditions } = assessApplication(this.application, dayOf(now()), policy, dayOf(this.input.submittedAt));
    if (missing.length === 0) {
      await this.enterReview(policy, 'complete', 'system', undefined, { conditions });
      this.notify('company', 'in_review');
    } else {
      await this.record('incomplete', 'system', { items: missing.map((m) => m.item) }, { conditions });
      await this.askInformation(
        policy,
        'system',
        'Automatische controle: uw aanvraag is nog niet volledig.',
        missing.map((m) => m.item),
      );
    }
  }

  // What people may do, refused when the status does not allow it.

  ensureAllowed(action: ApplicationAction) {
    const { status } = this;
    const allowed =
      actionAllowed(action, status) && !this.closed && (action !== 'object' || Date.now() <= this.objectionDeadline);
    if (!allowed) {
      const reason =
        action === 'object' && status === 'rejected' ? 'the objection window has closed' : actionRefusal(action, status);
      refuse(reason);
    }
  }

  async requestInformation({ by, message, items }: InformationRequest) {
    await this.askInformation(await this.policies.now(), by, message, items);
  }

  async recordVisit({ by, ...visit }: VisitRecord) {
    this.visits = [...this.visits, { ...visit, recordedBy: by, recordedAt: now() }];
    this.countBurden((b) => ({ reviewerTouches: b.reviewerTouches + 1 }));
    await this.record('visit_recorded', by, visit, { visits: this.visits });
    this.notify('company', 'visit_recorded');
  }

  async decide({ by, outcome, reasons }: Decision) {
    await (outcome === 'approved' ? this.approve(by, reasons) : this.reject(by, reasons));
  }

  async supplement({ by, message, ...changes }: Supplement) {
    const { application } = this;
    Object.assign(application, changes);
    this.countBurden((b) => ({ fieldsAsked: b.fieldsAsked + fieldsFilledIn(changes) }));
    const answeredAt = now();
    this.infoRequests = this.infoRequests.map((request) => (request.answeredAt ? request : { ...request, answeredAt }));
    await this.transition(
      'submitted',
      'supplemented',
      by,
      { message, fields: Object.keys(changes) },
      { application, companyName: application.companyName, infoRequests: this.infoRequests },
    );
    this.notify('partnership', 'supplemented', { message });
    await this.checkCompleteness();
  }

  async withdraw({ by }: Actor) {
    this.closed = true;
    await this.releaseWorkplace();
    await this.transition('withdrawn', 'withdrawn', by);
    this.notify('partnership', 'withdrawn');
    this.notify('company', 'withdrawn');
  }

  async object({ by, grounds }: Objection) {
    const policy = await this.policies.now();
    await this.enterReview(policy, 'objection', by, { grounds }, { objection: { grounds, at: now(), by } });
    this.notify('partnership', 'objection', { message: grounds });
  }

  // What the deadlines bring.

  /** The information request the company has yet to answer. */
  openRequest(): InfoRequest {
    return this.infoRequests[this.infoRequests.length - 1]!;
  }

  async remindOfRequest(request: InfoRequest) {
    await this.record('info_reminder', 'system', { requestId: request.id });
    this.notify('company', 'info_reminder', { items: request.items, dueAt: request.dueAt });
  }

  async lapse(request: InfoRequest) {
    this.closed = true;
    await this.releaseWorkplace();
    await this.transition('lapsed', 'lapsed', 'system', { requestId: request.id });
    this.notify('company', 'lapsed');
    this.notify('partnership', 'lapsed');
  }

  async remindOfDecision() {
    const due = new Date(this.decisionDue).toISOString();
    await this.record('decision_reminder', 'system', { decisionDue: due });
    this.notify('partnership', 'decision_reminder', { dueAt: due });
  }

  /** Past the deadline the dossier is marked overdue; nothing is decided for the partnership. */
  async markOverdue() {
    const due = new Date(this.decisionDue).toISOString();
    await this.record('decision_overdue', 'system', { decisionDue: due }, { overdue: true });
    this.notify('partnership', 'decision_overdue', { dueAt: due });
  }

  async closeObjectionWindow() {
    this.closed = true;
    await this.releaseWorkplace();
    await this.record('objection_window_closed', 'system');
  }

  // How the dossier changes.

  private countBurden(change: (counted: Burden) => Partial<Burden>) {
    if (this.burden) this.burden = { ...this.burden, ...change(this.burden) };
  }

  private record(type: string, by: string, data?: Record<string, unknown>, set?: Partial<ApplicationDossier>) {
    const withBurden = this.burden ? { ...set, burden: this.burden } : set;
    return this.activities.recordApplicationStep({
      id: this.id,
      entry: { id: uuid4(), at: now(), type, by, data },
      set: withBurden,
    });
  }

  private transition(
    to: ApplicationStatus,
    type: string,
    by: string,
    data?: Record<string, unknown>,
    set?: Partial<ApplicationDossier>,
  ) {
    log.info('application status changed', { applicationId: this.id, from: this.status, to, step: type });
    this.status = to;
    this.version += 1;
    return this.record(type, by, data, { ...set, status: to });
  }

  private notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra: Partial<NotifyInput> = {}) {
    this.notices.push({ ...extra, id: uuid4(), applicationId: this.id, audience, template });
  }

  private async askInformation(policy: Policy, by: string, message: string, items: string[]) {
    const requestedAt = now();
    const request: InfoRequest = {
      id: uuid4(),
      requestedAt,
      requestedBy: by,
      message,
      items,
      dueAt: addDuration(new Date(requestedAt), policy.infoRequestDeadline).toISOString(),
    };
    this.infoRequests = [...this.infoRequests, request];
    this.countBurden((b) => ({
      infoRequests: b.infoRequests + 1,
      documentsAsked: b.documentsAsked + items.length,
      reviewerTouches: b.reviewerTouches + (by === 'system' ? 0 : 1),
    }));
    await this.transition('info_requested', 'info_requested', by, { items, message }, { infoRequests: this.infoRequests });
    this.notify('company', 'info_requested', { items, message, dueAt: request.dueAt });
  }

  private async enterReview(
    policy: Policy,
    type: string,
    by: string,
    data?: Record<string, unknown>,
    set?: Partial<ApplicationDossier>,
  ) {
    this.reviewStartedAt = Date.now();
    this.decisionDue = addDuration(new Date(this.reviewStartedAt), policy.decisionDeadline).getTime();
    const due = new Date(this.decisionDue).toISOString();
    await this.transition('in_review', type, by, data, { ...set, decisionDue: due, overdue: false });
    this.notify('partnership', 'ready_for_review', { dueAt: due });
  }

  /** Frees the workplace at once, so the company can apply again for it. */
  private releaseWorkplace() {
    const { establishmentNumber, trainingCode } = this.application;
    return this.activities.releaseWorkplace({ establishmentNumber, trainingCode, owner: this.id });
  }

  /** A decision's burden: one touch more, the days since submission, and whether it came in time. */
  private countDecision(decidedAt: string) {
    this.countBurden((b) => ({
      reviewerTouches: b.reviewerTouches + 1,
      daysToDecision: daysBetween(this.input.submittedAt, decidedAt),
      decidedWithinDeadline: Date.parse(decidedAt) <= this.decisionDue,
    }));
  }

  /** Approved: the recognition is made and handed to its own workflow, which outlives this one. */
  private async approve(by: string, reasons: string[]) {
    const policy = await this.policies.now();
    const decidedAt = now();
    this.countDecision(decidedAt);
    const recognition = this.recognitionFrom(policy, decidedAt, by);
    await this.activities.createRecognition(recognition);
    await startChild<RecognitionWorkflow>(RECOGNITION_WORKFLOW, {
      workflowId: recognitionWorkflowId(recognition.id),
      args: [{ recognition }],
      // The recognition lives for years after this application has closed.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    this.closed = true;
    await this.transition(
      'approved',
      'decided',
      by,
      { outcome: 'approved', reasons, recognitionId: recognition.id },
      { decision: { outcome: 'approved', reasons, decidedAt, decidedBy: by }, recognitionId: recognition.id },
    );
    this.notify('company', 'approved', { reasons, recognitionId: recognition.id, validUntil: recognition.validUntil });
  }

  /** The recognition an approval at `decidedAt` makes, its mentors identified. */
  private recognitionFrom(policy: Policy, decidedAt: string, by: string): Recognition {
    const { application } = this;
    const validFrom = dayOf(decidedAt);
    const validUntilAt = addDuration(new Date(decidedAt), policy.validity).toISOString();
    const dossierConditions = assessApplication(application, validFrom, policy, dayOf(this.input.submittedAt)).conditions;
    // Each mentor an id, each condition its mentor's, so that it goes with the mentor.
    const mentors = identifyNew(application.mentors, dossierConditions, uuid4);
    return {
      id: uuid4(),
      status: 'active',
      enterpriseNumber: application.enterpriseNumber,
      establishmentNumber: application.establishmentNumber,
      trainingCode: application.trainingCode,
      partnershipId: this.input.partnershipId,
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
      applicationId: this.id,
    };
  }

  /** Rejected: the company may object within the policy's window. */
  private async reject(by: string, reasons: string[]) {
    const policy = await this.policies.now();
    const decidedAt = now();
    this.countDecision(decidedAt);
    this.objectionDeadline = addDuration(new Date(decidedAt), policy.objectionWindow).getTime();
    const due = new Date(this.objectionDeadline).toISOString();
    await this.transition(
      'rejected',
      'decided',
      by,
      { outcome: 'rejected', reasons },
      { decision: { outcome: 'rejected', reasons, decidedAt, decidedBy: by }, objectionDeadline: due },
    );
    this.notify('company', 'rejected', { reasons, dueAt: due });
  }
}
