// A recognition's statuses, apart from its schemas so that a workflow can read them without
// loading every input format.

/** Live: a workplace that may train (suspended only for now). Final: never live again. */
export const LIVE_RECOGNITION_STATUSES = ['active', 'suspended'] as const;
export const FINAL_RECOGNITION_STATUSES = ['withdrawn', 'expired', 'ended'] as const;
export const RECOGNITION_STATUSES = [...LIVE_RECOGNITION_STATUSES, ...FINAL_RECOGNITION_STATUSES] as const;
export type RecognitionStatus = (typeof RECOGNITION_STATUSES)[number];
export type LiveRecognitionStatus = (typeof LIVE_RECOGNITION_STATUSES)[number];

export const isLiveRecognitionStatus = (status: RecognitionStatus): status is LiveRecognitionStatus =>
  (LIVE_RECOGNITION_STATUSES as readonly string[]).includes(status);
export const isFinalRecognitionStatus = (status: RecognitionStatus) => !isLiveRecognitionStatus(status);
