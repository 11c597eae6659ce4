import { DURATION_PATTERN } from '../../models/duration';
import type { FormValues } from '../forms';

// The policy's fields: their labels and hints, and its terms, a number and a unit on the page
// ("21 dagen") and an ISO 8601 duration in the API (P21D).

export interface Partnership {
  id: string;
  name: string;
  policy: Record<string, unknown>;
  policyProblems?: Array<{ path: string; message: string }>;
}

export const DURATIONS = [
  'decisionDeadline',
  'infoRequestDeadline',
  'validity',
  'renewalNotice',
  'qualityCheckInterval',
  'qualityCheckResponseDeadline',
  'mentorTrainingDeadline',
  'objectionWindow',
  'placementAnswerDeadline',
  'improvementActionGrace',
] as const;

/** The policy's fields in the order of the form: the error summary lists them so. */
export const FIELD_ORDER = [
  ...DURATIONS,
  'requiredDocuments',
  'capacityIncreaseWithoutReview',
  'mentorChangeCheck',
  'learnerFeedbackThreshold',
  'selfAssessment',
  'visitChecklist',
  'improvementTemplates',
];

export const LABELS: Record<string, string> = {
  decisionDeadline: 'Beslissingstermijn',
  infoRequestDeadline: 'Termijn om informatie aan te vullen',
  validity: 'Geldigheid van een erkenning',
  renewalNotice: 'Uitnodiging om te verlengen',
  qualityCheckInterval: 'Tijd tussen twee kwaliteitscontroles',
  qualityCheckResponseDeadline: 'Antwoordtermijn van een kwaliteitscontrole',
  mentorTrainingDeadline: 'Termijn voor de mentoropleiding',
  objectionWindow: 'Termijn voor bezwaar',
  placementAnswerDeadline: 'Termijn om een voorstel van plaatsing te beantwoorden',
  learnerFeedbackThreshold: 'Drempel voor feedback van leerlingen',
  mentorChangeCheck: 'Controle bij een nieuwe mentor',
  requiredDocuments: 'Verplichte documenten',
  capacityIncreaseWithoutReview: 'Plaatsen erbij zonder beoordeling',
  selfAssessment: 'Vragen van de zelfevaluatie',
  improvementActionGrace: 'Uitstel voor een verbeterplan',
  visitChecklist: 'Wat een bedrijfsbezoek nagaat',
  improvementTemplates: 'Verbeteracties om mee te starten',
};

export const HINTS: Record<string, string> = {
  decisionDeadline: 'Binnen deze termijn beslist het partnerschap over een volledige aanvraag.',
  infoRequestDeadline: 'Zo lang heeft de onderneming om gevraagde informatie te bezorgen; daarna vervalt de aanvraag.',
  validity: 'Zo lang geldt een erkenning na de goedkeuring.',
  renewalNotice: 'Zo lang voor het einde van de erkenning wordt de onderneming uitgenodigd om te verlengen.',
  qualityCheckInterval: 'Zo vaak krijgt een erkende werkplek een periodieke kwaliteitscontrole.',
  qualityCheckResponseDeadline: 'Zo lang heeft de onderneming om een kwaliteitscontrole te beantwoorden.',
  mentorTrainingDeadline: 'Zo lang heeft een mentor zonder mentoropleiding om die te volgen.',
  objectionWindow: 'Zo lang kan de onderneming bezwaar aantekenen tegen een afwijzing.',
  placementAnswerDeadline: 'Zonder antwoord binnen deze termijn vervalt het voorstel en komt de plaats weer vrij.',
  learnerFeedbackThreshold:
    'Een getal van 1 tot 4, bijvoorbeeld 2,5. Antwoorden leerlingen op een werkplek gemiddeld lager (uit minstens drie antwoorden), dan opent dat een kwaliteitscontrole.',
  requiredDocuments: 'Eén soort document per regel, zoals de onderneming het oplaadt, bijvoorbeeld risicoanalyse.',
  capacityIncreaseWithoutReview:
    'Zoveel plaatsen mag een erkende werkplek er zelf bijnemen; meer beoordeelt het partnerschap eerst, net als een nieuw adres.',
  improvementActionGrace:
    'Is een verbeteractie op haar datum niet uitgevoerd, dan krijgt de onderneming een herinnering; na deze termijn is het verbeterplan over tijd.',
};

interface Unit {
  code: string;
  text: string;
  iso: (amount: string) => string;
  /** Its length in seconds, for a unit of fixed length. */
  seconds?: number;
}

export const UNITS: Unit[] = [
  { code: 'D', text: 'dagen', iso: (n) => `P${n}D`, seconds: 86_400 },
  { code: 'W', text: 'weken', iso: (n) => `P${n}W`, seconds: 604_800 },
  { code: 'M', text: 'maanden', iso: (n) => `P${n}M` },
  { code: 'Y', text: 'jaren', iso: (n) => `P${n}Y` },
  // Offered only when a term already uses them (tests and demonstrations run in seconds).
  { code: 'H', text: 'uren', iso: (n) => `PT${n}H`, seconds: 3_600 },
  { code: 'MIN', text: 'minuten', iso: (n) => `PT${n}M`, seconds: 60 },
  { code: 'S', text: 'seconden', iso: (n) => `PT${n}S`, seconds: 1 },
  // A term no single unit can say exactly (P1M2D, set through the API): kept as written.
  { code: 'ISO', text: 'ISO 8601-duur', iso: (n) => n },
];
export const EVERYDAY_UNITS = ['D', 'W', 'M', 'Y'];
/** The units of the duration pattern's groups, in order. */
const PATTERN_UNITS = ['Y', 'M', 'W', 'D', 'H', 'MIN', 'S'];
const unitOf = (code: string | undefined) => UNITS.find((unit) => unit.code === code);

/** A term as one amount and unit: exact, never rounded (P1Y6M is 18 maanden, P1W3D 10 dagen). */
export function amountAndUnit(iso: string): { amount: string; unit: string } {
  const match = DURATION_PATTERN.exec(iso);
  if (!match) return { amount: iso, unit: 'ISO' };
  const present = PATTERN_UNITS.map((code, index) => ({ code, amount: match[index + 1] })).filter((p) => p.amount !== undefined);
  if (present.length === 1) return { amount: present[0]!.amount!, unit: present[0]!.code };
  const calendar = present.filter((p) => p.code === 'Y' || p.code === 'M');
  if (calendar.length === present.length) {
    return {
      amount: String(calendar.reduce((months, p) => months + Number(p.amount) * (p.code === 'Y' ? 12 : 1), 0)),
      unit: 'M',
    };
  }
  if (calendar.length > 0) return { amount: iso, unit: 'ISO' };
  // Fixed lengths only: in the smallest unit written, which each larger one is a whole multiple of.
  const smallest = unitOf(present.at(-1)!.code)!;
  const seconds = present.reduce((sum, p) => sum + Number(p.amount) * unitOf(p.code)!.seconds!, 0);
  return { amount: String(seconds / smallest.seconds!), unit: smallest.code };
}

/** The ISO duration of a posted amount and unit, or the reason it is none. */
export function termOf(amount: string, unit: string): { iso: string } | { error: string } {
  const chosen = unitOf(unit);
  if (!chosen) return { error: 'Kies een eenheid.' };
  if (amount === '') return { error: 'Vul een aantal in.' };
  if (chosen.code === 'ISO') return { iso: amount };
  if (!/^\d+$/.test(amount)) return { error: 'Geef het aantal als een geheel getal, bijvoorbeeld 14.' };
  return { iso: chosen.iso(amount.replace(/^0+(?=\d)/, '')) };
}

/** The rows of a list the form has (`<list>.<row>.<part>`), by their index in the form: each with one of `parts` filled. */
export function rowsOf(values: FormValues, list: string, parts: string[]): number[] {
  const pattern = new RegExp(`^${list}\\.(\\d{1,2})\\.(${parts.join('|')})$`);
  const rows = new Set<number>();
  for (const name of Object.keys(values)) {
    const match = pattern.exec(name);
    if (match && values[name] !== '') rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}
