import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { ApplicationInput, ApplicationStatus, SupplementInput } from '../models/application';
import type { FiledBy, decisionInput, infoRequestInput, objectionInput, visitInput } from '../models/application-dossier';
import type { Actor } from './dossier-messages';

// The application review workflow's messages: how it is started and what may be asked of it.
// Updates answer once the dossier in the store shows their effect.

export type { Actor } from './dossier-messages';
export { STATUS_CONFLICT } from './dossier-messages';

export const APPLICATION_WORKFLOW = 'applicationWorkflow';
export const applicationWorkflowId = (applicationId: string) => `application-${applicationId}`;

export interface ApplicationWorkflowInput {
  applicationId: string;
  application: ApplicationInput;
  partnershipId: string;
  requestHash: string;
  submittedBy: string;
  submittedAt: string;
  /** Absent in histories from before it was recorded. */
  filedBy?: FiledBy;
}

/** The intake's answer: the dossier is open, or the workplace is held by another dossier. */
export type IntakeResult = { opened: true } | { opened: false; heldBy: { kind: 'application' | 'recognition'; id: string } };

export type InformationRequest = z.infer<typeof infoRequestInput> & Actor;
export type VisitRecord = z.infer<typeof visitInput> & Actor;
export type Decision = z.infer<typeof decisionInput> & Actor;
export type Supplement = SupplementInput & Actor;
export type Objection = z.infer<typeof objectionInput> & Actor;

export const intakeUpdate = defineUpdate<IntakeResult>('intake');
export const requestInformationUpdate = defineUpdate<void, [InformationRequest]>('requestInformation');
export const recordVisitUpdate = defineUpdate<void, [VisitRecord]>('recordVisit');
export const decideUpdate = defineUpdate<void, [Decision]>('decide');
export const supplementUpdate = defineUpdate<void, [Supplement]>('supplement');
export const withdrawUpdate = defineUpdate<void, [Actor]>('withdraw');
export const objectUpdate = defineUpdate<void, [Objection]>('object');
export const statusQuery = defineQuery<ApplicationStatus>('status');
