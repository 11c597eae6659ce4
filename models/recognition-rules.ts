import { durationMs } from './duration';
import { LIVE_RECOGNITION_STATUSES, type RecognitionStatus } from './recognition-status';
import { statusRules } from './status-rules';

// Rules of a live recognition, shared by the API (an immediate 409) and the recognition workflow.

export const RECOGNITION_ACTIONS = {
  suspend: ['active'],
  reinstate: ['suspended'],
  withdraw: LIVE_RECOGNITION_STATUSES,
  terminate: LIVE_RECOGNITION_STATUSES,
  renew: ['active'],
  decideRenewal: ['active'],
  changeMentors: LIVE_RECOGNITION_STATUSES,
  change: LIVE_RECOGNITION_STATUSES,
  decideChange: LIVE_RECOGNITION_STATUSES,
  reportIncident: LIVE_RECOGNITION_STATUSES,
  hearLearners: LIVE_RECOGNITION_STATUSES,
  answerCheck: LIVE_RECOGNITION_STATUSES,
  evaluateCheck: LIVE_RECOGNITION_STATUSES,
} as const satisfies Record<string, readonly RecognitionStatus[]>;

export type RecognitionAction = keyof typeof RECOGNITION_ACTIONS;

export const { allowed: recognitionActionAllowed, refusal: recognitionActionRefusal } = statusRules<
  RecognitionStatus,
  typeof RECOGNITION_ACTIONS
>(RECOGNITION_ACTIONS, 'recognition');

/**
 * Risk-based lightening: after two consecutive `ok` checks without an incident the interval
 * doubles (never beyond the validity); an incident or any other outcome resets it.
 */
export interface CheckRhythm {
  factor: number;
  consecutiveOk: number;
}

export const INITIAL_RHYTHM: CheckRhythm = { factor: 1, consecutiveOk: 0 };

export function nextRhythm(rhythm: CheckRhythm, event: 'ok' | 'not-ok' | 'incident'): CheckRhythm {
  if (event !== 'ok') return INITIAL_RHYTHM;
  const consecutiveOk = rhythm.consecutiveOk + 1;
  return consecutiveOk >= 2 ? { factor: rhythm.factor * 2, consecutiveOk: 0 } : { ...rhythm, consecutiveOk };
}

/** The time until the next periodic check, capped at the validity. */
export function checkIntervalMs(interval: string, factor: number, validity: string, from: Date): number {
  return Math.min(durationMs(interval, from) * factor, durationMs(validity, from));
}

/** After `improvement-needed`, the follow-up check comes after a quarter of the interval. */
export function followUpIntervalMs(interval: string, from: Date): number {
  return Math.max(1000, Math.floor(durationMs(interval, from) / 4));
}
