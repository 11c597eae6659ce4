// Belgian enterprise and establishment unit numbers (KBO/BCE): 10 digits whose last two are
// 97 − (first eight mod 97). Pure, shared by the API's validation and the workflows.

export type NumberKind = 'enterprise' | 'establishment';

const FIRST_DIGIT: Record<NumberKind, RegExp> = { enterprise: /^[01]/, establishment: /^[2-8]/ };

export type NormalizeResult = { ok: true; value: string } | { ok: false; message: string };

/** Accepts `0403.170.701`, `BE0403170701`, `0403 170 701` or `0403170701`; returns 10 digits. */
export function normalizeCompanyNumber(input: string, kind: NumberKind): NormalizeResult {
  const compact = input.trim().replace(/^BE/i, '').replace(/[.\s]/g, '');
  if (!/^\d{10}$/.test(compact)) return { ok: false, message: 'must be 10 digits, for example 0403.170.701' };
  if (!FIRST_DIGIT[kind].test(compact)) {
    return {
      ok: false,
      message: kind === 'enterprise' ? 'an enterprise number starts with 0 or 1' : 'an establishment number starts with 2 to 8',
    };
  }
  if (!hasValidCheckDigits(compact)) return { ok: false, message: 'check digits do not match (mod 97)' };
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
