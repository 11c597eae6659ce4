// The words of the pages: dates as people write them, statuses and timeline entries in plain
// Dutch, and (from ./refusals) the API's refusals as a person reads them beside a field.

import type { CapName } from '../models/caps';
import { dayInBrussels, todayInBrussels } from '../models/dates';
import { longDate } from '../models/dutch-dates';
import type { KeptReason, RetentionCounts, RetentionKind } from '../models/retention';

export { durationText, longDate, longDateTime } from '../models/dutch-dates';
export { PROBLEM_TEXT, type Refused, inDutch } from './refusals';
export { todayInBrussels } from '../models/dates';
export { RECOGNITION_STATUS_TEXT, addressText, enterpriseNumberText, establishmentNumberText } from '../models/certificate';

/** A contact person on one line: "An De Vries, an@devries.example, +32 9 123 45 67". */
export const contactText = (contact: { name: string; email: string; phone?: string }) =>
  `${contact.name}, ${contact.email}${contact.phone ? `, ${contact.phone}` : ''}`;

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

export const APPLICATION_STATUS_TEXT: Record<string, string> = {
  submitted: 'Ingediend',
  in_review: 'In behandeling',
  info_requested: 'Informatie gevraagd',
  approved: 'Goedgekeurd',
  rejected: 'Afgewezen',
  lapsed: 'Vervallen',
  withdrawn: 'Ingetrokken',
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
  'learner-feedback': 'Na feedback van leerlingen',
};

export const CHECK_OUTCOME_TEXT: Record<string, string> = {
  ok: 'In orde',
  'improvement-needed': 'Verbetering nodig',
  suspend: 'Schorsing',
};

export const PLAN_STATUS_TEXT: Record<string, string> = {
  open: 'Lopend',
  done: 'Afgerond',
  overdue: 'Over tijd',
};

export const ACTION_STATUS_TEXT: Record<string, string> = {
  open: 'Te beantwoorden',
  answered: 'Beantwoord, wacht op beoordeling',
  done: 'Uitgevoerd',
  'not-done': 'Niet uitgevoerd: opnieuw te beantwoorden',
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
  'improvement-plan': 'Verbeterplan',
  placement: 'Plaatsing',
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
  'placement-running':
    'De plaatsing is voorgesteld of loopt: de overeenkomst tussen school, werkplek en leerling noemt haar mentor (AVG art. 6.1.e en 17.3.b). Te wissen zodra ze afgelopen is.',
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
  placements: {
    what: 'Plaatsingen: naam van de mentor, reden van weigering of stopzetting, commentaar bij de evaluatie en van de leerling (de leerling enkel als code van de school)',
    from: 'na het einde van de plaatsing',
    ground: 'Overeenkomst tussen school, werkplek en leerling (decreet duaal leren); vragen over de opleiding op de werkplek',
  },
  'feedback-links': {
    what: 'Eenmalige links voor de bevraging van leerlingen (geen persoonsgegevens)',
    from: 'na het verlopen van de link',
    ground: 'De bevraging van de leerling over de werkplek',
  },
  'searching-learners': {
    what: 'Leerlingen die een werkplek zoeken (code van de school, opleiding, postcode), eens geplaatst of verwijderd',
    from: 'na het einde van het jaar waarin ze geplaatst of verwijderd werden',
    ground: 'Een werkplek vinden; de monitoring van dat jaar en het volgende',
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
  improvementPlans: 'verbeterplannen gepseudonimiseerd',
  documents: 'documenten verwijderd',
  notices: 'berichten verwijderd',
  sessions: 'sessies verwijderd',
  importFiles: 'importbestanden verwijderd',
  placements: 'plaatsingen gepseudonimiseerd',
  feedbackLinks: 'links voor leerlingen verwijderd',
  searchingLearners: 'zoekende leerlingen verwijderd',
  failed: 'dossiers niet gelukt (volgende nacht opnieuw)',
};

/** What each cap per tenant counts (models/caps.ts), as a refusal on a page says it. */
export const CAP_TEXT: Record<CapName, string> = {
  subscriptionsPerSchool: 'abonnementen per school',
  mandatesPerCompany: 'scholen met een machtiging van de onderneming',
  activePlacementsPerSchool: 'lopende plaatsingen per school',
  searchingLearnersPerSchool: 'leerlingen die nog een werkplek zoeken per school',
  uploadsPerDossier: 'documenten in één dossier',
  draftsPerSession: 'onafgewerkte formulieren in één sessie',
};

/** What a person is told when a session at its cap of drafts refuses a form. */
export const tooManyDraftsText = (limit: number) =>
  `U kunt in één sessie ten hoogste ${limit} onafgewerkte formulieren bewaren. Rond er eerst een af, begin het opnieuw, of meld u af en weer aan.`;

export const CONDITION_TEXT: Record<string, string> = {
  'mentor-training': 'Mentoropleiding',
};

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
