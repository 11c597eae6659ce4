import { z } from 'zod';
import { addressSchema, declarationsSchema, mentorSchema } from '../../models/application';
import { decisionInput } from '../../models/application-dossier';
import { companyRefusal } from '../../models/company';
import { ineligibleMentors } from '../../models/eligibility';
import { enterpriseNumber, isoDate, isoDuration } from '../../models/formats';
import { placementInput } from '../../models/placement';
import { PROBLEM_CODES, type ProblemCode, type ProblemParams, issueRefusal, refusal } from '../../models/problem-codes';
import { mentorsInput } from '../../models/recognition';
import { lineError } from '../../models/recognition-import';
import { resolveWebhookTarget } from '../../platform/webhook-address';
import { PROBLEM_TEXT, inDutch } from '../../pages/refusals';

// Refusals by code: every code has Dutch, zod's issues are coded by their kind and values (not
// by zod's wording), and the Dutch is the text the pages showed when it was chosen by message.

/** The Dutch of the first refusal of `value` by `schema`. */
function dutchOf(schema: z.ZodType, value: unknown): { code: ProblemCode; dutch: string } {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('accepted');
  const refused = issueRefusal(result.error.issues[0]!, value);
  return { code: refused.code, dutch: inDutch(refused) };
}

/** zod's own kinds: their Dutch depends on their values, and an unforeseen one shows the English. */
const BY_VALUES: ProblemCode[] = ['invalid', 'invalid-type', 'too-small', 'too-big', 'invalid-format', 'invalid-option'];

test('every code has Dutch of its own, and the list names every code once', () => {
  expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
  expect(Object.keys(PROBLEM_TEXT).sort()).toEqual([...PROBLEM_CODES].sort());
  for (const code of PROBLEM_CODES) {
    const text = (PROBLEM_TEXT[code] as (params: unknown, message: string) => string)(
      {
        values: ['a', 'b'],
        minimum: 'P1D',
        maximum: 'P1Y',
        endedOn: '2026-01-31',
        holder: 'recognition',
        columns: ['enterpriseNumber', 'capacity'],
        from: 2025,
        to: 2026,
      },
      'the English',
    );
    expect(text).toMatch(/\S/);
    if (!BY_VALUES.includes(code)) expect([code, text]).not.toEqual([code, expect.stringContaining('the English')]);
  }
});

test("zod's issues are coded by their kind and values", () => {
  const form = z
    .object({ name: z.string().min(1).max(5), count: z.number().int().min(2).max(9), kind: z.enum(['a', 'b']) })
    .strict();
  expect(dutchOf(form, { count: 3, kind: 'a' })).toEqual({ code: 'required', dutch: 'Vul dit in.' });
  expect(dutchOf(form, { name: '', count: 3, kind: 'a' })).toEqual({ code: 'too-small', dutch: 'Vul dit in.' });
  expect(dutchOf(form, { name: 'abcdef', count: 3, kind: 'a' })).toEqual({
    code: 'too-big',
    dutch: 'Gebruik ten hoogste 5 tekens.',
  });
  expect(dutchOf(form, { name: 'a', count: 'x', kind: 'a' })).toEqual({ code: 'invalid-type', dutch: 'Geef een getal.' });
  expect(dutchOf(form, { name: 'a', count: 2.5, kind: 'a' })).toEqual({ code: 'invalid-type', dutch: 'Geef een geheel getal.' });
  expect(dutchOf(form, { name: 'a', count: 1, kind: 'a' })).toEqual({ code: 'too-small', dutch: 'Geef minstens 2.' });
  expect(dutchOf(form, { name: 'a', count: 10, kind: 'a' })).toEqual({ code: 'too-big', dutch: 'Geef ten hoogste 9.' });
  expect(dutchOf(form, { name: 'a', count: 3, kind: 'c' })).toEqual({
    code: 'invalid-option',
    dutch: 'Kies een van de mogelijkheden.',
  });
  expect(dutchOf(form, { name: 'a', count: 3, kind: 'a', extra: 1 })).toEqual({
    code: 'unknown-key',
    dutch: 'Dit veld hoort hier niet.',
  });
  expect(dutchOf(z.array(z.string()).min(1), [])).toEqual({ code: 'too-small', dutch: 'Vul minstens één in.' });
  expect(dutchOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toEqual({ code: 'too-big', dutch: 'Ten hoogste 2.' });
  expect(dutchOf(z.email(), 'no')).toEqual({
    code: 'invalid-format',
    dutch: 'Geef een geldig e-mailadres, bijvoorbeeld naam@bedrijf.be.',
  });
  expect(dutchOf(z.string().regex(/^a$/), 'b')).toEqual({
    code: 'invalid-format',
    dutch: 'Deze waarde heeft niet de juiste vorm.',
  });
  expect(dutchOf(z.literal(true), false)).toEqual({ code: 'invalid-option', dutch: 'Bevestig deze verklaring.' });
});

test("the project's own checks carry their code, whatever zod says", () => {
  expect(dutchOf(declarationsSchema.shape.honour, false)).toEqual({
    code: 'declaration-required',
    dutch: 'Bevestig deze verklaring.',
  });
  expect(dutchOf(addressSchema.shape.postcode, '123')).toEqual({
    code: 'postcode',
    dutch: 'Geef een Belgische postcode van 4 cijfers.',
  });
  expect(dutchOf(mentorsInput, [])).toEqual({ code: 'mentor-required', dutch: 'Geef minstens één mentor op.' });
  expect(dutchOf(enterpriseNumber, '0403.170.702')).toEqual({
    code: 'check-digits',
    dutch: 'Dit nummer bestaat niet: de controlecijfers kloppen niet. Kijk het na.',
  });
  expect(dutchOf(enterpriseNumber, '2123.456.791').code).toBe('enterprise-number-start');
  expect(dutchOf(enterpriseNumber, '123').dutch).toBe('Geef 10 cijfers, bijvoorbeeld 0403.170.701.');
  expect(dutchOf(isoDate, '2026-02-30')).toEqual({ code: 'invalid-date', dutch: 'Geef een geldige datum.' });
  expect(dutchOf(isoDate, '1899-12-31')).toEqual({ code: 'date-out-of-range', dutch: 'Geef een datum tussen 1900 en 2199.' });
  expect(dutchOf(isoDuration('P1D', 'P1Y', 'P14D'), 'P2Y')).toEqual({
    code: 'duration-out-of-range',
    dutch: 'Kies een termijn van 1 dag tot 1 jaar.',
  });
  expect(dutchOf(isoDuration('P1D', 'P1Y', 'P14D'), '14 days').dutch).toBe('Geef een termijn, bijvoorbeeld 14 dagen.');
  expect(dutchOf(decisionInput, { outcome: 'rejected' })).toEqual({
    code: 'rejection-reason-required',
    dutch: 'Geef minstens één reden voor een afwijzing.',
  });
  const placement = { recognitionId: 'r', learnerReference: '85.07.30-033.28', startsOn: '2026-09-01' };
  expect(dutchOf(placementInput, placement).code).toBe('national-number');
  expect(dutchOf(placementInput, { ...placement, learnerReference: 'L1', endsOn: '2026-08-31' })).toEqual({
    code: 'ends-before-start',
    dutch: 'Deze datum ligt vóór de begindatum.',
  });
});

test('the rules of recognition and the register say their values in Dutch', () => {
  const mentor = mentorSchema.parse({
    firstName: 'An',
    lastName: 'Peeters',
    birthDate: '2002-06-01',
    yearsOfExperience: 2,
    criminalRecordExtractDate: '2026-12-01',
  });
  expect(ineligibleMentors([mentor], '2026-11-27').map((refused) => [refused.code, inDutch(refused)])).toEqual([
    ['mentor-too-young', 'De mentor is 24 jaar; een mentor is minstens 25 jaar (23 met een diplomabewijs).'],
    ['mentor-experience', 'Zonder diplomabewijs zijn minstens 5 jaar praktijkervaring in het beroep nodig.'],
    ['extract-in-future', 'Het uittreksel kan niet in de toekomst gedateerd zijn.'],
  ]);
  expect(inDutch(companyRefusal(undefined, { enterpriseNumber: '0403170701', establishmentNumber: '2123456791' })!)).toBe(
    'Dit ondernemingsnummer staat niet in de Kruispuntbank van Ondernemingen (KBO). Kijk het na.',
  );
  expect(inDutch(refusal('enterpriseNumber', 'mandate-ended', 'ended', { endedOn: '2026-11-27' }))).toBe(
    'De machtiging van uw school liep af op 27 november 2026. Vraag de onderneming om ze te verlengen.',
  );
  const quota = (limit: number) => inDutch(refusal('', 'incident-quota', 'quota', { limit }));
  expect(quota(1)).toBe(
    'Een school kan per dag ten hoogste 1 probleem melden. Meld dit morgen, of bel het sectoraal partnerschap.',
  );
  expect(quota(20)).toMatch(/^Een school kan per dag ten hoogste 20 problemen melden\./);
  const params: ProblemParams['workplace-held'] = { holder: 'recognition' };
  expect(inDutch(refusal('establishmentNumber', 'workplace-held', 'held', params))).toBe(
    'Deze vestiging is al erkend voor deze opleiding.',
  );
});

test('stored refusals are said by the code they keep; a text without one shows the English', async () => {
  const refused = await resolveWebhookTarget('https://10.0.0.5/hooks', false);
  expect('refused' in refused && inDutch(refused.refused)).toBe(
    'Dit webadres leidt naar 10.0.0.5, een intern netwerkadres. Erkend stuurt berichten alleen naar adressen op het internet.',
  );
  const unknownTraining = refusal('trainingCode', 'unknown-training', 'unknown training x; see GET /api/v1/trainings', {
    trainingCode: 'x',
  });
  expect(inDutch(lineError(6, unknownTraining))).toBe('Kies een opleiding uit de lijst.');
  expect(inDutch({ message: 'something else' })).toBe('Deze waarde is niet aanvaard (something else).');
  expect(inDutch(refusal('file', 'invalid', 'is odd'))).toBe('Deze waarde is niet aanvaard (is odd).');
  expect(inDutch(refusal('file', 'file-required', 'is required'))).toBe('Kies een bestand.');
});
