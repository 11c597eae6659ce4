// Belgian enterprise and establishment unit numbers (KBO/BCE): 10 digits whose last two are
// 97 − (first eight mod 97). Pure, shared by the API's validation and the workflows.

import type { ProblemCode } from './problem-codes';

export type NumberKind = 'enterprise' | 'establishment';

const FIRST_DIGIT: Record<NumberKind, RegExp> = { enterprise: /^[01]/, establishment: /^[2-8]/ };

export type NormalizeResult = { ok: true; value: string } | { ok: false; message: string };

/** As NormalizeResult, a refusal with its code (for a field's refusal). */
export type CheckedNumber = { ok: true; value: string } | { ok: false; code: ProblemCode; message: string };

/** Accepts `0403.170.701`, `BE0403170701`, `0403 170 701` or `0403170701`; returns 10 digits. */
export function normalizeCompanyNumber(input: string, kind: NumberKind): NormalizeResult {
  const checked = checkCompanyNumber(input, kind);
  return checked.ok ? checked : { ok: false, message: checked.message };
}

export function checkCompanyNumber(input: string, kind: NumberKind): CheckedNumber {
  const compact = input.trim().replace(/^BE/i, '').replace(/[.\s]/g, '');
  if (!/^\d{10}$/.test(compact)) return { ok: false, code: 'ten-digits', message: 'must be 10 digits, for example 0403.170.701' };
  if (!FIRST_DIGIT[kind].test(compact)) {
    return kind === 'enterprise'
      ? { ok: false, code: 'enterprise-number-start', message: 'an enterprise number starts with 0 or 1' }
      : { ok: false, code: 'establishment-number-start', message: 'an establishment number starts with 2 to 8' };
  }
  if (!hasValidCheckDigits(compact)) return { ok: false, code: 'check-digits', message: 'check digits do not match (mod 97)' };
  return { ok: true, value: compact };
}

export function hasValidCheckDigits(tenDigits: string): boolean {
  const base = Number(tenDigits.slice(0, 8));
  return 97 - (base % 97) === Number(tenDigits.slice(8));
}

/** The two check digits for an eight-digit base: used to make sample and benchmark data. */
export function withCheckDigits(eightDigits: string): string {
  return `${eightDigits}${String(97 - (Number(eightDigits) % 97)).padStart(2, '0')}`;
}
