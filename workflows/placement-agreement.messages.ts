import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PlacementEntry } from '../models/placement';
import type { PlacementStatus, TerminationReason } from '../models/placement-status';
import type { Actor } from './dossier-messages';

// The placement agreement workflow's messages: how it is started and what the school and the
// company may ask of it. Updates answer with the placement as the store now has it.

export type { Actor } from './dossier-messages';
export { STATUS_CONFLICT } from './dossier-messages';

export const PLACEMENT_WORKFLOW = 'placementWorkflow';
export const placementWorkflowId = (placementId: string) => `placement-${placementId}`;

/** The proposal as the API made it; the workflow takes its places. */
export interface PlacementWorkflowInput {
  placement: Omit<PlacementEntry, 'slot'>;
  /** The school's cap on placements holding a place (`activePlacementsPerSchool`). */
  schoolCap: number;
}

/** A placement as the workflow holds it: with the workplace's place and the school's slot it took. */
export type HeldPlacement = PlacementEntry & { schoolSlot?: number };

/** Why a proposal took no place: the workplace has none free, or the school is at its cap. */
export type PlaceRefusal = { refused: 'no-free-place' } | { refused: 'cap-reached'; limit: number };

/** The proposal's answer: the placement as written, or why it was not. */
export type ProposalResult = { placement: PlacementEntry } | PlaceRefusal;

export type Party = 'school' | 'company';

export type Acceptance = { mentor: NonNullable<PlacementEntry['mentor']> } & Actor;
export type Refusal = { reason: string } & Actor;
export type Ending = { endedOn: string } & Actor;
export type Termination = { endedOn: string; reason: TerminationReason; note?: string; party: Party } & Actor;

export const proposeUpdate = defineUpdate<ProposalResult>('propose');
export const acceptUpdate = defineUpdate<PlacementEntry, [Acceptance]>('accept');
export const declineUpdate = defineUpdate<PlacementEntry, [Refusal]>('decline');
export const endUpdate = defineUpdate<PlacementEntry, [Ending]>('end');
export const terminateUpdate = defineUpdate<PlacementEntry, [Termination]>('terminate');
export const statusQuery = defineQuery<PlacementStatus>('status');
