import type { Connection } from 'mongoose';
import type { PlacementEntry } from '../models/placement';
import { PLACE_HOLDING_STATUSES } from '../models/placement-status';
import { type PlacementNoticeTemplate, renderPlacementNotice } from '../models/placement-notices';
import { capSlots } from '../store/cap-slots';
import { trainingModel } from '../store/catalogue';
import { recordNotices } from '../store/outbox';
import { placementModel, placementSlotModel, releasePlaces, slotId, writePlacement } from '../store/placements';
import { recognitionModel } from '../store/recognitions';
import { searchingLearnerStore } from '../store/searching-learners';
import { insertIfAbsent } from '../store/stored-model';
import { subscriptionModel } from '../store/subscriptions';
import type { HeldPlacement, PlaceRefusal, PlacementWorkflowInput } from '../workflows/placement-agreement.messages';

const CAP = 'activePlacementsPerSchool';

export interface PlacementNotice {
  /** Unique per message, made by the workflow: a retry never records twice. */
  id: string;
  audience: 'school' | 'company';
  template: PlacementNoticeTemplate;
  placementId: string;
}

export function placementActivities(db: Connection) {
  const placements = placementModel(db);
  const recognitions = recognitionModel(db);
  const trainings = trainingModel(db);
  const subscriptions = subscriptionModel(db);
  const slots = placementSlotModel(db);
  const schoolSlots = capSlots(db);
  const searching = searchingLearnerStore(db);

  /** The place this placement holds at its workplace, taking the first free one; undefined when all are taken. */
  async function placeOf({ id, recognitionId }: Pick<PlacementEntry, 'id' | 'recognitionId'>): Promise<number | undefined> {
    const held = await slots.findOne({ recognitionId, placementId: id }).lean();
    if (held) return Number(held._id.slice(recognitionId.length + 1));
    const capacity = (await recognitions.findById(recognitionId).select({ capacity: 1 }).lean())?.capacity ?? 0;
    for (let slot = 0; slot < capacity; slot++) {
      if (await insertIfAbsent(slots, { _id: slotId(recognitionId, slot), recognitionId, placementId: id })) return slot;
    }
    return undefined;
  }

  /** The slot of the school's cap this placement holds, taking one; undefined at the cap. */
  async function schoolSlotOf({ id, schoolId }: Pick<PlacementEntry, 'id' | 'schoolId'>, limit: number) {
    const held = await schoolSlots.heldBy(CAP, schoolId, id);
    if (held !== undefined) return held;
    const holding = await placements.countDocuments({ schoolId, status: { $in: [...PLACE_HOLDING_STATUSES] } });
    return schoolSlots.take(CAP, schoolId, limit, id, holding);
  }

  return {
    /**
     * Takes one of the school's cap and a free place at the workplace for a proposal, or
     * neither. Each slot is taken by inserting it, so parallel proposals never overbook; a retry
     * finds the slots it took.
     */
    async takePlace({
      placement,
      schoolCap,
    }: PlacementWorkflowInput): Promise<{ slot: number; schoolSlot: number } | PlaceRefusal> {
      const schoolSlot = await schoolSlotOf(placement, schoolCap);
      if (schoolSlot === undefined) return { refused: 'cap-reached', limit: schoolCap };
      const slot = await placeOf(placement);
      if (slot === undefined) {
        await schoolSlots.free(CAP, placement.schoolId, schoolSlot, placement.id);
        return { refused: 'no-free-place' };
      }
      return { slot, schoolSlot };
    },

    /** Writes the placement as the workflow has it and feeds the lists; retry-safe. */
    async recordPlacement({ id, ...fields }: HeldPlacement): Promise<void> {
      await writePlacement(db, { _id: id, ...fields });
      // A placement that becomes active places the school's learner searching under its code.
      if (fields.status === 'active')
        await searching.markPlaced({ ...fields, placementId: id, placedAt: fields.answeredAt ?? new Date().toISOString() });
    },

    /** Gives back the workplace's place and the school's slot the placement held; freeing twice is harmless. */
    async releasePlace({ id, recognitionId, slot, schoolId, schoolSlot }: HeldPlacement): Promise<void> {
      await releasePlaces(slots, schoolSlots, { _id: id, recognitionId, slot, schoolId, schoolSlot });
    },

    /** Records a step's notices to the school and the company in the outbox, in order (a retry keeps those there). */
    async notifyPlacementParties(notices: PlacementNotice[]): Promise<void> {
      if (notices.length === 0) return;
      const placement = await placements.findById(notices[0]!.placementId).lean();
      if (!placement) throw new Error(`placement ${notices[0]!.placementId} not found`);
      const [recognition, training, school] = await Promise.all([
        recognitions.findById(placement.recognitionId).select({ contact: 1 }).lean(),
        trainings.findById(placement.trainingCode).lean(),
        subscriptions
          .findOne({ schoolId: placement.schoolId, contactEmail: { $exists: true }, deletedAt: { $exists: false } })
          .select({ contactEmail: 1 })
          .lean(),
      ]);
      const createdAt = new Date().toISOString();
      const messages = notices.map((notice) => ({
        _id: notice.id,
        to: notice.audience === 'company' ? (recognition?.contact.email ?? '') : (school?.contactEmail ?? ''),
        audience: notice.audience,
        template: notice.template,
        ...renderPlacementNotice(notice.template, {
          ...placement,
          trainingName: training?.name ?? placement.trainingCode,
          ...(placement.declineReason ? { reason: placement.declineReason } : {}),
          ...(placement.termination ? { terminationReason: placement.termination.reason } : {}),
        }),
        recognitionId: placement.recognitionId,
        placementId: placement._id,
        partnershipId: placement.partnershipId,
        ...(notice.audience === 'school' ? { schoolId: placement.schoolId } : {}),
        ...(notice.audience === 'company' ? { enterpriseNumber: placement.enterpriseNumber } : {}),
        createdAt,
      }));
      await recordNotices(db, messages);
    },
  };
}
