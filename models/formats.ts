import { z } from 'zod';
import { isValidDate } from './dates';
import { DURATION_PATTERN } from './duration';
import { type NumberKind, normalizeCompanyNumber } from './identifiers';

// Shared zod formats of the contract (Formats), used by every input schema.

export const isoDuration = z
  .string()
  .regex(DURATION_PATTERN, 'must be an ISO 8601 duration such as P14D, P5Y or PT30S')
  .meta({ example: 'P14D' });

export const isoDate = z
  .string()
  .refine(isValidDate, 'must be a date as YYYY-MM-DD')
  .meta({ example: '2026-11-27' });

function companyNumber(kind: NumberKind, example: string) {
  return z
    .string()
    .transform((value, ctx) => {
      const result = normalizeCompanyNumber(value, kind);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    })
    .meta({ example, description: `10 digits; ${example}, BE${example.replace(/\./g, '')} and the dotted form are accepted` });
}

export const enterpriseNumber = companyNumber('enterprise', '0403.170.701');
export const establishmentNumber = companyNumber('establishment', '2123.456.791');
