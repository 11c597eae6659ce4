import { uuid4 } from '@temporalio/workflow';
import type { NotifyInput } from '../activities/notifications';
import { type ChangeValues, type RecognitionChange, changeItems, keepLatest, pick, splitChange } from '../models/change-rules';
import { addDuration } from '../models/duration';
import { assessMentors } from '../models/eligibility';
import { changeMentors } from '../models/mentors';
import type { Policy } from '../models/policy';
import type { CheckReason, QualityCheck } from '../models/quality-check';
import type { ChangeOutcome, Recognition, RecognitionMentor } from '../models/recognition';
import type { RecognitionAction } from '../models/recognition-rules';
import type { ChangeDecision, MentorChange, RecognitionChangeRequest } from './recognition-lifecycle.messages';
import { dayOf, now, refuse } from './steps';

// What a company changes of its recognition during its validity: what the policy allows is in
// force at once, the rest waits for the partnership with a due date. Every change is kept for
// the timeline (which fields, never the people's data); the values under review are kept until
// they are decided.

/** What the changes read and change of their recognition's lifecycle. */
export interface ChangesHost {
  readonly recognition: Recognition;
  ensureAllowed(action: RecognitionAction): void;
  policyNow(): Promise<Policy>;
  save(): Promise<void>;
  notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra?: Partial<NotifyInput>): void;
  openCheck(reason: CheckReason, policy: Policy, trigger?: string): Promise<QualityCheck>;
}

export class RecognitionChanges {
  constructor(private readonly host: ChangesHost) {}

  /** The mentors' list replaced as a whole (PUT …/mentors): in force at once, as before changes existed. */
  async replaceMentors({ mentors, by }: MentorChange) {
    const policy = await this.host.policyNow();
    this.takeMentors(mentors, policy);
    await this.host.save();
    await this.mentorsChanged(by, policy);
  }

  async request({ changes, by }: RecognitionChangeRequest): Promise<ChangeOutcome> {
    const r = this.host.recognition;
    const policy = await this.host.policyNow();
    const at = now();
    const assessment = changes.mentors && assessMentors(changes.mentors, dayOf(at), policy);
    const meetRules = !assessment || assessment.ineligible.length + assessment.missing.length === 0;
    const split = splitChange(r, changes, policy.capacityIncreaseWithoutReview, meetRules);
    // Nothing differs from the recognition: nothing to keep.
    if (split.now.length + split.review.length === 0) return { applied: true, appliedFields: [] };
    if (split.review.length > 0 && r.pendingChange) refuse('an earlier change still waits for the partnership’s review');
    const change: RecognitionChange = { id: uuid4(), at, by, applied: split.now };
    if (split.review.length > 0) {
      const due = addDuration(new Date(at), policy.decisionDeadline).toISOString();
      change.review = { fields: split.review, due, status: 'pending' };
      r.pendingChange = { id: change.id, due, values: pick(changes, split.review) };
      this.host.notify('partnership', 'change_to_review', { items: changeItems(split.review, changes), dueAt: due });
    }
    await this.apply(change, pick(changes, split.now), by, policy);
    const { review } = change;
    return {
      applied: !review,
      changeId: change.id,
      appliedFields: split.now,
      ...(review ? { reviewFields: review.fields, reviewDue: review.due } : {}),
    };
  }

  readonly ensurePending = ({ changeId }: ChangeDecision) => {
    this.host.ensureAllowed('decideChange');
    if (this.host.recognition.pendingChange?.id !== changeId) refuse(`no change ${changeId} waits for review`);
  };

  async decide({ changeId, outcome, reasons, by }: ChangeDecision) {
    const r = this.host.recognition;
    const { values } = r.pendingChange!;
    r.pendingChange = undefined;
    const decided = (r.changes ?? []).find((c) => c.id === changeId)!;
    const review = {
      ...decided.review!,
      status: outcome,
      decidedAt: now(),
      decidedBy: by,
      ...(reasons.length ? { reasons } : {}),
    };
    const change = { ...decided, review };
    r.changes = (r.changes ?? []).map((c) => (c.id === changeId ? change : c));
    this.host.notify('company', 'change_decided', { outcome, reasons, items: changeItems(review.fields, values) });
    if (outcome === 'approved') await this.apply(change, values, by, await this.host.policyNow(), false);
    else await this.host.save();
  }

  /** Puts `values` in force and keeps the change on the recognition (`record`: a new one). */
  private async apply(change: RecognitionChange, values: ChangeValues, by: string, policy: Policy, record = true) {
    const r = this.host.recognition;
    if (values.contact) r.contact = values.contact;
    if (values.address) r.address = values.address;
    if (values.capacity !== undefined) {
      change.capacity = { from: r.capacity, to: values.capacity };
      r.capacity = values.capacity;
    }
    if (values.mentors) change.mentors = this.takeMentors(values.mentors, policy);
    if (record) r.changes = keepLatest([...(r.changes ?? []), change]);
    await this.host.save();
    if (values.mentors) await this.mentorsChanged(by, policy);
  }

  /** Mentors are who their ids say: a removed mentor's conditions (and their reminders) go with them. */
  private takeMentors(mentors: RecognitionMentor[], policy: Policy) {
    const r = this.host.recognition;
    const before = new Set(r.mentors.map((m) => m.id));
    const required = assessMentors(mentors, dayOf(now()), policy).conditions;
    Object.assign(r, changeMentors(r, mentors, required, uuid4));
    const added = r.mentors.filter((m) => !before.has(m.id)).length;
    return { added, removed: before.size - (r.mentors.length - added) };
  }

  private async mentorsChanged(by: string, policy: Policy) {
    this.host.notify('partnership', 'mentors_changed');
    if (policy.mentorChangeCheck) await this.host.openCheck('mentor-change', policy, `mentors changed by ${by}`);
  }
}
