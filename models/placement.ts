import { z } from 'zod';
import { isoDate } from './formats';
import { coded } from './problem-codes';
import { RECOGNITION_STATUSES } from './recognition';

// A learner placed at a recognised workplace by a school: one of the recognition's places
// (capacity) taken from `startsOn` until the school ends it. Pure.

/** Eleven digits, with or without the usual separators (85.07.30-033.28): a national number. */
const NATIONAL_NUMBER = /^\d{2}\D?\d{2}\D?\d{2}\D?\d{3}\D?\d{2}$/;

export const placementInput = z
  .object({
    recognitionId: z.string().trim().min(1).max(80),
    learnerReference: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .refine(
        (value) => !NATIONAL_NUMBER.test(value.replace(/\s/g, '')),
        coded('national-number', 'use the school’s own pseudonymous code, never a national number'),
      )
      .describe('The school’s own pseudonymous code for the learner; never a national number'),
    startsOn: isoDate,
    endsOn: isoDate.optional().describe('The planned end; the place is freed when the school ends the placement'),
  })
  .strict()
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, {
    ...coded('ends-before-start', 'ends before it starts'),
    path: ['endsOn'],
  })
  .meta({ id: 'PlacementInput' });

export const placementEndInput = z.object({ endedOn: isoDate }).strict().meta({ id: 'PlacementEndInput' });

export const PLACEMENT_STATUSES = ['active', 'ended'] as const;

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
    status: z.enum(PLACEMENT_STATUSES),
    endedOn: z.string().optional(),
    createdAt: z.string(),
    recognitionStatus: z
      .enum(RECOGNITION_STATUSES)
      .optional()
      .describe('The workplace’s recognition now: a placement at a suspended or withdrawn one needs the school’s attention'),
  })
  .meta({ id: 'Placement' });

export type Placement = z.infer<typeof placementView>;

/** A placement as the lists and the register's free capacity need it. */
export type PlacementEntry = Placement & { partnershipId: string; slot: number; savedAt: string };

export const placementListQuery = z
  .object({
    recognitionId: z.string().trim().min(1).max(80).optional(),
    status: z.enum(PLACEMENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
