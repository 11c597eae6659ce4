// The Dutch texts people receive. Pure: the workflow chooses the message, the notification
// activity renders and delivers it.

import { longDate, longDateTime } from './dutch-dates';

export type Audience = 'company' | 'partnership';

export interface NotificationData {
  applicationId?: string;
  companyName: string;
  trainingName: string;
  items?: string[];
  message?: string;
  dueAt?: string;
  reasons?: string[];
  recognitionId?: string;
  validUntil?: string;
  outcome?: string;
  mentorName?: string;
  description?: string;
}

const list = (lines?: string[]) => (lines ?? []).map((line) => `- ${line}`).join('\n');

const TEMPLATES = {
  received: (d: NotificationData) => ({
    subject: `Aanvraag tot erkenning ontvangen: ${d.trainingName}`,
    text: `Uw aanvraag tot erkenning als leeronderneming voor ${d.trainingName} (${d.companyName}) is goed ontvangen.\nReferentie: ${d.applicationId}.\nWe controleren nu of uw dossier volledig is.`,
  }),
  new_application: (d: NotificationData) => ({
    subject: `Nieuwe aanvraag tot erkenning: ${d.companyName}`,
    text: `${d.companyName} vraagt een erkenning aan als leeronderneming voor ${d.trainingName}.\nReferentie: ${d.applicationId}.`,
  }),
  info_requested: (d: NotificationData) => ({
    subject: `Aanvullende informatie gevraagd: ${d.trainingName}`,
    text: `Om uw aanvraag (${d.applicationId}) te kunnen behandelen, hebben we nog het volgende nodig:\n${list(d.items)}\n${d.message ? `\n${d.message}\n` : ''}\nBezorg ons deze informatie vóór ${longDateTime(d.dueAt)}. Daarna vervalt de aanvraag.`,
  }),
  info_reminder: (d: NotificationData) => ({
    subject: `Herinnering: aanvullende informatie voor ${d.trainingName}`,
    text: `We wachten nog op aanvullende informatie voor uw aanvraag (${d.applicationId}):\n${list(d.items)}\n\nZonder antwoord vóór ${longDateTime(d.dueAt)} vervalt de aanvraag.`,
  }),
  supplemented: (d: NotificationData) => ({
    subject: `Aanvulling ontvangen: ${d.companyName}`,
    text: `${d.companyName} heeft de aanvraag ${d.applicationId} (${d.trainingName}) aangevuld.${d.message ? `\nBericht: ${d.message}` : ''}`,
  }),
  in_review: (d: NotificationData) => ({
    subject: `Uw dossier is volledig: ${d.trainingName}`,
    text: `Uw aanvraag (${d.applicationId}) is volledig en wordt nu beoordeeld door het sectoraal partnerschap.`,
  }),
  ready_for_review: (d: NotificationData) => ({
    subject: `Te beoordelen: ${d.companyName}`,
    text: `De aanvraag ${d.applicationId} van ${d.companyName} (${d.trainingName}) is volledig. Neem een beslissing vóór ${longDateTime(d.dueAt)}.`,
  }),
  lapsed: (d: NotificationData) => ({
    subject: `Aanvraag vervallen: ${d.trainingName}`,
    text: `De aanvraag ${d.applicationId} van ${d.companyName} is vervallen: de gevraagde informatie kwam niet op tijd binnen. U kunt altijd een nieuwe aanvraag indienen.`,
  }),
  decision_reminder: (d: NotificationData) => ({
    subject: `Herinnering: beslissing nodig voor ${d.companyName}`,
    text: `De beslissing over aanvraag ${d.applicationId} (${d.companyName}, ${d.trainingName}) moet vallen vóór ${longDateTime(d.dueAt)}.`,
  }),
  decision_overdue: (d: NotificationData) => ({
    subject: `Termijn overschreden: ${d.companyName}`,
    text: `De beslissingstermijn voor aanvraag ${d.applicationId} (${d.companyName}, ${d.trainingName}) is verstreken op ${longDateTime(d.dueAt)}. Het dossier staat als laattijdig gemarkeerd; beslis zo snel mogelijk.`,
  }),
  visit_recorded: (d: NotificationData) => ({
    subject: `Bedrijfsbezoek geregistreerd: ${d.trainingName}`,
    text: `Het bedrijfsbezoek voor uw aanvraag (${d.applicationId}) is geregistreerd. De beslissing volgt.`,
  }),
  approved: (d: NotificationData) => ({
    subject: `Erkend als leeronderneming: ${d.trainingName}`,
    text: `Goed nieuws: ${d.companyName} is erkend als leeronderneming voor ${d.trainingName}, geldig tot ${longDate(d.validUntil)}.\nErkenning: ${d.recognitionId}.${d.reasons?.length ? `\n\nMotivering:\n${list(d.reasons)}` : ''}`,
  }),
  rejected: (d: NotificationData) => ({
    subject: `Beslissing over uw aanvraag: ${d.trainingName}`,
    text: `Uw aanvraag (${d.applicationId}) werd niet goedgekeurd, om deze redenen:\n${list(d.reasons)}\n\nU kunt bezwaar indienen tot ${longDateTime(d.dueAt)}.`,
  }),
  objection: (d: NotificationData) => ({
    subject: `Bezwaar ingediend: ${d.companyName}`,
    text: `${d.companyName} heeft bezwaar ingediend tegen de beslissing over aanvraag ${d.applicationId}. Het dossier is opnieuw in behandeling.${d.message ? `\nGronden: ${d.message}` : ''}`,
  }),
  withdrawn: (d: NotificationData) => ({
    subject: `Aanvraag ingetrokken: ${d.companyName}`,
    text: `De aanvraag ${d.applicationId} van ${d.companyName} (${d.trainingName}) werd ingetrokken door de onderneming.`,
  }),
  // The life of a recognition.
  check_opened: (d: NotificationData) => ({
    subject: `Kwaliteitsopvolging: korte zelfevaluatie voor ${d.trainingName}`,
    text: `Als erkende leeronderneming voor ${d.trainingName} vragen we u een korte zelfevaluatie in te vullen (erkenning ${d.recognitionId}).\nAntwoord vóór ${longDateTime(d.dueAt)}. Als alles in orde is, wordt de opvolging meteen afgesloten.`,
  }),
  check_reminder: (d: NotificationData) => ({
    subject: `Herinnering: zelfevaluatie voor ${d.trainingName}`,
    text: `We ontvingen uw zelfevaluatie nog niet (erkenning ${d.recognitionId}). Antwoord vóór ${longDateTime(d.dueAt)}.`,
  }),
  check_overdue: (d: NotificationData) => ({
    subject: `Zelfevaluatie niet beantwoord: ${d.companyName}`,
    text: `${d.companyName} beantwoordde de zelfevaluatie voor erkenning ${d.recognitionId} (${d.trainingName}) niet op tijd. Beoordeel de opvolging.`,
  }),
  check_to_evaluate: (d: NotificationData) => ({
    subject: `Zelfevaluatie te beoordelen: ${d.companyName}`,
    text: `${d.companyName} gaf in de zelfevaluatie voor erkenning ${d.recognitionId} (${d.trainingName}) niet op alles een positief antwoord. Beoordeel de opvolging.`,
  }),
  check_closed: (d: NotificationData) => ({
    subject: `Kwaliteitsopvolging afgesloten: ${d.trainingName}`,
    text: `De kwaliteitsopvolging van erkenning ${d.recognitionId} is afgesloten met resultaat: ${OUTCOMES[d.outcome ?? 'ok'] ?? d.outcome}.${d.message ? `\n${d.message}` : ''}`,
  }),
  incident: (d: NotificationData) => ({
    subject: `Melding over ${d.companyName}`,
    text: `Er werd een probleem gemeld bij ${d.companyName} (erkenning ${d.recognitionId}, ${d.trainingName}):\n${d.description ?? ''}\nEr is een extra kwaliteitsopvolging gestart.`,
  }),
  mentors_changed: (d: NotificationData) => ({
    subject: `Mentoren gewijzigd: ${d.companyName}`,
    text: `${d.companyName} heeft de mentoren voor erkenning ${d.recognitionId} (${d.trainingName}) gewijzigd.`,
  }),
  change_to_review: (d: NotificationData) => ({
    subject: `Wijziging te beoordelen: ${d.companyName}`,
    text: `${d.companyName} wijzigde voor erkenning ${d.recognitionId} (${d.trainingName}):\n${list(d.items)}\nNeem een beslissing vóór ${longDateTime(d.dueAt)}.`,
  }),
  change_decided: (d: NotificationData) => ({
    subject: `${d.outcome === 'approved' ? 'Wijziging goedgekeurd' : 'Wijziging niet goedgekeurd'}: ${d.trainingName}`,
    text:
      d.outcome === 'approved'
        ? `Het sectoraal partnerschap keurde uw wijziging van erkenning ${d.recognitionId} goed:\n${list(d.items)}`
        : `Het sectoraal partnerschap keurde uw wijziging van erkenning ${d.recognitionId} niet goed:\n${list(d.items)}\n\nRedenen:\n${list(d.reasons)}`,
  }),
  condition_reminder: (d: NotificationData) => ({
    subject: `Herinnering: mentoropleiding voor ${d.mentorName}`,
    text: `${d.mentorName} moet de mentoropleiding volgen vóór ${longDateTime(d.dueAt)} (erkenning ${d.recognitionId}). Registreer de datum van de opleiding zodra ze gevolgd is.`,
  }),
  condition_missed: (d: NotificationData) => ({
    subject: `Mentoropleiding niet tijdig gevolgd: ${d.companyName}`,
    text: `Voor erkenning ${d.recognitionId} (${d.companyName}) werd de mentoropleiding van ${d.mentorName} niet geregistreerd vóór ${longDateTime(d.dueAt)}. Beoordeel de erkenning.`,
  }),
  suspended: (d: NotificationData) => ({
    subject: `Erkenning geschorst: ${d.trainingName}`,
    text: `De erkenning ${d.recognitionId} van ${d.companyName} voor ${d.trainingName} is geschorst, om deze redenen:\n${list(d.reasons)}`,
  }),
  reinstated: (d: NotificationData) => ({
    subject: `Erkenning opnieuw actief: ${d.trainingName}`,
    text: `De schorsing van erkenning ${d.recognitionId} (${d.companyName}, ${d.trainingName}) is opgeheven. De erkenning is opnieuw actief.`,
  }),
  recognition_withdrawn: (d: NotificationData) => ({
    subject: `Erkenning ingetrokken: ${d.trainingName}`,
    text: `De erkenning ${d.recognitionId} van ${d.companyName} voor ${d.trainingName} is ingetrokken, om deze redenen:\n${list(d.reasons)}`,
  }),
  ended: (d: NotificationData) => ({
    subject: `Erkenning beëindigd: ${d.trainingName}`,
    text: `${d.companyName} heeft de erkenning ${d.recognitionId} voor ${d.trainingName} beëindigd.`,
  }),
  recognition_ended: (d: NotificationData) => ({
    subject: `Erkenning beëindigd: ${d.trainingName}`,
    text: `De erkenning ${d.recognitionId} van ${d.companyName} voor ${d.trainingName} is beëindigd, om deze reden:\n${list(d.reasons)}`,
  }),
  renewal_invitation: (d: NotificationData) => ({
    subject: `Verleng uw erkenning voor ${d.trainingName}`,
    text: `Uw erkenning ${d.recognitionId} voor ${d.trainingName} loopt af op ${longDate(d.validUntil)}.\nIs er niets veranderd? Dan verlengt u ze in één stap, met een nieuwe verklaring op eer.`,
  }),
  renewal_to_review: (d: NotificationData) => ({
    subject: `Verlenging te beoordelen: ${d.companyName}`,
    text: `${d.companyName} vraagt de verlenging van erkenning ${d.recognitionId} (${d.trainingName}) aan. Ze vraagt een beoordeling.`,
  }),
  renewed: (d: NotificationData) => ({
    subject: `Erkenning verlengd: ${d.trainingName}`,
    text: `De erkenning ${d.recognitionId} van ${d.companyName} voor ${d.trainingName} is verlengd tot ${longDate(d.validUntil)}.`,
  }),
  renewal_rejected: (d: NotificationData) => ({
    subject: `Verlenging geweigerd: ${d.trainingName}`,
    text: `De verlenging van erkenning ${d.recognitionId} werd geweigerd, om deze redenen:\n${list(d.reasons)}\nDe erkenning loopt af op ${longDate(d.validUntil)}.`,
  }),
  expired: (d: NotificationData) => ({
    subject: `Erkenning verlopen: ${d.trainingName}`,
    text: `De erkenning ${d.recognitionId} van ${d.companyName} voor ${d.trainingName} is verlopen op ${longDate(d.validUntil)}.`,
  }),
  // Improvement plans: the actions a reviewer asks after a check found improvement needed.
  improvement_plan_opened: (d: NotificationData) => ({
    subject: `Verbeterplan voor ${d.trainingName}`,
    text: `Na de kwaliteitsopvolging van erkenning ${d.recognitionId} vraagt het sectoraal partnerschap deze verbeteracties:\n${list(d.items)}\n\nBeantwoord elke actie op de pagina van de erkenning, met een bericht en zo nodig documenten.`,
  }),
  improvement_action_answered: (d: NotificationData) => ({
    subject: `Verbeteractie beantwoord: ${d.companyName}`,
    text: `${d.companyName} beantwoordde een verbeteractie van erkenning ${d.recognitionId} (${d.trainingName}):\n${d.description ?? ''}\n\n${d.message ?? ''}\n\nBeoordeel of de actie uitgevoerd is.`,
  }),
  improvement_action_not_done: (d: NotificationData) => ({
    subject: `Verbeteractie nog niet in orde: ${d.trainingName}`,
    text: `Het sectoraal partnerschap vindt deze verbeteractie van erkenning ${d.recognitionId} nog niet uitgevoerd:\n${d.description ?? ''}${d.message ? `\n\n${d.message}` : ''}\n\nBeantwoord ze opnieuw op de pagina van de erkenning.`,
  }),
  improvement_action_reminder: (d: NotificationData) => ({
    subject: `Herinnering: verbeteracties voor ${d.trainingName}`,
    text: `Deze verbeteracties van erkenning ${d.recognitionId} zijn over hun datum en nog niet uitgevoerd:\n${list(d.items)}\n\nBeantwoord ze zo snel mogelijk op de pagina van de erkenning.`,
  }),
  improvement_plan_overdue: (d: NotificationData) => ({
    subject: `Verbeterplan over tijd: ${d.companyName}`,
    text: `Het verbeterplan van ${d.companyName} (erkenning ${d.recognitionId}, ${d.trainingName}) is over tijd; deze acties zijn nog niet uitgevoerd:\n${list(d.items)}\n\nVolg het plan op.`,
  }),
  improvement_plan_done: (d: NotificationData) => ({
    subject: `Verbeterplan afgerond: ${d.trainingName}`,
    text: `Alle verbeteracties van erkenning ${d.recognitionId} zijn uitgevoerd. Het sectoraal partnerschap volgt de werkplek op met een nieuwe kwaliteitsopvolging.`,
  }),
} satisfies Record<string, (d: NotificationData) => { subject: string; text: string }>;

const OUTCOMES: Record<string, string> = { ok: 'in orde', 'improvement-needed': 'verbetering nodig', suspend: 'schorsing' };

export type NotificationTemplate = keyof typeof TEMPLATES;

export function renderNotification(template: NotificationTemplate, data: NotificationData) {
  return TEMPLATES[template](data);
}

/** What the status of a recognition now means for the learners a school placed there. */
const PLACEMENT_STATUS: Record<string, { what: string; advice: string }> = {
  suspended: {
    what: 'is geschorst',
    advice:
      'Tijdens de schorsing neemt de werkplek geen nieuwe leerlingen op. Overleg met de onderneming en het sectoraal partnerschap hoe de opleiding van uw leerlingen verdergaat.',
  },
  withdrawn: {
    what: 'is ingetrokken',
    advice: 'De werkplek is niet langer erkend. Zoek met uw leerlingen een andere erkende werkplek en beëindig deze plaatsingen.',
  },
  expired: {
    what: 'is verlopen',
    advice: 'De werkplek is niet langer erkend. Zoek met uw leerlingen een andere erkende werkplek en beëindig deze plaatsingen.',
  },
  ended: {
    what: 'is beëindigd',
    advice: 'De werkplek is niet langer erkend. Zoek met uw leerlingen een andere erkende werkplek en beëindig deze plaatsingen.',
  },
  active: { what: 'is opnieuw van kracht', advice: 'De plaatsingen lopen gewoon verder.' },
};

/** The statuses a school with learners placed at the workplace hears about. */
export const placementNoticeStatuses = Object.keys(PLACEMENT_STATUS);

/** What a school hears: about its own subscription, and about workplaces where it placed learners. */
const SCHOOL_NOTICES = {
  subscription_undeliverable: (d: { url: string; reason: string }) => ({
    subject: 'Abonnement op erkenningen kan niet worden afgeleverd',
    text: `Wijzigingen aan erkenningen kunnen niet worden afgeleverd op ${d.url}: ${d.reason}.\nHet abonnement is stopgezet. Maak een nieuw abonnement aan met een bereikbaar adres.`,
  }),
  placements_status_changed: (d: {
    recognitionId: string;
    companyName: string;
    trainingName: string;
    status: string;
    learners: string[];
  }) => {
    const status = PLACEMENT_STATUS[d.status] ?? { what: `heeft nu de stand ${d.status}`, advice: '' };
    const learners = d.learners.length === 1 ? '1 leerling' : `${d.learners.length} leerlingen`;
    return {
      subject: `Erkenning ${status.what.replace(/^is /, '')}: ${d.companyName}, ${d.trainingName}`,
      text: `De erkenning ${d.recognitionId} van ${d.companyName} voor ${d.trainingName} ${status.what}.\nUw school heeft daar ${learners} geplaatst:\n${list(d.learners)}\n\n${status.advice}`,
    };
  },
};

export function renderSchoolNotice<T extends keyof typeof SCHOOL_NOTICES>(
  template: T,
  data: Parameters<(typeof SCHOOL_NOTICES)[T]>[0],
): { subject: string; text: string } {
  return (SCHOOL_NOTICES[template] as (d: typeof data) => { subject: string; text: string })(data);
}
