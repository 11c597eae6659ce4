import type { Connection } from 'mongoose';
import type { PlacementEntry } from '../models/placement';
import type { Evaluation } from '../models/placement-evaluation';
import type { CapSlots } from './cap-slots';
import { feed } from './changes';
import { storedModel } from './stored-model';

// Placements, and the places they take. Each place of a recognition is a document of its own,
// `${recognitionId}:${slot}` for slot 0..capacity-1, taken by inserting it (insertIfAbsent) and
// freed by deleting it: two schools placing at once never take the same place, on MongoDB and
// on FerretDB alike, whose conditional updates and $inc are not atomic under concurrency.

export type StoredPlacement = Omit<PlacementEntry, 'id'> & {
  _id: string;
  /** Its slot of the school's cap on active placements (store/cap-slots.ts); none before the cap. */
  schoolSlot?: number;
};

export const placementModel = (connection: Connection) => storedModel<Omit<StoredPlacement, '_id'>>(connection, 'placements');

export const placementSlotModel = (connection: Connection) =>
  storedModel<{ recognitionId: string; placementId: string }>(connection, 'placement_slots');

export const slotId = (recognitionId: string, slot: number) => `${recognitionId}:${slot}`;

export function toPlacementEntry({ _id, schoolSlot: _slot, ...fields }: StoredPlacement): PlacementEntry {
  return { id: _id, ...fields };
}

/**
 * Writes a placement and feeds its listing, so every API process counts its place within a
 * second; retry-safe as `feed` says.
 */
export async function writePlacement(db: Connection, placement: StoredPlacement) {
  const { _id, ...fields } = placement;
  await placementModel(db).replaceOne({ _id }, fields, { upsert: true });
  await feed(db, { kind: 'placement', entry: toPlacementEntry(placement) });
}

type PlacementSlots = ReturnType<typeof placementSlotModel>;

/**
 * Gives back the recognition's place and the school's slot a placement holds, if it still holds
 * them: after the placement is written ended, so a place is never free while it counts as held.
 */
export async function releasePlaces(
  slots: PlacementSlots,
  schoolSlots: CapSlots,
  placement: Pick<StoredPlacement, '_id' | 'recognitionId' | 'slot' | 'schoolId' | 'schoolSlot'>,
) {
  await slots.deleteOne({ _id: slotId(placement.recognitionId, placement.slot), placementId: placement._id });
  if (placement.schoolSlot !== undefined) {
    await schoolSlots.free('activePlacementsPerSchool', placement.schoolId, placement.schoolSlot, placement._id);
  }
}

/** The mentor's evaluation input, one document per placement and moment (`${placementId}:${moment}`): a second replaces the first. */
export const placementEvaluationModel = (connection: Connection) => storedModel<Evaluation>(connection, 'placement_evaluations');
