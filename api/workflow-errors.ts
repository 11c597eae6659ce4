import { WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { STATUS_CONFLICT } from '../workflows/application-review';
import { Problem } from './problem';

/**
 * Sends an update to a dossier's workflow, turning the workflow's refusal (its validator, or a
 * workflow that has already closed) into 409.
 */
export async function sendUpdate<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === STATUS_CONFLICT) {
      throw new Problem(409, 'Conflict', error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && /completed|not found/i.test(error.details ?? ''))) {
      throw new Problem(409, 'Conflict', 'The dossier is closed; no further action is possible');
    }
    throw error;
  }
}
