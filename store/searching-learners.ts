import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import type { SearchingLearner } from '../models/searching-learner';
import { capSlots } from './cap-slots';
import { insertIfAbsent, storedModel } from './stored-model';

// Learners still searching for a workplace, one document each (`searching_learners`), and, while
// one searches, a key document `<schoolId>|<learnerReference>` naming it
// (`searching_learner_keys`), taken by an insert that fails on a taken key before anything else
// is written: a school's second registration of a learner still searching finds the first by
// `_id`, even when both are sent at once (FerretDB 1.x has no atomic conditional update), and
// takes no cap slot; so does the placement that places it. A deleted learner stays as
// `deletedAt`, so monitoring can tell who was searching at a year's end.

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

const searchingKeyModel = (connection: Connection) =>
  storedModel<{ learnerId: string; at: string }>(connection, 'searching_learner_keys');

/** A key whose learner is not written this long after it was taken was left by a registration cut off. */
const ABANDONED_MS = 30_000;
/** How often a registration of a learner whose registration is under way looks again for it. */
const LOOKS = 8;

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

  /**
   * The learner a key names, if it still searches; a key left by one no longer searching, or
   * by a registration cut off before its learner was written, is dropped. `pending`: the key's
   * learner is not written yet, its registration under way.
   */
  async function holderOf(key: string): Promise<StoredSearchingLearner | 'pending' | undefined> {
    const held = await keys.findById(key).lean();
    if (!held) return undefined;
    const learner = await find(held.learnerId);
    if (stillSearching(learner)) return learner;
    if (!learner && Date.now() - Date.parse(held.at) < ABANDONED_MS) return 'pending';
    await keys.deleteOne({ _id: key, learnerId: held.learnerId });
    return undefined;
  }

  /**
   * Takes the learner's code for a new registration `learnerId`, before anything of it is
   * written; or, when the school's learner under that code still searches (or is being
   * registered at this moment: it waits for it), answers that one.
   */
  async function claim(schoolId: string, learnerReference: string, learnerId: string) {
    const key = keyOf(schoolId, learnerReference);
    for (let look = 0; look < LOOKS; look++) {
      if (await insertIfAbsent(keys, { _id: key, learnerId, at: new Date().toISOString() })) return undefined;
      const holder = await holderOf(key);
      if (holder === 'pending') await sleep(25 * 2 ** look);
      else if (holder) return holder;
    }
    throw new Error(`learner ${learnerReference} of school ${schoolId}: another registration holds its code`);
  }

  /** Gives the code back after a registration that was refused (at the cap) or failed. */
  const unclaim = (schoolId: string, learnerReference: string, learnerId: string) =>
    keys.deleteOne({ _id: keyOf(schoolId, learnerReference), learnerId });

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

  return { learners, slots, claim, unclaim, searchingCount, list, remove, markPlaced, ofYear };
}
