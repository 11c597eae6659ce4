import { z } from 'zod';
import { isoDate } from './formats';
import { coded } from './problem-codes';
import { AGREEMENT_TYPES, PLACEMENT_STATUSES, TERMINATION_REASONS } from './placement-status';
import { RECOGNITION_STATUSES } from './recognition';

// A placement: an agreement between a school, a recognised workplace and one learner (the
// school's pseudonymous code), on the training's plan. The school proposes it and one of the
// recognition's places (capacity) is held at once; the company accepts or declines; it ends by
// itself on `endsOn`, or early by either party. Pure.

/** Eleven digits, with or without the usual separators (85.07.30-033.28): a national number. */
const NATIONAL_NUMBER = /^\d{2}\D?\d{2}\D?\d{2}\D?\d{3}\D?\d{2}$/;

/** The school's own pseudonymous code for a learner: placements and searching learners alike. */
export const learnerReference = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .refine(
    (value) => !NATIONAL_NUMBER.test(value.replace(/\s/g, '')),
    coded('national-number', 'use the school’s own pseudonymous code, never a national number'),
  )
  .describe('The school’s own pseudonymous code for the learner; never a national number');

export const placementInput = z
  .object({
    recognitionId: z.string().trim().min(1).max(80),
    learnerReference,
    startsOn: isoDate,
    endsOn: isoDate.optional().describe('The planned end: the placement ends by itself after this day and frees its place'),
    agreementType: z.enum(AGREEMENT_TYPES).default('dual').describe('dual (the default), internship or other'),
    trainingPlan: z
      .object({
        activities: z
          .array(z.string().trim().min(1).max(80))
          .min(1)
          .max(100)
          .describe('Codes of the training’s activities done at the workplace (GET /api/v1/trainings/{code})'),
      })
      .strict()
      .optional()
      .describe('The activities of the training’s plan done at the workplace; by default all of them'),
  })
  .strict()
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, {
    ...coded('ends-before-start', 'ends before it starts'),
    path: ['endsOn'],
  })
  .meta({ id: 'PlacementInput' });

export const placementEndInput = z.object({ endedOn: isoDate }).strict().meta({ id: 'PlacementEndInput' });

export const placementView = z
  .object({
    id: z.string(),
    recognitionId: z.string(),
    companyName: z.string().describe('The recognised workplace’s company, as when placed'),
    trainingCode: z.string(),
    schoolId: z.string(),
    learnerReference: z.string(),
    startsOn: z.string(),
    endsOn: z.string().optional(),
    agreementType: z.enum(AGREEMENT_TYPES),
    trainingPlan: z.object({ activities: z.array(z.string()) }),
    status: z.enum(PLACEMENT_STATUSES),
    answerDue: z.string().describe('Until when the company may answer the proposal (RFC 3339); unanswered, it expires'),
    answeredAt: z.string().optional(),
    mentor: z
      .object({ id: z.string().optional(), firstName: z.string(), lastName: z.string() })
      .optional()
      .describe('The recognition’s mentor the company named on accepting'),
    declineReason: z.string().optional(),
    endedOn: z.string().optional(),
    termination: z
      .object({ reason: z.enum(TERMINATION_REASONS), note: z.string().optional(), by: z.enum(['school', 'company']) })
      .optional()
      .describe('Why and by whom a placement was ended early'),
    createdAt: z.string(),
    recognitionStatus: z
      .enum(RECOGNITION_STATUSES)
      .optional()
      .describe('The workplace’s recognition now: a placement at a suspended or withdrawn one needs the school’s attention'),
  })
  .meta({ id: 'Placement' });

export type Placement = z.infer<typeof placementView>;

/** A placement as the lists and the register's free capacity need it. */
export type PlacementEntry = Omit<Placement, 'recognitionStatus'> & {
  enterpriseNumber: string;
  partnershipId: string;
  slot: number;
  savedAt: string;
};

export const placementAcceptanceInput = z
  .object({
    mentor: z
      .object({ firstName: z.string().trim().min(1).max(100), lastName: z.string().trim().min(1).max(100) })
      .strict()
      .describe('One of the recognition’s mentors, by name'),
  })
  .strict()
  .meta({ id: 'PlacementAcceptanceInput' });

export const placementDeclineInput = z
  .object({ reason: z.string().trim().min(1).max(1000).describe('Why the company declines, for the school') })
  .strict()
  .meta({ id: 'PlacementDeclineInput' });

export const placementTerminationInput = z
  .object({ endedOn: isoDate, reason: z.enum(TERMINATION_REASONS), note: z.string().trim().min(1).max(1000).optional() })
  .strict()
  .meta({ id: 'PlacementTerminationInput' });

export const placementListQuery = z
  .object({
    recognitionId: z.string().trim().min(1).max(80).optional(),
    status: z.enum(PLACEMENT_STATUSES).optional(),
    learnerReference: learnerReference.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
