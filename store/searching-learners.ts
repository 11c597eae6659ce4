import type { Connection } from 'mongoose';
import type { SearchingLearner } from '../models/searching-learner';
import { capSlots } from './cap-slots';
import { insertIfAbsent, storedModel } from './stored-model';

// Learners still searching for a workplace, one document each (`searching_learners`), and, while
// one searches, a key document `<schoolId>|<learnerReference>` naming it
// (`searching_learner_keys`), taken by an insert that fails on a taken key: a school's second
// registration of a learner still searching finds the first by `_id`, even when both are sent at
// once (FerretDB 1.x has no atomic conditional update), and so does the placement that places it.
// A deleted learner stays as `deletedAt`, so monitoring can tell who was searching at a year's end.

export const SEARCHING_CAP = 'searchingLearnersPerSchool';

export type StoredSearchingLearner = Omit<SearchingLearner, 'id'> & {
  _id: string;
  schoolId: string;
  /** Its slot of the school's cap while it searches (store/cap-slots.ts). */
  slot?: number;
  deletedAt?: string;
};

export const searchingLearnerModel = (connection: Connection) =>
  storedModel<Omit<StoredSearchingLearner, '_id'>>(connection, 'searching_learners');

const searchingKeyModel = (connection: Connection) => storedModel<{ learnerId: string }>(connection, 'searching_learner_keys');

const keyOf = (schoolId: string, learnerReference: string) => `${schoolId}|${learnerReference}`;

export const toSearchingLearner = ({
  _id,
  schoolId: _s,
  slot: _slot,
  deletedAt: _d,
  ...view
}: StoredSearchingLearner): SearchingLearner => ({ id: _id, ...view });

const stillSearching = (learner: StoredSearchingLearner | null): learner is StoredSearchingLearner =>
  learner !== null && learner.status === 'searching' && learner.deletedAt === undefined;

export function searchingLearnerStore(connection: Connection) {
  const learners = searchingLearnerModel(connection);
  const keys = searchingKeyModel(connection);
  const slots = capSlots(connection);

  const find = (id: string) => learners.findById(id).lean<StoredSearchingLearner>();

  /** The school's learner with this code still searching, if any; a key left by one no longer searching is dropped. */
  async function searchingOf(schoolId: string, learnerReference: string): Promise<StoredSearchingLearner | undefined> {
    const key = keyOf(schoolId, learnerReference);
    const held = await keys.findById(key).lean();
    if (!held) return undefined;
    const learner = await find(held.learnerId);
    if (stillSearching(learner)) return learner;
    await keys.deleteOne({ _id: key, learnerId: held.learnerId });
    return undefined;
  }

  /**
   * Makes `learner` the one searching under its code (written first, so a key always names a
   * written learner), or, when another of the school's is already searching under it, removes
   * this one and gives that one back.
   */
  async function claim(learner: StoredSearchingLearner): Promise<StoredSearchingLearner | undefined> {
    const key = keyOf(learner.schoolId, learner.learnerReference);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await insertIfAbsent(keys, { _id: key, learnerId: learner._id })) return undefined;
      const other = await searchingOf(learner.schoolId, learner.learnerReference);
      if (other) {
        await learners.deleteOne({ _id: learner._id });
        if (learner.slot !== undefined) await slots.free(SEARCHING_CAP, learner.schoolId, learner.slot, learner._id);
        return other;
      }
    }
    throw new Error(`could not register learner ${learner._id}: its key stays taken`);
  }

  /** How many of the school's learners search now (those registered before the cap hold no slot but count). */
  const searchingCount = (schoolId: string) =>
    learners.countDocuments({ schoolId, status: 'searching', deletedAt: { $exists: false } });

  /** The school's learners, newest first, at most `limit`. */
  const list = (schoolId: string, status: SearchingLearner['status'] | undefined, limit: number) =>
    learners
      .find({ schoolId, deletedAt: { $exists: false }, ...(status ? { status } : {}) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<StoredSearchingLearner[]>();

  /** Stops the learner searching: its slot and key given back (each only if still its own). */
  async function release(learner: StoredSearchingLearner) {
    if (learner.slot !== undefined) await slots.free(SEARCHING_CAP, learner.schoolId, learner.slot, learner._id);
    await keys.deleteOne({ _id: keyOf(learner.schoolId, learner.learnerReference), learnerId: learner._id });
  }

  /** Deletes one of the school's learners; false when it has none by that id. Slot and key first: cut off, it can be deleted again. */
  async function remove(schoolId: string, id: string, at: string): Promise<boolean> {
    const learner = await learners.findOne({ _id: id, schoolId, deletedAt: { $exists: false } }).lean<StoredSearchingLearner>();
    if (!learner) return false;
    await release(learner);
    await learners.updateOne({ _id: id }, { $set: { deletedAt: at } });
    return true;
  }

  /**
   * The school's learner searching under this code is placed by this placement, at `placedAt`.
   * Retry-safe: a learner already placed by it only has its slot and key given back again; one
   * registered after the placement became active is not this placement's learner.
   */
  async function markPlaced(placement: { schoolId: string; learnerReference: string; placementId: string; placedAt: string }) {
    const held = await keys.findById(keyOf(placement.schoolId, placement.learnerReference)).lean();
    const learner = held ? await find(held.learnerId) : null;
    if (!learner) return;
    if (learner.placementId === placement.placementId) return release(learner);
    if (!stillSearching(learner) || learner.createdAt > placement.placedAt) return;
    await learners.updateOne(
      { _id: learner._id, status: 'searching' },
      { $set: { status: 'placed', placedAt: placement.placedAt, placementId: placement.placementId } },
    );
    await release(learner);
  }

  /**
   * What monitoring counts of learners whose training is one of `trainingCodes`: those that may
   * have searched between `start` and `end` (registered before the end, not placed or deleted
   * before the start), at most `limit`.
   */
  const ofYear = (trainingCodes: string[], start: string, end: string, limit: number) =>
    learners
      .find({
        trainingCode: { $in: trainingCodes },
        createdAt: { $lt: end },
        $and: [
          { $or: [{ placedAt: { $exists: false } }, { placedAt: { $gte: start } }] },
          { $or: [{ deletedAt: { $exists: false } }, { deletedAt: { $gte: start } }] },
        ],
      })
      .select({ trainingCode: 1, postcode: 1, since: 1, createdAt: 1, placedAt: 1, deletedAt: 1 })
      .limit(limit)
      .lean<
        Array<Pick<StoredSearchingLearner, 'trainingCode' | 'postcode' | 'since' | 'createdAt' | 'placedAt' | 'deletedAt'>>
      >();

  return { learners, slots, find, searchingOf, claim, searchingCount, list, remove, markPlaced, ofYear };
}
