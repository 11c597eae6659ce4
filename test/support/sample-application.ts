import { randomInt } from 'node:crypto';
import { type ApplicationInput, applicationInput } from '../../models/application';
import { toDateString } from '../../models/dates';
import { withCheckDigits } from '../../models/identifiers';

export const SAMPLE_ENTERPRISE = '0403170701';

const daysBefore = (today: Date, days: number) => toDateString(new Date(today.getTime() - days * 24 * 3600 * 1000));

/** A fresh establishment unit number, so each test applies for a workplace of its own. */
export const newEstablishmentNumber = () => withCheckDigits(`2${String(randomInt(0, 9_999_999)).padStart(7, '0')}`);

/**
 * A complete, eligible application body as a company would send it (construction sector, which
 * requires no documents), with fields to override. `today` is the workflow clock's date where
 * that clock is skipped ahead.
 */
export function sampleApplicationBody(overrides: Record<string, unknown> = {}, today = new Date()) {
  return {
    enterpriseNumber: '0403.170.701',
    establishmentNumber: newEstablishmentNumber(),
    companyName: 'Bouwbedrijf De Vries',
    jointCommittee: '124',
    trainingCode: 'ruwbouw-duaal',
    capacity: 2,
    address: { street: 'Kerkstraat 1', postcode: '9000', municipality: 'Gent' },
    contact: { name: 'An De Vries', email: 'an@devries.example', phone: '+32 9 123 45 67' },
    mentors: [
      {
        firstName: 'Jan',
        lastName: 'Peeters',
        birthDate: '1980-05-12',
        yearsOfExperience: 12,
        criminalRecordExtractDate: daysBefore(today, 30),
        mentorTrainingCompletedOn: '2022-03-01',
      },
    ],
    declarations: { financialCapacity: true, noConvictions: true, equipmentAndOrganisation: true, honour: true },
    ...overrides,
  };
}

export const sampleApplication = (overrides: Record<string, unknown> = {}, today = new Date()): ApplicationInput =>
  applicationInput.parse(sampleApplicationBody(overrides, today));

/** The horeca sector requires an HACCP certificate: without it the check asks for it. */
export const horecaOverrides = { jointCommittee: '302', trainingCode: 'keuken-duaal', companyName: 'Brasserie Het Plein' };
