import { hasValidCheckDigits, normalizeCompanyNumber, withCheckDigits } from '../../models/identifiers';

describe('enterprise and establishment numbers', () => {
  describe('an enterprise number', () => {
    it.each(['0403170701', '0403.170.701', 'BE0403170701', 'be0403.170.701', '0403 170 701', '  BE 0403.170.701  '])(
      'is accepted as %j and stored as 10 digits',
      (input) => {
        expect(normalizeCompanyNumber(input, 'enterprise')).toEqual({ ok: true, value: '0403170701' });
      },
    );

    it('may start with 1', () => {
      expect(normalizeCompanyNumber(withCheckDigits('10000000'), 'enterprise')).toEqual({ ok: true, value: '1000000021' });
    });

    it.each(['040317070', '04031707011', '0403-170-701', 'BE04O3170701', ''])('is refused when not 10 digits: %j', (input) => {
      expect(normalizeCompanyNumber(input, 'enterprise')).toEqual({ ok: false, message: expect.stringContaining('10 digits') });
    });

    it('is refused when it starts with 2 to 9', () => {
      expect(normalizeCompanyNumber('2123456791', 'enterprise')).toEqual({
        ok: false,
        message: 'an enterprise number starts with 0 or 1',
      });
    });

    it('is refused when the check digits do not match', () => {
      expect(normalizeCompanyNumber('0403170702', 'enterprise')).toEqual({
        ok: false,
        message: 'check digits do not match (mod 97)',
      });
    });
  });

  describe('an establishment number', () => {
    it.each(['2123456791', '2.123.456.791', 'BE2123456791'])('is accepted as %j and stored as 10 digits', (input) => {
      expect(normalizeCompanyNumber(input, 'establishment')).toEqual({ ok: true, value: '2123456791' });
    });

    it.each(['2', '8'])('may start with %s', (first) => {
      const number = withCheckDigits(`${first}1234567`);
      expect(normalizeCompanyNumber(number, 'establishment')).toEqual({ ok: true, value: number });
    });

    it.each(['0403170701', withCheckDigits('91234567')])('is refused when it starts with 0, 1 or 9: %s', (input) => {
      expect(normalizeCompanyNumber(input, 'establishment')).toEqual({
        ok: false,
        message: 'an establishment number starts with 2 to 8',
      });
    });

    it('is refused when the check digits do not match', () => {
      expect(normalizeCompanyNumber('2123456792', 'establishment')).toEqual({
        ok: false,
        message: 'check digits do not match (mod 97)',
      });
    });
  });

  describe('check digits', () => {
    it('are 97 minus the first eight digits modulo 97', () => {
      expect(hasValidCheckDigits('0403170701')).toBe(true);
      expect(hasValidCheckDigits('2123456791')).toBe(true);
      expect(hasValidCheckDigits('0403170797')).toBe(false);
    });

    it('are made for an eight-digit base, padded to two digits', () => {
      expect(withCheckDigits('04031707')).toBe('0403170701');
      expect(withCheckDigits('21234567')).toBe('2123456791');
    });

    it('are 97 when the base is a multiple of 97', () => {
      expect(withCheckDigits('00000097')).toBe('0000009797');
      expect(hasValidCheckDigits('0000009797')).toBe(true);
      expect(hasValidCheckDigits('0000009700')).toBe(false);
    });

    it('made by withCheckDigits always validate', () => {
      for (const base of ['00000001', '04031707', '12345678', '50000000', '87654321', '99999999']) {
        expect(hasValidCheckDigits(withCheckDigits(base))).toBe(true);
      }
    });
  });
});
