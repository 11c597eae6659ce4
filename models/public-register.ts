import { z } from 'zod';
import { coded } from './problem-codes';
import type { Recognition } from './recognition';
import { RECOGNITION_STATUSES, type RecognitionStatus } from './recognition-status';
import { nameKey, verifyOn } from './register';

// The public register: the recognised workplaces as anyone may see them (a learner, a parent, a
// school without an account), and the open data made of them. Public fields only: the company's
// name, the establishment's address, the training and whether a place is free; never a contact,
// a mentor or anything about a person.

/** The training a learner looks for, and where: a postcode, or else a municipality. */
export const publicSearchQuery = z
  .object({
    trainingCode: z.string().trim().min(1).max(80).optional(),
    postcode: z
      .string()
      .trim()
      .regex(/^[1-9]\d{3}$/, coded('postcode', 'must be a Belgian postcode of 4 digits'))
      .optional(),
    municipality: z
      .string()
      .trim()
      .min(2)
      .max(100)
      .optional()
      .describe('Case, accents and hyphens ignored; not used when a postcode is given'),
    page: z.coerce.number().int().min(1).max(1_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

export type PublicSearchQuery = z.infer<typeof publicSearchQuery>;

export const publicWorkplace = z
  .object({
    recognitionId: z.string().describe('To verify it: /verificatie/{recognitionId}'),
    companyName: z.string(),
    address: z.object({ street: z.string(), postcode: z.string(), municipality: z.string() }),
    training: z.object({ code: z.string(), name: z.string() }),
    hasFreePlaces: z.boolean().describe('Whether the workplace can take a learner now'),
  })
  .meta({ id: 'PublicWorkplace' });

export type PublicWorkplace = z.infer<typeof publicWorkplace>;

export const publicSearchResult = z
  .object({ items: z.array(publicWorkplace), page: z.number(), pageSize: z.number(), next: z.string().optional() })
  .meta({ id: 'PublicSearchResult' });

/** What a recognition's verification shows: its public fields and its status today. */
export const publicVerification = publicWorkplace
  .omit({ hasFreePlaces: true })
  .extend({
    partnershipId: z.string(),
    enterpriseNumber: z.string(),
    establishmentNumber: z.string(),
    status: z.enum(RECOGNITION_STATUSES).describe('Today, in Europe/Brussels: active, suspended, withdrawn, expired or ended'),
    validFrom: z.string(),
    validUntil: z.string(),
  })
  .meta({ id: 'PublicVerification' });

export type PublicVerification = z.infer<typeof publicVerification>;

/**
 * A municipality as a search key: case, accents, hyphens and apostrophes ignored, so "Sint-Niklaas",
 * "sint niklaas" and "SINT NIKLAAS" are one place, as are "Leuven" and "leuven ".
 */
export function municipalityKey(municipality: string): string {
  return nameKey(municipality.replace(/[-'’]/g, ' '));
}

/** Every active recognition, as open data. */
export const OPEN_DATA_PATH = '/open-data/erkende-werkplekken.csv';

/** The open data's columns, in order: the same public fields as the search. */
export const OPEN_DATA_COLUMNS = [
  'recognitionId',
  'companyName',
  'street',
  'postcode',
  'municipality',
  'trainingCode',
  'trainingName',
  'hasFreePlaces',
] as const;

/** A workplace as one row of the open data. */
export function openDataRow(workplace: PublicWorkplace): Record<(typeof OPEN_DATA_COLUMNS)[number], string> {
  const { address, training } = workplace;
  return {
    recognitionId: workplace.recognitionId,
    companyName: workplace.companyName,
    street: address.street,
    postcode: address.postcode,
    municipality: address.municipality,
    trainingCode: training.code,
    trainingName: training.name,
    hasFreePlaces: workplace.hasFreePlaces ? 'true' : 'false',
  };
}

/** What the public views need of a register entry (models/register-index.ts). */
interface PublicEntry {
  id: string;
  partnershipId: string;
  status: RecognitionStatus;
  companyName: string;
  enterpriseNumber: string;
  establishmentNumber: string;
  trainingCode: string;
  validFrom: string;
  validUntil: string;
  history: Recognition['history'];
  keptActiveAt?: string;
  address: { street?: string; postcode: string; municipality: string };
}

/** A register entry as the public sees it. */
export function toPublicWorkplace(entry: PublicEntry, trainingName: string, hasFreePlaces: boolean): PublicWorkplace {
  const { street, postcode, municipality } = entry.address;
  return {
    recognitionId: entry.id,
    companyName: entry.companyName,
    address: { street: street ?? '', postcode, municipality },
    training: { code: entry.trainingCode, name: trainingName },
    hasFreePlaces,
  };
}

/**
 * The status on `today` as the register answers it: past its end a recognition is expired even
 * before its workflow has written so (unless a renewal asked in time keeps it), and one whose
 * validity has not begun yet has the status it was given.
 */
export function statusToday(entry: PublicEntry, today: string): RecognitionStatus {
  const answer = verifyOn([entry], entry.enterpriseNumber, today);
  return answer.status === 'none' ? entry.status : answer.status;
}

/** A recognition's verification: its public fields and its status today. */
export function toPublicVerification(entry: PublicEntry, trainingName: string, today: string): PublicVerification {
  const { recognitionId, companyName, address, training } = toPublicWorkplace(entry, trainingName, false);
  return {
    recognitionId,
    companyName,
    partnershipId: entry.partnershipId,
    enterpriseNumber: entry.enterpriseNumber,
    establishmentNumber: entry.establishmentNumber,
    address,
    training,
    status: statusToday(entry, today),
    validFrom: entry.validFrom,
    validUntil: entry.validUntil,
  };
}
