import { defineSignal } from '@temporalio/workflow';
import type { StatusChangedEvent } from '../models/status-change-event';

// The status-change fan-out's messages: one workflow per recognition, fed by signals, that hands
// each status change to the delivery workflow of every matching subscription.

export const STATUS_CHANGE_FANOUT_WORKFLOW = 'statusChangeFanoutWorkflow';
export const statusChangeFanoutWorkflowId = (recognitionId: string) => `status-changes-${recognitionId}`;

/** How far the first pending change has come. */
export interface FanoutProgress {
  /** Schools with learners placed at the recognition when its fan-out began: their subscriptions match too. */
  schools: string[];
  /** The last subscription handed the change (subscriptions go by `_id`). */
  after?: string;
}

export interface StatusChangeFanoutInput {
  recognitionId: string;
  /** Carried over continue-as-new. */
  pending?: StatusChangedEvent[];
  progress?: FanoutProgress;
  recentlyDone?: string[];
}

export const statusChangeSignal = defineSignal<[StatusChangedEvent]>('statusChange');

/** The workflow's signature, for clients that start it by name without importing its code. */
export type StatusChangeFanoutWorkflow = (input: StatusChangeFanoutInput) => Promise<void>;
