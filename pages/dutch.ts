// The words of the pages: dates as people write them, statuses and timeline entries in plain
// Dutch, and the API's (English) validation messages as a person reads them beside a field.

import type { CapName } from '../models/caps';
import { dayInBrussels, todayInBrussels } from '../models/dates';
import { longDate } from '../models/dutch-dates';
import { DURATION_PATTERN } from '../models/duration';
import type { ProblemCode, ProblemParams } from '../models/problem-codes';
import type { KeptReason, RetentionCounts, RetentionKind } from '../models/retention';

export { longDate, longDateTime } from '../models/dutch-dates';
export { todayInBrussels } from '../models/dates';

/** This calendar year in Brussels: the monitoring's years are years there. */
export const thisYearInBrussels = () => Number(todayInBrussels().slice(0, 4));

/** Whole days from today (Brussels) to a timestamp's or date's day: negative when it passed. */
export function daysLeft(value: string, now = new Date()): number {
  const day = (at: Date) => Date.parse(dayInBrussels(at));
  const target = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value) : day(new Date(value));
  return Math.round((target - day(now)) / 86_400_000);
}

export function daysLeftText(value: string, now = new Date()): string {
  const days = daysLeft(value, now);
  if (days === 0) return 'vandaag';
  if (days === 1) return 'morgen';
  if (days > 1) return `nog ${days} dagen`;
  return days === -1 ? '1 dag te laat' : `${-days} dagen te laat`;
}

/** "0403.170.701" and "2.123.456.791", as the KBO writes them. */
export function enterpriseNumberText(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` : digits;
}

export function establishmentNumberText(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits[0]}.${digits.slice(1, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` : digits;
}

export const APPLICATION_STATUS_TEXT: Record<string, string> = {
  submitted: 'Ingediend',
  in_review: 'In behandeling',
  info_requested: 'Informatie gevraagd',
  approved: 'Goedgekeurd',
  rejected: 'Afgewezen',
  lapsed: 'Vervallen',
  withdrawn: 'Ingetrokken',
};

export const RECOGNITION_STATUS_TEXT: Record<string, string> = {
  active: 'Erkend',
  suspended: 'Geschorst',
  withdrawn: 'Ingetrokken',
  expired: 'Verlopen',
  ended: 'Beëindigd',
};

export const CHECK_STATUS_TEXT: Record<string, string> = {
  open: 'Te beantwoorden',
  answered: 'Beantwoord, wacht op beoordeling',
  closed: 'Afgesloten',
  overdue: 'Te laat',
};

export const CHECK_REASON_TEXT: Record<string, string> = {
  periodic: 'Periodieke controle',
  incident: 'Na een melding',
  'mentor-change': 'Nieuwe mentor',
};

export const CHECK_OUTCOME_TEXT: Record<string, string> = {
  ok: 'In orde',
  'improvement-needed': 'Verbetering nodig',
  suspend: 'Schorsing',
};

export const ROLE_TEXT: Record<string, string> = {
  company: 'Onderneming',
  reviewer: 'Beoordelaar',
  coordinator: 'Coördinator',
  school: 'School',
  admin: 'Beheerder',
};

/** Where a person's data is, for the administrator's page of personal data. */
export const PLACE_KIND_TEXT: Record<string, string> = {
  application: 'Aanvraag',
  recognition: 'Erkenning',
  'quality-check': 'Kwaliteitscontrole',
  notice: 'Verzonden bericht',
  'session-draft': 'Onafgewerkt formulier',
};

export const PERSON_ROLE_TEXT: Record<string, string> = {
  contact: 'contactpersoon',
  mentor: 'mentor',
  named: 'genoemd in een tekst',
  recipient: 'ontvanger',
};

/** Why data stays despite an erasure request (models/retention.ts KEPT_REASONS, for people). */
export const KEPT_REASON_TEXT: Record<KeptReason, string> = {
  'procedure-open':
    'De aanvraag wordt nog behandeld: de procedure heeft de contactpersoon en de mentoren nodig (AVG art. 6.1.e en 17.3.b).',
  'recognition-in-force':
    'De erkenning is van kracht: ze heeft een contactpersoon en mentoren nodig, op wie het partnerschap toezicht houdt (AVG art. 6.1.c en e, 17.3.b). Bewaard tot een jaar na het einde van de erkenning.',
  'appeal-window':
    'Tegen de beslissing kan nog beroep worden ingesteld bij de Raad van State: bewaard om ze te verdedigen tot die termijn voorbij is (AVG art. 17.3.e).',
  'session-draft':
    'Een onafgewerkt aanvraagformulier in de sessie van een gebruiker: het verdwijnt met de sessie, binnen 12 uur.',
  'temporal-histories':
    'De geschiedenis van de workflows van bewaarde dossiers bevat dezelfde gegevens, versleuteld, zolang ze lopen en daarna 30 dagen; die van gewiste dossiers verdwijnt binnen die 30 dagen.',
  'import-files':
    'Het CSV-bestand van een import bevat namen en e-mailadressen van contactpersonen, tot 30 dagen na het einde van de import.',
};

/** The retention schedule (models/retention.ts) as the administrator reads it; the periods come from there. */
export const RETENTION_KIND_TEXT: Record<RetentionKind, { what: string; from: string; ground: string }> = {
  'closed-application': {
    what: 'Aanvragen zonder erkenning (afgewezen, ingetrokken, vervallen): contactpersoon, mentoren, vrije teksten',
    from: 'na het afsluiten',
    ground: 'Erkenningsprocedure (decreet duaal leren); verdediging van de beslissing (beroep: 60 dagen)',
  },
  'approved-application': {
    what: 'Aanvraag waarop een erkenning werd verleend',
    from: 'zolang de gegevens van de erkenning',
    ground: 'Dossier van de erkenningsbeslissing',
  },
  'live-recognition': {
    what: 'Contactpersoon en mentoren van een erkenning die van kracht is',
    from: 'zolang de erkenning van kracht is',
    ground: 'Voorwaarden van de erkenning; toezicht door het partnerschap',
  },
  'ended-recognition': {
    what: 'Beëindigde, verlopen of ingetrokken erkenningen en hun kwaliteitscontroles: contactpersoon, mentoren, vrije teksten',
    from: 'na het einde',
    ground: 'Vragen over de opleiding op de werkplek; beroep tegen een intrekking (60 dagen)',
  },
  documents: {
    what: 'Opgeladen documenten (uittreksels, diploma’s, attesten)',
    from: 'samen met de persoonsgegevens van hun dossier',
    ground: 'Als hun dossier',
  },
  notices: {
    what: 'Verzonden berichten: e-mailadres, namen',
    from: 'na verzending',
    ground: 'Bewijs dat de onderneming op de hoogte werd gebracht',
  },
  sessions: {
    what: 'Aanmeldsessies, met onafgewerkte formulieren',
    from: 'na het aanmelden',
    ground: 'De dienst die de gebruiker gebruikt',
  },
  'import-files': {
    what: 'CSV-bestanden van imports: namen en e-mailadressen',
    from: 'na het einde van de import',
    ground: 'Geweigerde rijen nakijken en verbeteren',
  },
  'read-models': {
    what: 'Wijzigingsstroom en momentopnames van de lijsten (geen contactgegevens)',
    from: 'na het schrijven',
    ground: 'Register en lijsten',
  },
  'temporal-histories': {
    what: 'Geschiedenis van de workflows in Temporal, versleuteld',
    from: 'zolang de workflow loopt, daarna 30 dagen',
    ground: 'De procedure die de workflow uitvoert',
  },
};

/** What a nightly retention run did, per count. */
export const RETENTION_COUNT_TEXT: Record<keyof RetentionCounts, string> = {
  applications: 'aanvragen gepseudonimiseerd',
  recognitions: 'erkenningen gepseudonimiseerd',
  qualityChecks: 'kwaliteitscontroles gepseudonimiseerd',
  documents: 'documenten verwijderd',
  notices: 'berichten verwijderd',
  sessions: 'sessies verwijderd',
  importFiles: 'importbestanden verwijderd',
  failed: 'dossiers niet gelukt (volgende nacht opnieuw)',
};

/** What each cap per tenant counts (models/caps.ts), as a refusal on a page says it. */
export const CAP_TEXT: Record<CapName, string> = {
  subscriptionsPerSchool: 'abonnementen per school',
  mandatesPerCompany: 'scholen met een machtiging van de onderneming',
  activePlacementsPerSchool: 'lopende plaatsingen per school',
  uploadsPerDossier: 'documenten in één dossier',
  draftsPerSession: 'onafgewerkte formulieren in één sessie',
};

export const CONDITION_TEXT: Record<string, string> = {
  'mentor-training': 'Mentoropleiding',
};

const DURATION_UNITS: Array<[string, string]> = [
  ['jaar', 'jaar'],
  ['maand', 'maanden'],
  ['week', 'weken'],
  ['dag', 'dagen'],
  ['uur', 'uur'],
  ['minuut', 'minuten'],
  ['seconde', 'seconden'],
];

/**
 * An ISO 8601 duration as people say it: "14 dagen", "1 jaar en 6 maanden", "30 seconden"; a
 * zero keeps the unit it was written in ("0 seconden"). Anything else is shown as it is.
 */
export function durationText(iso: string): string {
  const match = DURATION_PATTERN.exec(iso);
  if (!match) return iso;
  const parts = match
    .slice(1)
    .map((amount, index) => ({ amount, unit: DURATION_UNITS[index]! }))
    .filter(({ amount }) => amount !== undefined);
  const nonZero = parts.filter(({ amount }) => Number(amount) !== 0);
  const words = (nonZero.length ? nonZero : parts.slice(0, 1)).map(
    ({ amount, unit }) => `${amount!.replace('.', ',')} ${Number(amount) === 1 ? unit[0] : unit[1]}`,
  );
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} en ${words.at(-1)}` : words[0]!;
}

/** One timeline entry of an application as a sentence for the company and the reviewer. */
export function timelineText(type: string, data: Record<string, unknown> | undefined, partnershipName: string): string {
  const d = data ?? {};
  switch (type) {
    case 'submitted':
      return 'Aanvraag ingediend.';
    case 'complete':
      return `De aanvraag is volledig en ligt bij ${partnershipName}.`;
    case 'incomplete':
      return 'De automatische controle vond dat de aanvraag nog niet volledig is.';
    case 'info_requested':
      return `${partnershipName} vraagt bijkomende informatie.`;
    case 'info_reminder':
      return 'Herinnering: de gevraagde informatie is nog niet binnen.';
    case 'supplemented':
      return 'De onderneming heeft de aanvraag aangevuld.';
    case 'visit_recorded':
      return `Bedrijfsbezoek op ${longDate(String(d.visitedOn ?? ''))}.`;
    case 'decided':
      return d.outcome === 'approved' ? 'De aanvraag is goedgekeurd: de werkplek is erkend.' : 'De aanvraag is afgewezen.';
    case 'objection':
      return 'De onderneming heeft bezwaar aangetekend; de aanvraag wordt opnieuw beoordeeld.';
    case 'objection_window_closed':
      return 'De termijn voor bezwaar is verstreken.';
    case 'withdrawn':
      return 'De aanvraag is ingetrokken.';
    case 'lapsed':
      return 'De aanvraag is vervallen: de gevraagde informatie kwam niet op tijd.';
    case 'decision_reminder':
      return 'Herinnering aan het partnerschap: de beslissingstermijn loopt bijna af.';
    case 'decision_overdue':
      return 'De beslissingstermijn is verstreken zonder beslissing.';
    case 'parked':
      return 'De behandeling wacht even op een beheerder.';
    case 'resumed':
      return 'De behandeling loopt weer.';
    default:
      return type;
  }
}

/** A refusal whose text the pages have no Dutch of their own for yet: the English in brackets. */
const notAccepted = (message: string) => `Deze waarde is niet aanvaard (${message}).`;
const untranslated = (_params: unknown, message: string) => notAccepted(message);

const HTTPS_ADDRESS = 'Geef een webadres dat begint met https://, bijvoorbeeld https://school.example/webhooks/erkend.';

/**
 * Each refusal's Dutch, by its code (models/problem-codes.ts) and values; the English message is
 * shown only where there is no Dutch of its own (`untranslated`). A code without Dutch does not
 * compile.
 */
export const PROBLEM_TEXT: { [C in ProblemCode]: (params: ProblemParams[C], message: string) => string } = {
  required: () => 'Vul dit in.',
  'invalid-type': ({ expected }, message) =>
    expected === 'number' ? 'Geef een getal.' : expected === 'int' ? 'Geef een geheel getal.' : notAccepted(message),
  'too-small': ({ origin, minimum, inclusive }, message) => {
    if (origin === 'string' && minimum === 1) return 'Vul dit in.';
    if (origin === 'array' && minimum === 1) return 'Vul minstens één in.';
    return origin === 'number' && inclusive ? `Geef minstens ${minimum}.` : notAccepted(message);
  },
  'too-big': ({ origin, maximum, inclusive }, message) => {
    if (origin === 'string') return `Gebruik ten hoogste ${maximum} tekens.`;
    if (origin === 'array') return `Ten hoogste ${maximum}.`;
    return origin === 'number' && inclusive ? `Geef ten hoogste ${maximum}.` : notAccepted(message);
  },
  'invalid-format': ({ format }, message) =>
    format === 'email'
      ? 'Geef een geldig e-mailadres, bijvoorbeeld naam@bedrijf.be.'
      : format === 'regex'
        ? 'Deze waarde heeft niet de juiste vorm.'
        : notAccepted(message),
  'invalid-option': ({ values }, message) =>
    values.length > 1
      ? 'Kies een van de mogelijkheden.'
      : values[0] === true
        ? 'Bevestig deze verklaring.'
        : notAccepted(message),
  'unknown-key': () => 'Dit veld hoort hier niet.',
  invalid: untranslated,
  'invalid-date': () => 'Geef een geldige datum.',
  'date-out-of-range': ({ from, to }) => `Geef een datum tussen ${from} en ${to}.`,
  'invalid-duration': () => 'Geef een termijn, bijvoorbeeld 14 dagen.',
  'duration-out-of-range': ({ minimum, maximum }) =>
    `Kies een termijn van ${durationText(minimum)} tot ${durationText(maximum)}.`,
  'ten-digits': () => 'Geef 10 cijfers, bijvoorbeeld 0403.170.701.',
  'enterprise-number-start': () => 'Een ondernemingsnummer begint met 0 of 1.',
  'establishment-number-start': () => 'Een vestigingseenheidsnummer begint met 2 tot 8.',
  'check-digits': () => 'Dit nummer bestaat niet: de controlecijfers kloppen niet. Kijk het na.',
  postcode: () => 'Geef een Belgische postcode van 4 cijfers.',
  'email-local-part': ({ maximum }) => `Het deel voor de @ heeft ten hoogste ${maximum} tekens.`,
  'http-url': () => HTTPS_ADDRESS,
  'declaration-required': () => 'Bevestig deze verklaring.',
  'mentor-required': () => 'Geef minstens één mentor op.',
  'reason-required': () => 'Geef minstens één reden.',
  'rejection-reason-required': () => 'Geef minstens één reden voor een afwijzing.',
  'item-required': () => 'Noem minstens één ontbrekend stuk.',
  'person-required': () => 'Geef een e-mailadres, of een voornaam, achternaam en geboortedatum.',
  'national-number': () => 'Geef de eigen code van uw school voor de leerling, nooit een rijksregisternummer.',
  'ends-before-start': () => 'Deze datum ligt vóór de begindatum.',
  'not-after-start': () => 'Deze datum ligt niet na de begindatum.',
  'before-placement-start': () => 'Deze datum ligt vóór het begin van de plaatsing.',
  'mentor-too-young': ({ age, minimum, minimumWithDiploma }) =>
    `De mentor is ${age} jaar; een mentor is minstens ${minimum} jaar (${minimumWithDiploma} met een diplomabewijs).`,
  'mentor-experience': ({ minimum }) =>
    `Zonder diplomabewijs zijn minstens ${minimum} jaar praktijkervaring in het beroep nodig.`,
  'extract-in-future': () => 'Het uittreksel kan niet in de toekomst gedateerd zijn.',
  'training-in-future': () => 'Een gevolgde opleiding kan niet in de toekomst liggen.',
  'visit-in-future': () => 'Een bezoek kan pas vastgelegd worden als het plaatsvond: geef een datum tot vandaag.',
  'today-or-later': () => 'Kies vandaag of een latere datum.',
  'own-enterprise-only': () => 'U kunt alleen voor uw eigen onderneming een aanvraag doen.',
  'no-mandate': () => 'Uw school heeft geen machtiging van deze onderneming. Vraag de onderneming om uw school te machtigen.',
  'mandate-revoked': () => 'De onderneming heeft de machtiging van uw school ingetrokken.',
  'mandate-ended': ({ endedOn }) =>
    `De machtiging van uw school liep af op ${longDate(endedOn)}. Vraag de onderneming om ze te verlengen.`,
  'unknown-enterprise': () => 'Dit ondernemingsnummer staat niet in de Kruispuntbank van Ondernemingen (KBO). Kijk het na.',
  'stopped-enterprise': () =>
    'Volgens de Kruispuntbank van Ondernemingen (KBO) is deze onderneming stopgezet. Een stopgezette onderneming kan geen erkenning aanvragen.',
  'not-an-establishment': () =>
    'Deze vestigingseenheid hoort volgens de KBO niet bij deze onderneming. Kies een vestiging van de onderneming.',
  'unknown-training': () => 'Kies een opleiding uit de lijst.',
  'workplace-held': ({ holder }) =>
    holder === 'application'
      ? 'Voor deze vestiging en opleiding loopt al een aanvraag. Kies een andere vestiging of opleiding, of volg de lopende aanvraag op.'
      : 'Deze vestiging is al erkend voor deze opleiding.',
  'whole-number-range': ({ minimum, maximum }) => `Geef een geheel getal van ${minimum} tot ${maximum}.`,
  'recognition-expired': () => 'Deze erkenning is al verlopen: alleen erkenningen die nog gelden, worden overgenomen.',
  'workplace-taken': ({ holder }) =>
    holder === 'application'
      ? 'Voor deze werkplek loopt al een aanvraag in Erkend.'
      : 'Deze werkplek heeft al een erkenning in Erkend.',
  'webhook-not-http': () => HTTPS_ADDRESS,
  'webhook-host-unknown': ({ host }) => `De server ${host} is niet te vinden. Kijk het webadres na.`,
  'webhook-private-address': ({ address }) =>
    `Dit webadres leidt naar ${address}, een intern netwerkadres. Erkend stuurt berichten alleen naar adressen op het internet.`,
  'incident-quota': ({ limit }) =>
    `Een school kan per dag ten hoogste ${limit === 1 ? '1 probleem' : `${limit} problemen`} melden. Meld dit morgen, of bel het sectoraal partnerschap.`,
  'malformed-json': untranslated,
  'file-required': untranslated,
  'file-type': untranslated,
  'upload-cut-short': untranslated,
  'kind-required': untranslated,
  'idempotency-key': untranslated,
  'unknown-recognition': untranslated,
  'recognition-id-required': untranslated,
  'unknown-partnership': untranslated,
  'unknown-mentor': untranslated,
  'unknown-document': untranslated,
  'unknown-question': untranslated,
  'unanswered-question': untranslated,
  'year-without-data': untranslated,
  'either-name-or-number': untranslated,
};

/**
 * Texts that reach the pages as stored English without a code: a webhook's undeliverable reason
 * and an import's refused rows (their documents keep only the message). Their Dutch by the
 * sentence this project writes, until the stored documents keep the code.
 */
const STORED_TEXT: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^unknown training/, () => PROBLEM_TEXT['unknown-training']({ trainingCode: '' }, '')],
  [/^has passed \(/, () => PROBLEM_TEXT['recognition-expired']({ validUntil: '' }, '')],
  [
    /^this workplace already has (an open application|the recognition) /,
    (m) =>
      PROBLEM_TEXT['workplace-taken']({ holder: m[1] === 'an open application' ? 'application' : 'recognition', id: '' }, ''),
  ],
  [
    /^the host (.+) (cannot be resolved|resolves to no address)$/,
    (m) => PROBLEM_TEXT['webhook-host-unknown']({ host: m[1]! }, ''),
  ],
  [
    /^the host resolves to (.+), a loopback, private or special-purpose address$/,
    (m) => PROBLEM_TEXT['webhook-private-address']({ address: m[1]! }, ''),
  ],
  [/^the URL is not http\(s\)$/, () => HTTPS_ADDRESS],
];

/** A refusal as the pages show it: what the API (or a stored document) said of a field, or of the request. */
export interface Refused {
  message: string;
  code?: ProblemCode;
  params?: unknown;
}

/**
 * The Dutch of a refusal, by its code; a stored text without one by its sentence, else the
 * English in brackets.
 */
export function inDutch(refused: Refused): string {
  if (refused.code)
    return (PROBLEM_TEXT[refused.code] as (params: unknown, message: string) => string)(refused.params ?? {}, refused.message);
  for (const [pattern, text] of STORED_TEXT) {
    const match = refused.message.match(pattern);
    if (match) return text(match);
  }
  return notAccepted(refused.message);
}
