import { z } from 'zod';
import { isoDate } from './formats';
import { addressSchema } from './application';
import { learnerReference } from './placement';

// Learners still searching for a workplace (contract v3): a school registers each by its own
// pseudonymous code, the training and where the learner lives; the learner is placed when a
// placement with that code becomes active. Monitoring counts them per partnership (demand). Pure.

export const SEARCHING_LEARNER_STATUSES = ['searching', 'placed'] as const;
export type SearchingLearnerStatus = (typeof SEARCHING_LEARNER_STATUSES)[number];

export const searchingLearnerInput = z
  .object({
    learnerReference,
    trainingCode: z.string().trim().min(1).max(80).describe('The training the learner follows (GET /api/v1/trainings)'),
    postcode: addressSchema.shape.postcode.describe(
      'Where the learner lives: Belgian postcode of 4 digits (monitoring counts it per province)',
    ),
    since: isoDate.describe('Since when the learner searches for a workplace: a day up to today (in Brussels)'),
  })
  .strict()
  .meta({ id: 'SearchingLearnerInput' });

export type SearchingLearnerInput = z.infer<typeof searchingLearnerInput>;

export const searchingLearnerView = z
  .object({
    id: z.string(),
    learnerReference: z.string(),
    trainingCode: z.string(),
    postcode: z.string(),
    since: z.string(),
    status: z.enum(SEARCHING_LEARNER_STATUSES),
    placedAt: z
      .string()
      .optional()
      .describe('When a placement with the learner’s code became active (RFC 3339): the learner is placed'),
    placementId: z.string().optional().describe('That placement'),
    createdAt: z.string(),
  })
  .meta({ id: 'SearchingLearner' });

export type SearchingLearner = z.infer<typeof searchingLearnerView>;

export const searchingLearnerListQuery = z
  .object({
    status: z.enum(SEARCHING_LEARNER_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
