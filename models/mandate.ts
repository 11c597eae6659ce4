import { z } from 'zod';
import { isoDate } from './formats';

// A company's mandate to a school: the school may file applications for the company's
// enterprise, and follow them, until the mandate's last day or its revocation. Pure.

export const mandateInput = z
  .object({
    schoolId: z.string().trim().min(1).max(80).describe('The school given the mandate'),
    validUntil: isoDate.describe('The last day the mandate is in force (YYYY-MM-DD)'),
  })
  .strict()
  .meta({ id: 'MandateInput' });

export const mandateView = z
  .object({
    id: z.string(),
    enterpriseNumber: z.string(),
    schoolId: z.string(),
    validUntil: z.string(),
    grantedAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'Mandate' });

export type Mandate = z.infer<typeof mandateView>;

/**
 * One document per company and school: granting again replaces it (a new end date, no longer
 * revoked), and the intake's check is one read by `_id`.
 */
export const mandateKey = (enterpriseNumber: string, schoolId: string) => `${enterpriseNumber}:${schoolId}`;

/** In force on `today` (YYYY-MM-DD): not revoked and not past its last day. */
export const inForce = (mandate: Pick<Mandate, 'validUntil' | 'revokedAt'>, today: string) =>
  mandate.revokedAt === undefined && mandate.validUntil >= today;

/** A mandate as the lists hold it: the whole mandate, which is small. */
export type MandateEntry = Mandate & { savedAt: string };
