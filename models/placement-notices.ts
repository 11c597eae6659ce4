import { longDate, longDateTime } from './dutch-dates';
import type { TerminationReason } from './placement-status';

// What the parties of a placement hear as it goes: the company of a proposal, the school of the
// answer, each of an early end by the other. Dutch, pure; the activity addresses and records them.

export const TERMINATION_REASON_TEXT: Record<TerminationReason, string> = {
  'learner-left-school': 'de leerling verliet de school',
  'learner-choice': 'de leerling koos om te stoppen',
  'company-choice': 'de onderneming koos om te stoppen',
  conflict: 'een conflict',
  'workplace-not-recognised': 'de werkplek is niet langer erkend',
  other: 'een andere reden',
};

export interface PlacementNoticeData {
  companyName: string;
  trainingName: string;
  learnerReference: string;
  startsOn: string;
  answerDue: string;
  endedOn?: string;
  reason?: string;
  terminationReason?: TerminationReason;
}

const NEW_WORKPLACE = 'Zoek samen met de leerling een nieuwe erkende werkplek, zodat het traject niet stilvalt.';

const TEMPLATES = {
  placement_proposed: (d: PlacementNoticeData) => ({
    subject: `Voorstel van plaatsing: leerling ${d.learnerReference}, ${d.trainingName}`,
    text: `Een school stelt voor om leerling ${d.learnerReference} (${d.trainingName}) vanaf ${longDate(d.startsOn)} te plaatsen bij ${d.companyName}.\nAanvaard het voorstel en kies een mentor, of weiger het met een reden, vóór ${longDateTime(d.answerDue)}. Zonder antwoord vervalt het voorstel en komt de plaats weer vrij.`,
  }),
  placement_accepted: (d: PlacementNoticeData) => ({
    subject: `Plaatsing aanvaard: leerling ${d.learnerReference} bij ${d.companyName}`,
    text: `${d.companyName} aanvaardt de plaatsing van leerling ${d.learnerReference} (${d.trainingName}) vanaf ${longDate(d.startsOn)}.`,
  }),
  placement_declined: (d: PlacementNoticeData) => ({
    subject: `Plaatsing geweigerd: leerling ${d.learnerReference} bij ${d.companyName}`,
    text: `${d.companyName} weigert de plaatsing van leerling ${d.learnerReference} (${d.trainingName}).\nReden: ${d.reason ?? ''}\nDe plaats is weer vrij. ${NEW_WORKPLACE}`,
  }),
  placement_expired: (d: PlacementNoticeData) => ({
    subject: `Voorstel van plaatsing vervallen: leerling ${d.learnerReference}`,
    text: `${d.companyName} beantwoordde het voorstel om leerling ${d.learnerReference} (${d.trainingName}) te plaatsen niet vóór ${longDateTime(d.answerDue)}. Het voorstel is vervallen. ${NEW_WORKPLACE}`,
  }),
  placement_terminated: (d: PlacementNoticeData) => ({
    subject: `Plaatsing vroegtijdig beëindigd: leerling ${d.learnerReference} bij ${d.companyName}`,
    text: `De plaatsing van leerling ${d.learnerReference} (${d.trainingName}) bij ${d.companyName} is beëindigd op ${longDate(d.endedOn ?? d.startsOn)}, omdat ${d.terminationReason ? TERMINATION_REASON_TEXT[d.terminationReason] : 'een andere reden'}.`,
  }),
  placement_terminated_find_workplace: (d: PlacementNoticeData) => ({
    subject: `Plaatsing vroegtijdig beëindigd: zoek een nieuwe werkplek voor leerling ${d.learnerReference}`,
    text: `De plaatsing van leerling ${d.learnerReference} (${d.trainingName}) bij ${d.companyName} is beëindigd op ${longDate(d.endedOn ?? d.startsOn)}, omdat ${d.terminationReason ? TERMINATION_REASON_TEXT[d.terminationReason] : 'een andere reden'}.\n${NEW_WORKPLACE}`,
  }),
};

export type PlacementNoticeTemplate = keyof typeof TEMPLATES;

export const renderPlacementNotice = (template: PlacementNoticeTemplate, data: PlacementNoticeData) => TEMPLATES[template](data);
