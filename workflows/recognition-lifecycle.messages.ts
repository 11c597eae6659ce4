import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { decisionInput } from '../models/application-dossier';
import type { FeedbackSummary } from '../models/learner-feedback';
import type { CheckRhythm } from '../models/recognition-rules';
import type { QualityCheck, answersInput, evaluationInput } from '../models/quality-check';
import type { ChangeValues } from '../models/change-rules';
import type {
  ChangeOutcome,
  Recognition,
  RenewalChanges,
  incidentInput,
  mentorsInput,
  recognitionWithdrawalInput,
  reinstatementInput,
  suspensionInput,
} from '../models/recognition';
import type { Actor } from './dossier-messages';

// The recognition lifecycle workflow's messages: how it is started (and continued as new) and
// what a company, a reviewer or a school may ask of it.

export type { Actor } from './dossier-messages';
export { STATUS_CONFLICT } from './dossier-messages';

export const RECOGNITION_WORKFLOW = 'recognitionWorkflow';
export const recognitionWorkflowId = (recognitionId: string) => `recognition-${recognitionId}`;

/** What one run hands to the next (continue-as-new). */
export interface CarriedState {
  checks: QualityCheck[];
  nextCheckAt: number;
  rhythm: CheckRhythm;
  /** The latest quality check closed ok (none yet counts as ok). */
  lastCheckOk: boolean;
  /** The approved renewal's end (RFC 3339), applied when the current period ends. */
  renewedUntil?: string;
  /** The learners' feedback is good: the next periodic check asks nothing (absent before it existed). */
  goodFeedback?: boolean;
}

export interface RecognitionWorkflowInput {
  recognition: Recognition;
  carried?: CarriedState;
}

/** The workflow's signature, for callers that start it by name without importing its code. */
export type RecognitionWorkflow = (input: RecognitionWorkflowInput) => Promise<Recognition['status']>;

export type CheckAnswers = { checkId: string } & z.infer<typeof answersInput> & Actor;
export type CheckEvaluation = { checkId: string } & z.infer<typeof evaluationInput> & Actor;
/** `schoolId`: the reporting school's, when a school reports. */
export type IncidentReport = z.infer<typeof incidentInput> & Actor & { schoolId?: string };
export type MentorChange = { mentors: z.infer<typeof mentorsInput> } & Actor;
export type Suspension = z.infer<typeof suspensionInput> & Actor;
export type Reinstatement = z.infer<typeof reinstatementInput> & Actor;
export type RecognitionWithdrawal = z.infer<typeof recognitionWithdrawalInput> & Actor;
export type RenewalRequest = { unchanged: boolean; changes?: RenewalChanges } & Actor;
export type RenewalDecision = z.infer<typeof decisionInput> & Actor;

export const answerCheckUpdate = defineUpdate<void, [CheckAnswers]>('answerCheck');
/** Answers the improvement plan it opened, when the evaluation gave actions. */
export const evaluateCheckUpdate = defineUpdate<{ improvementPlanId?: string }, [CheckEvaluation]>('evaluateCheck');
/** Answers the id of the quality check that handles the report. */
export const reportIncidentUpdate = defineUpdate<string, [IncidentReport]>('reportIncident');
export const changeMentorsUpdate = defineUpdate<void, [MentorChange]>('changeMentors');
/** A change during validity: what the policy allows is in force at once, the rest waits for review. */
export type RecognitionChangeRequest = { changes: ChangeValues } & Actor;
export const changeRecognitionUpdate = defineUpdate<ChangeOutcome, [RecognitionChangeRequest]>('changeRecognition');
export type ChangeDecision = { changeId: string } & z.infer<typeof decisionInput> & Actor;
export const decideChangeUpdate = defineUpdate<void, [ChangeDecision]>('decideChange');
export const suspendUpdate = defineUpdate<void, [Suspension]>('suspend');
export const reinstateUpdate = defineUpdate<void, [Reinstatement]>('reinstate');
export const withdrawRecognitionUpdate = defineUpdate<void, [RecognitionWithdrawal]>('withdraw');
/** `reasons`: set when the recognition ends for the company (its enterprise stopped in the KBO). */
export type Termination = Actor & { reasons?: string[] };
export const terminateUpdate = defineUpdate<void, [Termination]>('terminate');
export const renewUpdate = defineUpdate<void, [RenewalRequest]>('renew');
export const decideRenewalUpdate = defineUpdate<void, [RenewalDecision]>('decideRenewal');
/** The learners' feedback on the workplace as it now stands (aggregated, from three answers). */
export type LearnerFeedbackNews = { summary: FeedbackSummary } & Actor;
export const learnerFeedbackUpdate = defineUpdate<void, [LearnerFeedbackNews]>('learnerFeedback');
export const recognitionQuery = defineQuery<Recognition>('recognition');
/** An improvement plan's workflow tells its recognition that the plan is done (a follow-up check opens) or overdue. */
export type ImprovementPlanSettled = { planId: string; status: 'done' | 'overdue' };
export const improvementPlanSettledSignal = defineSignal<[ImprovementPlanSettled]>('improvementPlanSettled');
