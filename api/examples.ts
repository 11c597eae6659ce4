import { randomInt, randomUUID } from 'node:crypto';
import type { ApplicationInput } from '../models/application';
import { addToDate, dayInBrussels } from '../models/dates';
import { addDuration } from '../models/duration';
import { withCheckDigits } from '../models/identifiers';
import { DEFAULT_POLICY } from '../models/policy';
import type { Recognition } from '../models/recognition';

// A worked example of every request body, keyed by route as OpenAPI and schemathesis name it.
// The OpenAPI document shows them, `npm run example` prints them, and test/openapi.test.ts
// parses each with its route's body schema and posts the application, so none goes stale.

/** `/api/v1/applications/:id` as OpenAPI writes it: `/api/v1/applications/{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The key of a route: `POST /api/v1/applications/{id}/decision`. */
export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${openApiPath(path)}`;

const daysBefore = (today: Date, days: number) => dayInBrussels(new Date(today.getTime() - days * 86_400_000));

/** The sample company of `npm start` (enterprise 0403.170.701) applies for a building workplace. */
export const applicationExample = (today: Date, establishmentNumber = '2123.456.791') => ({
  enterpriseNumber: '0403.170.701',
  establishmentNumber,
  companyName: 'Bouwbedrijf De Vries',
  jointCommittee: '124',
  trainingCode: 'ruwbouw-duaal',
  capacity: 2,
  address: { street: 'Kerkstraat 1', postcode: '9000', municipality: 'Gent' },
  contact: { name: 'An De Vries', email: 'an@devries.example', phone: '+32 9 123 45 67' },
  mentors: [mentorExample(today)],
  documents: [],
  declarations: { financialCapacity: true, noConvictions: true, equipmentAndOrganisation: true, honour: true },
});

/**
 * The recognition of an application's workplace as the store holds it, approved by `by` at
 * `approvedAt` for `validity`: what the benchmarks and suites load straight into the store.
 */
export const recognitionExample = (
  application: ApplicationInput,
  approvedAt: Date,
  validity: string,
  by: string,
): Recognition => {
  const validFrom = dayInBrussels(approvedAt);
  return {
    id: randomUUID(),
    status: 'active',
    enterpriseNumber: application.enterpriseNumber,
    establishmentNumber: application.establishmentNumber,
    trainingCode: application.trainingCode,
    partnershipId: 'bouw',
    companyName: application.companyName,
    capacity: application.capacity,
    address: application.address,
    contact: application.contact,
    mentors: application.mentors,
    validFrom,
    validUntil: addToDate(validFrom, validity),
    validUntilAt: addDuration(approvedAt, validity).toISOString(),
    conditions: [],
    history: [{ at: approvedAt.toISOString(), status: 'active', by }],
    applicationId: randomUUID(),
  };
};

/** The application example for a workplace of its own, to post as often as one likes (`npm run example -- application`). */
export const freshApplicationExample = (today = new Date()) =>
  applicationExample(today, withCheckDigits(`2${String(randomInt(0, 10_000_000)).padStart(7, '0')}`));

// The extract is a month old: recent enough (at most a year), never in the future.
const mentorExample = (today: Date) => ({
  firstName: 'Jan',
  lastName: 'Peeters',
  birthDate: '1980-05-12',
  yearsOfExperience: 12,
  criminalRecordExtractDate: daysBefore(today, 30),
  mentorTrainingCompletedOn: '2022-03-01',
  diplomaEvidence: false,
});

const reasons = ['De werkplek voldoet aan alle voorwaarden'];

/** Every request body's example as of `today`. */
export function requestExamples(today = new Date()): Record<string, unknown> {
  return {
    'POST /api/v1/diagnostics/roundtrips': { message: 'hallo Erkend', delay: 'PT5S' },
    'PUT /api/v1/partnerships/{id}': {
      name: 'Partnerschap Bouw',
      email: 'bouw@partnerschap.example',
      jointCommittees: ['124'],
      residual: false,
    },
    'PUT /api/v1/partnerships/{id}/policy': {
      ...DEFAULT_POLICY,
      requiredDocuments: ['risicoanalyse'],
      selfAssessment: [{ id: 'safety', question: 'Zijn de veiligheidsvoorschriften en de nodige beschermingsmiddelen op orde?' }],
      improvementTemplates: [{ id: 'valbeveiliging', description: 'Valbeveiliging op de steigers plaatsen', dueAfter: 'P30D' }],
    },
    'PUT /api/v1/trainings/{code}': { name: 'Ruwbouw duaal', partnershipId: 'bouw' },
    'POST /api/v1/applications': applicationExample(today),
    'POST /api/v1/applications/{id}/info-requests': {
      message: 'Graag nog het attest van de mentoropleiding.',
      items: ['Attest mentoropleiding van Jan Peeters'],
    },
    'POST /api/v1/applications/{id}/visit': {
      visitedOn: daysBefore(today, 1),
      checklist: { veiligheid: true, 'uitrusting en materiaal': true, 'begeleiding door de mentor': true },
      notes: 'Werkplek bezocht met de mentor.',
    },
    'POST /api/v1/applications/{id}/decision': { outcome: 'approved', reasons },
    'POST /api/v1/applications/{id}/supplements': {
      contact: { name: 'An De Vries', email: 'an@devries.example', phone: '+32 9 123 45 68' },
      message: 'Het telefoonnummer van de contactpersoon is gewijzigd.',
    },
    'POST /api/v1/applications/{id}/objection': { grounds: 'De mentor heeft intussen de vereiste ervaring; zie bijlage.' },
    'POST /api/v1/recognitions/{id}/suspension': { reasons: ['Geen mentor beschikbaar sinds drie maanden'] },
    'POST /api/v1/recognitions/{id}/reinstatement': { reasons: ['Nieuwe mentor aangesteld'] },
    'POST /api/v1/recognitions/{id}/withdrawal': { reasons: ['Herhaalde ernstige tekortkomingen bij het kwaliteitstoezicht'] },
    'POST /api/v1/recognitions/{id}/renewal': { unchanged: true },
    'POST /api/v1/recognitions/{id}/renewal/decision': { outcome: 'approved', reasons },
    'PUT /api/v1/recognitions/{id}/mentors': [mentorExample(today)],
    'POST /api/v1/recognitions/{id}/changes': {
      contact: { name: 'Jan De Vries', email: 'jan@devries.example' },
      capacity: 3,
    },
    'POST /api/v1/recognitions/{id}/changes/{changeId}/decision': { outcome: 'approved', reasons },
    'POST /api/v1/recognitions/{id}/incidents': { description: 'De leerling werkt zonder begeleiding op de werf.' },
    'POST /api/v1/quality-checks/{id}/answers': {
      answers: [
        { id: 'mentor-available', ok: true },
        { id: 'training-plan', ok: true },
        { id: 'safety', ok: false, comment: 'Nieuwe valbeveiliging besteld.' },
      ],
    },
    'POST /api/v1/quality-checks/{id}/evaluation': {
      outcome: 'improvement-needed',
      notes: 'Valbeveiliging binnen de maand in orde brengen.',
      actions: [{ description: 'Valbeveiliging op de steigers plaatsen', dueOn: daysBefore(today, -30) }],
    },
    'POST /api/v1/improvement-plans/{id}/actions/{n}/response': {
      message: 'De valbeveiliging is geplaatst; zie de foto’s in bijlage.',
    },
    'POST /api/v1/improvement-plans/{id}/actions/{n}/review': { outcome: 'done', note: 'Gezien bij het bezoek.' },
    'POST /api/v1/placements': {
      recognitionId: '3f1c8a52-0d4e-4b7a-9c61-2e5d7f8a9b10',
      learnerReference: 'LL-2026-017',
      startsOn: dayInBrussels(today),
      endsOn: dayInBrussels(addDuration(today, 'P10M')),
      agreementType: 'dual',
      trainingPlan: { activities: ['metselwerk-uitvoeren', 'bekistingen-plaatsen'] },
    },
    'POST /api/v1/placements/{id}/end': { endedOn: dayInBrussels(today) },
    'POST /api/v1/placements/{id}/acceptance': { mentor: { firstName: 'Jan', lastName: 'Peeters' } },
    'POST /api/v1/placements/{id}/decline': { reason: 'Onze enige mentor is de komende maanden niet beschikbaar.' },
    'POST /api/v1/placements/{id}/termination': {
      endedOn: dayInBrussels(today),
      reason: 'learner-choice',
      note: 'De leerling kiest voor een andere opleiding.',
    },
    'POST /api/v1/searching-learners': {
      learnerReference: 'LL-2026-021',
      trainingCode: 'ruwbouw-duaal',
      postcode: '9000',
      since: daysBefore(today, 14),
    },
    'POST /api/v1/placements/{id}/evaluations': {
      moment: 'interim',
      activities: [
        { code: 'metselwerk-uitvoeren', progress: 'practised' },
        { code: 'bekistingen-plaatsen', progress: 'not-started' },
      ],
      comment: 'Metselt zelfstandig rechte muren; bekisting volgt na de zomer.',
    },
    'POST /api/v1/placements/{id}/learner-feedback': learnerFeedbackExample,
    'POST /api/v1/learner-feedback/{token}': learnerFeedbackExample,
    'POST /api/v1/mandates': { schoolId: 'school-1', validUntil: daysBefore(today, -365) },
    'POST /api/v1/personal-data/erasure': { email: 'lies.wouters@bouwbedrijf.example' },
    'POST /api/v1/subscriptions': { url: 'https://school.example/webhooks/erkend', enterpriseNumbers: ['0403.170.701'] },
  };
}

const learnerFeedbackExample = {
  answers: { guidance: 4, learning: 3, safety: 4, atmosphere: 3, recommend: 4 },
  comment: 'Ik leer veel van mijn mentor.',
};

/** The example of a route's request body, if it has one. */
export const requestExample = (method: string, path: string, today = new Date()): unknown =>
  requestExamples(today)[routeKey(method, path)];
