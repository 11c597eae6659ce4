import type { TrainingActivity } from './catalogue';
import type { Policy } from './policy';
import { SAMPLE_TRAINING_ACTIVITIES } from './sample-training-activities';

// Sample data, seeded at start and in tests and marked `sample: true`: sector partnerships with
// the joint committees they cover, and dual trainings of Flemish secondary education mapped to
// them, each with its activity list (models/sample-training-activities.ts). Names are real;
// e-mail addresses are placeholders. An admin replaces them.

export interface SamplePartnership {
  id: string;
  name: string;
  email: string;
  jointCommittees: string[];
  residual?: boolean;
  policy?: Partial<Policy>;
}

const SELF_ASSESSMENT: Policy['selfAssessment'] = [
  { id: 'mentor-available', question: 'Is de mentor voldoende beschikbaar voor de leerling op de werkplek?' },
  { id: 'training-plan', question: 'Kunnen de activiteiten uit het opleidingsplan op de werkplek worden uitgevoerd?' },
  { id: 'safety', question: 'Zijn de veiligheidsvoorschriften en de nodige beschermingsmiddelen op orde?' },
];

export const SAMPLE_PARTNERSHIPS: SamplePartnership[] = [
  { id: 'bouw', name: 'Partnerschap Bouw', email: 'bouw@partnerschap.example', jointCommittees: ['124'] },
  {
    id: 'elektro',
    name: 'Partnerschap Elektrotechniek',
    email: 'elektro@partnerschap.example',
    jointCommittees: ['149.01'],
    policy: { requiredDocuments: ['risicoanalyse'] },
  },
  {
    id: 'metaal',
    name: 'Partnerschap Metaal- en Technologische Industrie',
    email: 'metaal@partnerschap.example',
    jointCommittees: ['111', '209'],
  },
  {
    id: 'auto',
    name: 'Partnerschap Auto en Carrosserie',
    email: 'auto@partnerschap.example',
    jointCommittees: ['112', '149.02', '149.04'],
  },
  {
    id: 'horeca',
    name: 'Partnerschap Horeca',
    email: 'horeca@partnerschap.example',
    jointCommittees: ['302'],
    policy: { requiredDocuments: ['haccp-attest'] },
  },
  {
    id: 'handel',
    name: 'Partnerschap Handel',
    email: 'handel@partnerschap.example',
    jointCommittees: ['201', '202', '311', '312'],
  },
  {
    id: 'zorg',
    name: 'Partnerschap Zorg en Welzijn',
    email: 'zorg@partnerschap.example',
    jointCommittees: ['318.02', '319.01', '330', '331'],
    policy: { requiredDocuments: ['vaccinatiebeleid'] },
  },
  {
    id: 'logistiek',
    name: 'Partnerschap Transport en Logistiek',
    email: 'logistiek@partnerschap.example',
    jointCommittees: ['140', '226'],
  },
  { id: 'voeding', name: 'Partnerschap Voeding', email: 'voeding@partnerschap.example', jointCommittees: ['118', '119'] },
  {
    id: 'haarzorg',
    name: 'Partnerschap Haarzorg en Schoonheidszorg',
    email: 'haarzorg@partnerschap.example',
    jointCommittees: ['314'],
  },
  {
    id: 'vpdl',
    name: 'Vlaams Partnerschap Duaal Leren',
    email: 'vpdl@partnerschap.example',
    jointCommittees: ['200'],
    residual: true,
  },
].map((p) => ({ ...p, policy: { selfAssessment: SELF_ASSESSMENT, ...p.policy } }));

export interface SampleTraining {
  code: string;
  name: string;
  partnershipId: string;
  activities: TrainingActivity[];
}

export const SAMPLE_TRAININGS: SampleTraining[] = [
  { code: 'ruwbouw-duaal', name: 'Ruwbouw duaal', partnershipId: 'bouw' },
  { code: 'dakwerker-duaal', name: 'Dakwerker duaal', partnershipId: 'bouw' },
  { code: 'tegelzetter-duaal', name: 'Tegelzetter duaal', partnershipId: 'bouw' },
  { code: 'elektrische-installaties-duaal', name: 'Elektrische installaties duaal', partnershipId: 'elektro' },
  { code: 'elektrotechnieken-duaal', name: 'Elektrotechnieken duaal', partnershipId: 'elektro' },
  { code: 'lassen-constructie-duaal', name: 'Lassen-constructie duaal', partnershipId: 'metaal' },
  { code: 'industriele-elektriciteit-duaal', name: 'Industriële elektriciteit duaal', partnershipId: 'metaal' },
  { code: 'autotechnieken-duaal', name: 'Autotechnieken duaal', partnershipId: 'auto' },
  { code: 'carrosserie-duaal', name: 'Carrosserie duaal', partnershipId: 'auto' },
  { code: 'keuken-duaal', name: 'Keuken duaal', partnershipId: 'horeca' },
  { code: 'restaurant-duaal', name: 'Restaurant duaal', partnershipId: 'horeca' },
  { code: 'verkoop-duaal', name: 'Verkoop duaal', partnershipId: 'handel' },
  { code: 'onthaal-organisatie-sales-duaal', name: 'Onthaal, organisatie en sales duaal', partnershipId: 'handel' },
  { code: 'zorgkundige-duaal', name: 'Zorgkundige duaal', partnershipId: 'zorg' },
  { code: 'kinderbegeleider-duaal', name: 'Kinderbegeleider baby’s en peuters duaal', partnershipId: 'zorg' },
  { code: 'logistiek-duaal', name: 'Logistiek duaal', partnershipId: 'logistiek' },
  { code: 'vrachtwagenchauffeur-duaal', name: 'Vrachtwagenchauffeur duaal', partnershipId: 'logistiek' },
  { code: 'slagerij-duaal', name: 'Slager-spekslager duaal', partnershipId: 'voeding' },
  { code: 'brood-banket-duaal', name: 'Brood en banket duaal', partnershipId: 'voeding' },
  { code: 'haarverzorging-duaal', name: 'Haarverzorging duaal', partnershipId: 'haarzorg' },
  { code: 'schoonheidsverzorging-duaal', name: 'Schoonheidsverzorging duaal', partnershipId: 'haarzorg' },
  { code: 'office-support-duaal', name: 'Office support duaal', partnershipId: 'vpdl' },
].map((training) => ({ ...training, activities: SAMPLE_TRAINING_ACTIVITIES[training.code] ?? [] }));
