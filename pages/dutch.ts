// The words of the pages: dates as people write them, statuses and timeline entries in plain
// Dutch, and the API's (English) validation messages as a person reads them beside a field.

import type { CapName } from '../models/caps';
import { dayInBrussels, todayInBrussels } from '../models/dates';
import { longDate } from '../models/dutch-dates';
import { DURATION_PATTERN } from '../models/duration';
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

const EXACT: Record<string, string> = {
  required: 'Vul dit in.',
  'use the school’s own pseudonymous code, never a national number':
    'Geef de eigen code van uw school voor de leerling, nooit een rijksregisternummer.',
  'ends before it starts': 'Deze datum ligt vóór de begindatum.',
  'before the placement started': 'Deze datum ligt vóór het begin van de plaatsing.',
  'must be declared (true) on honour': 'Bevestig deze verklaring.',
  'must be a Belgian postcode of 4 digits': 'Geef een Belgische postcode van 4 cijfers.',
  'must be at least 1': 'Geef minstens 1.',
  'at least one mentor is required': 'Geef minstens één mentor op.',
  'must be 10 digits, for example 0403.170.701': 'Geef 10 cijfers, bijvoorbeeld 0403.170.701.',
  'an enterprise number starts with 0 or 1': 'Een ondernemingsnummer begint met 0 of 1.',
  'an establishment number starts with 2 to 8': 'Een vestigingseenheidsnummer begint met 2 tot 8.',
  'check digits do not match (mod 97)': 'Dit nummer bestaat niet: de controlecijfers kloppen niet. Kijk het na.',
  'must be a date as YYYY-MM-DD': 'Geef een geldige datum.',
  'the extract cannot be dated in the future': 'Het uittreksel kan niet in de toekomst gedateerd zijn.',
  'a completed training cannot be dated in the future': 'Een gevolgde opleiding kan niet in de toekomst liggen.',
  'a rejection needs at least one reason': 'Geef minstens één reden voor een afwijzing.',
  'give at least one reason': 'Geef minstens één reden.',
  'name at least one item': 'Noem minstens één ontbrekend stuk.',
  'a visit cannot be recorded before it happened':
    'Een bezoek kan pas vastgelegd worden als het plaatsvond: geef een datum tot vandaag.',
  'a company applies for its own enterprise number only': 'U kunt alleen voor uw eigen onderneming een aanvraag doen.',
  'this school has no mandate of this enterprise':
    'Uw school heeft geen machtiging van deze onderneming. Vraag de onderneming om uw school te machtigen.',
  'this school’s mandate of this enterprise was revoked': 'De onderneming heeft de machtiging van uw school ingetrokken.',
  'must be today or later': 'Kies vandaag of een latere datum.',
  'give an e-mail address, or a first name, last name and birth date':
    'Geef een e-mailadres, of een voornaam, achternaam en geboortedatum.',
  'Invalid email address': 'Geef een geldig e-mailadres, bijvoorbeeld naam@bedrijf.be.',
  'must be an http(s) URL': 'Geef een webadres dat begint met https://, bijvoorbeeld https://school.example/webhooks/erkend.',
  'the URL is not http(s)': 'Geef een webadres dat begint met https://, bijvoorbeeld https://school.example/webhooks/erkend.',
  'the part before @ may have at most 64 characters': 'Het deel voor de @ heeft ten hoogste 64 tekens.',
  'must be an ISO 8601 duration such as P14D, P5Y or PT30S': 'Geef een termijn, bijvoorbeeld 14 dagen.',
  'unknown in the KBO (Crossroads Bank for Enterprises)':
    'Dit ondernemingsnummer staat niet in de Kruispuntbank van Ondernemingen (KBO). Kijk het na.',
  'must be a whole number from 1 to 100': 'Geef een geheel getal van 1 tot 100.',
  'must be after validFrom': 'Deze datum ligt niet na de begindatum.',
  'this enterprise has stopped according to the KBO':
    'Volgens de Kruispuntbank van Ondernemingen (KBO) is deze onderneming stopgezet. Een stopgezette onderneming kan geen erkenning aanvragen.',
};

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [
    /^the mentor is (\d+); a mentor must be at least (\d+) \((\d+) with diploma evidence\)$/,
    (m) => `De mentor is ${m[1]} jaar; een mentor is minstens ${m[2]} jaar (${m[3]} met een diplomabewijs).`,
  ],
  [
    /^at least (\d+) years of practice in the trade are required without diploma evidence$/,
    (m) => `Zonder diplomabewijs zijn minstens ${m[1]} jaar praktijkervaring in het beroep nodig.`,
  ],
  [/^unknown training/, () => 'Kies een opleiding uit de lijst.'],
  [/^has passed \(/, () => 'Deze erkenning is al verlopen: alleen erkenningen die nog gelden, worden overgenomen.'],
  [
    /^this workplace already has (an open application|the recognition) /,
    (m) =>
      m[1] === 'an open application'
        ? 'Voor deze werkplek loopt al een aanvraag in Erkend.'
        : 'Deze werkplek heeft al een erkenning in Erkend.',
  ],
  [
    /^not an establishment of enterprise /,
    () => 'Deze vestigingseenheid hoort volgens de KBO niet bij deze onderneming. Kies een vestiging van de onderneming.',
  ],
  [
    /^held by the open application /,
    () =>
      'Voor deze vestiging en opleiding loopt al een aanvraag. Kies een andere vestiging of opleiding, of volg de lopende aanvraag op.',
  ],
  [/^held by the recognition /, () => 'Deze vestiging is al erkend voor deze opleiding.'],
  [
    /^this school’s mandate of this enterprise ended on (\d{4}-\d{2}-\d{2})$/,
    (m) => `De machtiging van uw school liep af op ${longDate(m[1]!)}. Vraag de onderneming om ze te verlengen.`,
  ],
  [/^must be a date from (\d+) to (\d+)$/, (m) => `Geef een datum tussen ${m[1]} en ${m[2]}.`],
  [/^must be from (P\S+) to (P\S+)$/, (m) => `Kies een termijn van ${durationText(m[1]!)} tot ${durationText(m[2]!)}.`],
  [
    /^the host (.+) (cannot be resolved|resolves to no address)$/,
    (m) => `De server ${m[1]} is niet te vinden. Kijk het webadres na.`,
  ],
  [
    /^the host resolves to (.+), a loopback, private or special-purpose address$/,
    (m) =>
      `Dit webadres leidt naar ${m[1]}, een intern netwerkadres. Erkend stuurt berichten alleen naar adressen op het internet.`,
  ],
  [
    /^A school may report at most (\d+) incidents a day/,
    (m) =>
      `Een school kan per dag ten hoogste ${m[1] === '1' ? '1 probleem' : `${m[1]} problemen`} melden. Meld dit morgen, of bel het sectoraal partnerschap.`,
  ],
  [/expected (string|number|boolean|array|object), received undefined/, () => 'Vul dit in.'],
  [/expected number, received NaN|expected number/, () => 'Geef een getal.'],
  [/expected int/, () => 'Geef een geheel getal.'],
  [/Too small: expected string to have >=1 characters?/, () => 'Vul dit in.'],
  [/Too small: expected array to have >=1 items?/, () => 'Vul minstens één in.'],
  [/Too small: expected number to be >=(\d+)/, (m) => `Geef minstens ${m[1]}.`],
  [/Too big: expected string to have <=(\d+) characters?/, (m) => `Gebruik ten hoogste ${m[1]} tekens.`],
  [/Too big: expected number to be <=(\d+)/, (m) => `Geef ten hoogste ${m[1]}.`],
  [/Too big: expected array to have <=(\d+) items?/, (m) => `Ten hoogste ${m[1]}.`],
  [/Invalid option: expected one of/, () => 'Kies een van de mogelijkheden.'],
  [/Invalid input: expected true/, () => 'Bevestig deze verklaring.'],
  [/Invalid string: must match pattern/, () => 'Deze waarde heeft niet de juiste vorm.'],
  [/Unrecognized key/, () => 'Dit veld hoort hier niet.'],
];

/** The Dutch text of an API validation message; unknown ones say plainly that the value is refused. */
export function inDutch(message: string): string {
  const exact = EXACT[message];
  if (exact) return exact;
  for (const [pattern, text] of PATTERNS) {
    const match = message.match(pattern);
    if (match) return text(match);
  }
  return `Deze waarde is niet aanvaard (${message}).`;
}
