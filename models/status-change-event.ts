// The event a school receives on each status change of a recognition it follows. Pure: the
// recognition workflow builds it.

export const STATUS_CHANGED = 'recognition.status_changed';

export interface StatusChangedEvent {
  /** Unique per change: the webhook-id, so a receiver can drop a repeat. */
  id: string;
  type: typeof STATUS_CHANGED;
  timestamp: string;
  data: {
    recognitionId: string;
    enterpriseNumber: string;
    establishmentNumber: string;
    trainingCode: string;
    status: string;
    previousStatus: string | null;
    at: string;
  };
}
