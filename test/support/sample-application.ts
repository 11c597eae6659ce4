import { randomInt } from 'node:crypto';
import { type ApplicationInput, applicationInput } from '../../models/application';
import { applicationExample } from '../../api/examples';
import { dayInBrussels } from '../../models/dates';
import { IMPORT_COLUMNS } from '../../models/recognition-import';
import { withCheckDigits } from '../../models/identifiers';
import { type Json, type apiCaller, eventually } from './stack';

export const SAMPLE_ENTERPRISE = '0403170701';

/** A fresh establishment unit number, so each test applies for a workplace of its own. */
export const newEstablishmentNumber = () => withCheckDigits(`2${String(randomInt(0, 9_999_999)).padStart(7, '0')}`);

/**
 * A complete, eligible application body as a company would send it (the API's worked example:
 * construction sector, which requires no documents) for a workplace of its own, with fields to
 * override. `today` is the workflow clock's date where that clock is skipped ahead.
 */
export function sampleApplicationBody(overrides: Record<string, unknown> = {}, today = new Date()) {
  return { ...applicationExample(today, newEstablishmentNumber()), ...overrides };
}

export const sampleApplication = (overrides: Record<string, unknown> = {}, today = new Date()): ApplicationInput =>
  applicationInput.parse(sampleApplicationBody(overrides, today));

/** The sample application, filed by `company` (202): its id. */
export async function filedApplication(call: ReturnType<typeof apiCaller>, company = 'company') {
  const filed = await call(company, 'POST', '/api/v1/applications', sampleApplicationBody());
  expect(filed.status).toBe(202);
  return filed.body.id as string;
}

/** The sample application with `overrides`, filed by `company` and approved by `reviewer`: the recognition's id. */
export async function approvedRecognition(
  call: ReturnType<typeof apiCaller>,
  reviewer: string,
  overrides: Record<string, unknown> = {},
  company = 'company',
) {
  const application = await call(company, 'POST', '/api/v1/applications', sampleApplicationBody(overrides));
  expect(application.body.status).toBe('in_review');
  const decided = await call(reviewer, 'POST', `/api/v1/applications/${application.body.id}/decision`, {
    outcome: 'approved',
    reasons: [],
  });
  return decided.body.recognitionId as string;
}

/** The two questions of the suites' self-assessments. */
export const QUESTIONS = [
  { id: 'mentor-available', question: 'Is de mentor voldoende beschikbaar?' },
  { id: 'safety', question: 'Is de werkplek veilig?' },
];

/**
 * A partnership's whole policy for a suite that drives it in seconds: `deadlines` over a check
 * answered within a minute and an objection within half of one, the two questions, no documents.
 */
export const policyOfSeconds = (deadlines: Record<string, string>) => ({
  qualityCheckResponseDeadline: 'PT60S',
  mentorTrainingDeadline: 'P1Y',
  objectionWindow: 'PT30S',
  mentorChangeCheck: true,
  requiredDocuments: [],
  selfAssessment: QUESTIONS,
  ...deadlines,
});

/** The horeca sector requires an HACCP certificate: without it the check asks for it. */
export const horecaOverrides = { jointCommittee: '302', trainingCode: 'keuken-duaal', companyName: 'Brasserie Het Plein' };

/** The day `days` from today in Brussels (negative: before), as YYYY-MM-DD. */
export const daysFromToday = (days: number) => dayInBrussels(new Date(Date.now() + days * 86_400_000));
export const daysAgo = (days: number) => daysFromToday(-days);

/** The application form's steps before the mentors, as a person fills them in (the sample company). */
export const COMPANY_ANSWERS = { companyName: 'Bouwbedrijf De Vries', jointCommittee: '124' };
export const TRAINING_ANSWERS = {
  trainingCode: 'ruwbouw-duaal',
  capacity: '2',
  'address.street': 'Kerkstraat 1',
  'address.postcode': '9000',
  'address.municipality': 'Gent',
};
export const CONTACT_ANSWERS = {
  'contact.name': 'An De Vries',
  'contact.email': 'an@devries.example',
  'contact.phone': '09 123 45 67',
};

/** The application form's mentors step for one eligible mentor, as a person fills it in. */
export const MENTOR_ANSWERS = {
  'mentors.0.firstName': 'Jan',
  'mentors.0.lastName': 'Peeters',
  'mentors.0.birthDate': '1980-05-12',
  'mentors.0.yearsOfExperience': '12',
  'mentors.0.criminalRecordExtractDate': daysAgo(30),
  'mentors.0.mentorTrainingCompletedOn': '2022-03-01',
};

/** The application form's declarations on honour, all ticked. */
export const DECLARED_ANSWERS = {
  'declarations.financialCapacity': 'true',
  'declarations.noConvictions': 'true',
  'declarations.equipmentAndOrganisation': 'true',
  'declarations.honour': 'true',
};

/** A row of a file of existing recognitions (POST /api/v1/imports), valid unless overridden, for a workplace of its own. */
export function importCsvRow(overrides: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>> = {}) {
  const row: Record<string, string> = {
    enterpriseNumber: '0403.170.701',
    establishmentNumber: newEstablishmentNumber(),
    trainingCode: 'ruwbouw-duaal',
    companyName: 'Bouwbedrijf "De Toren", Gent',
    street: 'Kerkstraat 1',
    postcode: '9000',
    municipality: 'Gent',
    capacity: '2',
    validFrom: daysFromToday(-400),
    validUntil: daysFromToday(3 * 365),
    contactName: 'An De Vries',
    contactEmail: 'an@devries.example',
    ...overrides,
  };
  const quoted = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return IMPORT_COLUMNS.map((column) => quoted(row[column] ?? '')).join(',');
}

/** The file: the contract's header (or another) and the rows. */
export const importCsv = (rows: string[], header = IMPORT_COLUMNS.join(',')) => [header, ...rows].join('\r\n') + '\r\n';

/** Starts an import of `csv` sent as the body itself (text/csv), with `token`; `query` as `?fileName=…`. */
export const startImport = (baseUrl: string, token: string, csv: string, query = '') =>
  fetch(`${baseUrl}/api/v1/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });

/** Waits until the import has finished (it runs no longer), as `admin` sees it: its state. */
export const importFinished = (call: ReturnType<typeof apiCaller>, id: string, timeoutMs = 60_000) =>
  eventually(async () => {
    const answer = await call('admin', 'GET', `/api/v1/imports/${id}`);
    return answer.body.status === 'running' ? undefined : (answer.body as Json);
  }, timeoutMs);
