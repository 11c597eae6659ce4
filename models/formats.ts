import { z } from 'zod';
import { isValidDate } from './dates';
import { DURATION_PATTERN, nominalMs } from './duration';
import { type NumberKind, checkCompanyNumber } from './identifiers';
import { coded } from './problem-codes';

// Shared zod formats of the contract (Formats), used by every input schema.

/**
 * An ISO 8601 duration between `min` and `max` (nominal lengths): every duration a dossier
 * computes a date from is bounded, so no accepted value can give an impossible deadline.
 */
export function isoDuration(min: string, max: string, example: string) {
  return z
    .string()
    .regex(DURATION_PATTERN, coded('invalid-duration', 'must be an ISO 8601 duration such as P14D, P5Y or PT30S'))
    .refine(
      (value) => !DURATION_PATTERN.test(value) || (nominalMs(value) >= nominalMs(min) && nominalMs(value) <= nominalMs(max)),
      coded('duration-out-of-range', `must be from ${min} to ${max}`, { minimum: min, maximum: max }),
    )
    .meta({ example, format: 'duration', description: `ISO 8601 duration from ${min} to ${max}` });
}

/** The years a date of a dossier may fall in: people born, extracts issued, validity ending. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2199;

export const isoDate = z
  .string()
  .refine(isValidDate, coded('invalid-date', 'must be a date as YYYY-MM-DD'))
  .refine(
    (value) => {
      const year = Number(value.slice(0, 4));
      return !isValidDate(value) || (year >= EARLIEST_YEAR && year <= LATEST_YEAR);
    },
    coded('date-out-of-range', `must be a date from ${EARLIEST_YEAR} to ${LATEST_YEAR}`, {
      from: EARLIEST_YEAR,
      to: LATEST_YEAR,
    }),
  )
  .meta({ example: '2026-11-27', format: 'date', pattern: '^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });

function companyNumber(kind: NumberKind, example: string) {
  return z
    .string()
    .transform((value, ctx) => {
      const result = checkCompanyNumber(value, kind);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message, params: { code: result.code } });
      return z.NEVER;
    })
    .meta({
      example,
      // The forms people write; the check digits are beyond a pattern, hence a format of its own.
      format: `${kind}-number`,
      pattern: `^(?:[Bb][Ee] ?)?${kind === 'enterprise' ? '[01]' : '[2-8]'}[0-9]{3}[. ]?[0-9]{3}[. ]?[0-9]{3}$`,
      description: `10 digits whose last two are 97 − (the first eight mod 97); ${example}, BE${example.replace(/\./g, '')} and the dotted form are accepted, and answers give the 10 digits`,
    });
}

export const enterpriseNumber = companyNumber('enterprise', '0403.170.701');
export const establishmentNumber = companyNumber('establishment', '2123.456.791');

/**
 * An e-mail address as zod reads one, no longer than mail allows (a local part of 64, an
 * address of 254 characters); the pattern says the same to clients of the OpenAPI document.
 */
export const emailAddress = z
  .email()
  .max(254)
  .refine(
    (value) => value.indexOf('@') <= 64,
    coded('email-local-part', 'the part before @ may have at most 64 characters', { maximum: 64 }),
  )
  .meta({ pattern: `^(?=[^@]{1,64}@)${z.regexes.email.source.slice(1)}`, maxLength: 254, example: 'an@devries.example' });
