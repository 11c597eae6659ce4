import { z } from 'zod';
import { endOfDayInBrussels } from './dates';
import { enterpriseNumber, establishmentNumber, isoDate } from './formats';
import { coded } from './problem-codes';
import { type Recognition, statusOn } from './recognition';
import { RECOGNITION_STATUSES, type RecognitionStatus } from './recognition-status';

// The register schools consult: is a workplace recognised for a training on a date, and which
// recognised workplaces are there. Public fields only: never mentors or contacts.

export const verifyQuery = z
  .object({
    enterpriseNumber,
    establishmentNumber,
    trainingCode: z.string().trim().min(1).max(80),
    date: isoDate.optional().describe('Default: today'),
  })
  .strict();

export const verification = z
  .object({
    recognized: z.boolean(),
    status: z.union([z.enum(RECOGNITION_STATUSES), z.literal('none')]),
    recognitionId: z.string().optional(),
    validFrom: z.string().optional(),
    validUntil: z.string().optional(),
  })
  .meta({ id: 'Verification' });

export type Verification = z.infer<typeof verification>;

type Candidate = Pick<Recognition, 'id' | 'enterpriseNumber' | 'validFrom' | 'validUntil' | 'history'> & {
  /** Set when the period ended while a renewal asked in time awaited the decision. */
  keptActiveAt?: string;
};

/**
 * Whether the workplace was recognised on `date` (at the end of that day in Brussels), from the
 * status history of its recognitions: the one whose validity covers the date answers.
 */
export function verifyOn(candidates: Candidate[], enterprise: string, date: string): Verification {
  const endOfDay = endOfDayInBrussels(date).toISOString();
  const covering = candidates
    .filter((c) => c.enterpriseNumber === enterprise && c.validFrom <= date)
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  for (const candidate of covering) {
    const known = statusOn(candidate.history, endOfDay);
    if (!known) continue;
    // A date past the end of validity that the history has not reached yet (a future date),
    // unless a renewal asked in time keeps it active until the partnership decides.
    const keptActive = !!candidate.keptActiveAt;
    const status: RecognitionStatus = known === 'active' && date > candidate.validUntil && !keptActive ? 'expired' : known;
    return {
      recognized: status === 'active',
      status,
      recognitionId: candidate.id,
      validFrom: candidate.validFrom,
      validUntil: candidate.validUntil,
    };
  }
  return { recognized: false, status: 'none' };
}

export const searchQuery = z
  .object({
    trainingCode: z.string().trim().min(1).max(80).optional(),
    postcode: z
      .string()
      .regex(/^[1-9]\d{3}$/, coded('postcode', 'must be a Belgian postcode of 4 digits'))
      .optional(),
    hasCapacity: z.enum(['true', 'false']).optional().describe('true: only workplaces that can take a learner'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const registerItem = z
  .object({
    recognitionId: z.string(),
    companyName: z.string(),
    establishmentNumber: z.string(),
    address: z.object({ postcode: z.string(), municipality: z.string() }),
    trainingCode: z.string(),
    capacity: z.number(),
    freeCapacity: z.number().describe('Places not taken by active placements'),
  })
  .meta({ id: 'RegisterItem' });

export const searchResult = z
  .object({ items: z.array(registerItem), page: z.number(), pageSize: z.number(), next: z.string().optional() })
  .meta({ id: 'RegisterSearchResult' });

export const identifyQuery = z
  .object({
    name: z.string().trim().min(2).max(200).optional().describe('The start of the company name, case and accents ignored'),
    enterpriseNumber: enterpriseNumber.optional(),
  })
  .strict()
  .refine((q) => (q.name === undefined) !== (q.enterpriseNumber === undefined), {
    ...coded('either-name-or-number', 'give either a name or an enterprise number, not both'),
    path: ['name'],
  })
  .meta({ exactlyOneOf: ['name', 'enterpriseNumber'] });

export const companyRecognitions = z
  .object({
    enterpriseNumber: z.string(),
    companyName: z.string(),
    recognitions: z.array(
      z.object({
        recognitionId: z.string(),
        establishmentNumber: z.string(),
        trainingCode: z.string(),
        status: z.string(),
        validFrom: z.string(),
        validUntil: z.string(),
        address: z.object({ postcode: z.string(), municipality: z.string() }),
      }),
    ),
  })
  .meta({ id: 'CompanyRecognitions' });

/** A company name as a search key: lower case, without accents or repeated spaces. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
