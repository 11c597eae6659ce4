import type { ZodType } from 'zod';
import { applicationInput } from '../../models/application';
import type { FormErrors } from '../forms';
import { FACT, FIELD } from '../labels';
import { applyLabel } from '../mentor-fields';

// The application's five steps: what each asks (a part of the API's own schema), which fields of
// the application it owns, and the labels of those fields.

export type StepId = 'onderneming' | 'opleiding' | 'contactpersoon' | 'mentoren' | 'verklaringen';

export interface Step {
  id: StepId;
  title: string;
  /** The part of the API's schema this step asks for. */
  schema: ZodType;
  /** The top-level fields of the application it owns: a refusal's path belongs to this step. */
  owns: string[];
}

export const MENTORS = applicationInput.pick({ mentors: true });

export const STEPS: Step[] = [
  {
    id: 'onderneming',
    title: 'Onderneming en vestiging',
    schema: applicationInput.pick({ enterpriseNumber: true, establishmentNumber: true, companyName: true, jointCommittee: true }),
    // `kbo.establishment`: the establishment picked from the KBO data, or `andere` (see kbo.tsx).
    owns: ['enterpriseNumber', 'establishmentNumber', 'companyName', 'jointCommittee', 'kbo'],
  },
  {
    id: 'opleiding',
    title: 'Opleiding en plaatsen',
    schema: applicationInput.pick({ trainingCode: true, capacity: true, address: true }),
    owns: ['trainingCode', 'capacity', 'address'],
  },
  { id: 'contactpersoon', title: 'Contactpersoon', schema: applicationInput.pick({ contact: true }), owns: ['contact'] },
  { id: 'mentoren', title: 'Mentoren', schema: MENTORS, owns: ['mentors'] },
  {
    id: 'verklaringen',
    title: 'Verklaringen op eer',
    schema: applicationInput.pick({ declarations: true }),
    owns: ['declarations'],
  },
];

/** The step a field path belongs to. */
export const stepOf = (path: string) => STEPS.find((s) => s.owns.some((top) => path === top || path.startsWith(`${top}.`)));

/** A few mentors per workplace; more are added later on the recognition. */
export const MAX_MENTORS = 5;

export const DECLARATIONS: Array<{ name: string; label: string; hint: string }> = [
  {
    name: 'declarations.financialCapacity',
    label: 'De onderneming is financieel gezond.',
    hint: 'Ze is niet failliet, niet in vereffening en betaalt haar belastingen en sociale bijdragen.',
  },
  {
    name: 'declarations.noConvictions',
    label:
      'Niemand die de onderneming leidt of de leerling begeleidt, is veroordeeld voor feiten die jongeren in gevaar brengen.',
    hint: 'Het gaat om veroordelingen die in het strafregister staan, zoals geweld of zedenfeiten.',
  },
  {
    name: 'declarations.equipmentAndOrganisation',
    label: 'De werkplek heeft de uitrusting en de organisatie om de opleiding te geven.',
    hint: 'De leerling kan er de activiteiten van het opleidingsplan veilig uitvoeren, met de nodige beschermingsmiddelen.',
  },
  {
    name: 'declarations.honour',
    label: 'Ik verklaar op eer dat alle gegevens in deze aanvraag juist en volledig zijn.',
    hint: 'Het partnerschap kan ze nakijken, ook bij een bedrijfsbezoek.',
  },
];

/** The picked establishment's field (see kbo.tsx). */
export const KBO_CHOICE = 'kbo.establishment';

/** The labels of the fields the steps ask, mentors' aside (pages/mentor-fields.tsx). */
export const LABELS = {
  enterpriseNumber: FIELD.enterpriseNumber,
  establishmentNumber: FIELD.establishmentNumber,
  companyName: 'Naam van de onderneming',
  jointCommittee: 'Paritair comité (niet verplicht)',
  [KBO_CHOICE]: 'Vestiging waar de leerling werkt',
  trainingCode: FACT.training,
  capacity: 'Aantal plaatsen voor leerlingen',
  'address.street': FIELD.street,
  'address.postcode': FIELD.postcode,
  'address.municipality': FIELD.municipality,
  'contact.name': 'Naam van de contactpersoon',
  'contact.email': FIELD.email,
  'contact.phone': 'Telefoonnummer (niet verplicht)',
  ...(Object.fromEntries(DECLARATIONS.map((d) => [d.name, d.label])) as Record<string, string>),
} as const;

const LABEL_OF: Record<string, string> = LABELS;

/** Whether a step asks this (non-mentor) field. */
export const isAsked = (name: string) => name in LABEL_OF;

/** The Dutch label of a field path, for error summaries ("Mentor 2: Geboortedatum"). */
function applicationLabel(path: string): string {
  return applyLabel(path) ?? LABEL_OF[path] ?? path;
}

export const labelsFor = (errors: FormErrors | undefined) =>
  Object.fromEntries(Object.keys(errors?.fields ?? {}).map((path) => [path, applicationLabel(path)]));
