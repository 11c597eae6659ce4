import { condition } from '@temporalio/workflow';
import type { PlacementEntry } from '../models/placement';
import { type PlacementAction, type PlacementStatus, placementActionAllowed } from '../models/placement-status';
import type { PlacementNoticeTemplate } from '../models/placement-notices';
import type {
  Acceptance,
  Ending,
  HeldPlacement,
  Party,
  PlaceRefusal,
  PlacementWorkflowInput,
  ProposalResult,
  Refusal,
  Termination,
} from './placement-agreement.messages';
import { createNoticeQueue, createSteps, now, refuse, storeActivities } from './steps';

// A placement as its workflow keeps it, and what changes it: the proposal, the company's answer,
// its end. Each change is written to the store as it happens, and a change that ends it gives
// its places back; the workflow function says when each one happens.

export class PlacementAgreement {
  /** Set once the proposal took its places and is written. */
  private placement: HeldPlacement | undefined;
  private refusal: PlaceRefusal | undefined;

  private readonly activities = storeActivities;
  readonly notices = createNoticeQueue(this.activities.notifyPlacementParties);
  readonly steps = createSteps(this.notices);

  constructor(private readonly input: PlacementWorkflowInput) {}

  get status(): PlacementStatus {
    return this.placement?.status ?? 'proposed';
  }

  get answerDue(): number {
    return Date.parse(this.input.placement.answerDue);
  }

  /** The last day of a running placement. */
  get endsOn(): string | undefined {
    return this.status === 'active' ? this.held().endsOn : undefined;
  }

  /** Whether the proposal is settled (written, or refused): the updates wait for it. */
  readonly isProposed = () => this.placement !== undefined || this.refusal !== undefined;

  /** Refuses an action the placement's status does not allow (the API answers 409). */
  ensureAllowed(action: PlacementAction) {
    if (this.refusal) refuse('the proposal took no place');
    if (!placementActionAllowed(action, this.status)) refuse(`the placement is ${this.status}`);
  }

  /** The proposal's answer, once settled: the API's 201 shows a placement the lists have. */
  async proposed(): Promise<ProposalResult> {
    await condition(this.isProposed);
    return this.refusal ?? { placement: this.view() };
  }

  /** Takes a place at the workplace and one of the school's cap, and writes the proposal; false when none is free. */
  async propose(): Promise<boolean> {
    const { placement, schoolCap } = this.input;
    const taken = await this.activities.takePlace({ placement, schoolCap });
    if ('refused' in taken) {
      this.refusal = taken;
      return false;
    }
    this.placement = { ...placement, ...taken };
    await this.save({});
    this.notify('company', 'placement_proposed');
    return true;
  }

  async accept({ mentor }: Acceptance) {
    await this.save({ status: 'active', mentor, answeredAt: now() });
    this.notify('school', 'placement_accepted');
    return this.view();
  }

  async decline({ reason }: Refusal) {
    await this.close({ status: 'declined', declineReason: reason, answeredAt: now() });
    this.notify('school', 'placement_declined');
    return this.view();
  }

  /** Unanswered by its deadline: the place goes back. */
  async expire() {
    await this.close({ status: 'expired' });
    this.notify('school', 'placement_expired');
  }

  /** The school ends it (v2's end), or its last day has passed. */
  async end({ endedOn }: Pick<Ending, 'endedOn'>) {
    await this.close({ status: 'ended', endedOn });
    return this.view();
  }

  /** Ended early by either party: the school is asked to find the learner another workplace. */
  async terminate({ endedOn, reason, note, party }: Termination) {
    await this.close({ status: 'terminated', endedOn, termination: { reason, by: party, ...(note ? { note } : {}) } });
    this.notify('school', 'placement_terminated_find_workplace');
    if (party === 'school') this.notify('company', 'placement_terminated');
    return this.view();
  }

  private held(): HeldPlacement {
    if (!this.placement) throw new Error('the proposal is not written');
    return this.placement;
  }

  private view(): PlacementEntry {
    const { schoolSlot: _slot, ...entry } = this.held();
    return entry;
  }

  private async save(change: Partial<PlacementEntry>) {
    this.placement = { ...this.held(), ...change, savedAt: now() };
    await this.activities.recordPlacement(this.placement);
  }

  /** Written ended first, then its places freed: a place is never free while it counts as held. */
  private async close(change: Partial<PlacementEntry>) {
    await this.save(change);
    await this.activities.releasePlace(this.held());
  }

  private notify(audience: Party, template: PlacementNoticeTemplate) {
    const placementId = this.input.placement.id;
    this.notices.push({ id: `${placementId}:${audience}:${template}`, audience, template, placementId });
  }
}
