import type { Connection } from 'mongoose';
import type { LearnerFeedback } from '../models/learner-feedback';
import { storedModel } from './stored-model';

// The learners' feedback, one document per placement (`_id` the placement's id, so a second
// answer cannot be written beside the first), and the one-time links a school hands a learner
// (`_id` the SHA-256 of the token: the token itself is never stored).

export type StoredLearnerFeedback = Omit<LearnerFeedback, 'placementId'> & { _id: string };

export const learnerFeedbackModel = (connection: Connection) =>
  storedModel<Omit<StoredLearnerFeedback, '_id'>>(connection, 'learner_feedback');

export interface FeedbackLink {
  placementId: string;
  expiresAt: string;
  usedAt?: string;
}

/** Retention deletes the expired links by `expiresAt`. */
export const feedbackLinkModel = (connection: Connection) =>
  storedModel<FeedbackLink>(connection, 'feedback_links', [[{ expiresAt: 1 }]]);
