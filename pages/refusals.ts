import type { ProblemCode, ProblemParams } from '../models/problem-codes';
import { durationText, longDate } from '../models/dutch-dates';

// A refusal of the API as a person reads it beside a field: its Dutch by its code
// (models/problem-codes.ts) and values, never by its English.

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
  'malformed-json': () => 'Dit formulier kon niet gelezen worden. Probeer het opnieuw.',
  'file-required': () => 'Kies een bestand.',
  'file-type': () => 'Kies een PDF-, PNG- of JPEG-bestand.',
  'upload-cut-short': () => 'Het bestand kwam niet volledig aan. Probeer het opnieuw.',
  'kind-required': () => 'Kies wat voor document dit is.',
  'idempotency-key': () => 'Dit formulier kon niet verstuurd worden. Probeer het opnieuw.',
  'unknown-recognition': () => 'Deze erkenning bestaat niet. Kies een erkende werkplek uit de lijst.',
  'recognition-id-required': () => 'Kies een erkende werkplek.',
  'unknown-partnership': () => 'Kies een sectoraal partnerschap uit de lijst.',
  'unknown-mentor': () => 'Deze mentor hoort niet bij deze erkenning.',
  'unknown-activity': ({ activity }) => `“${activity}” is geen activiteit van het opleidingsplan van deze opleiding.`,
  'unknown-document': () => 'Dit document hoort niet bij deze aanvraag. Laad het opnieuw op.',
  'unknown-question': () => 'Deze vraag hoort niet bij deze controle.',
  'unanswered-question': () => 'Beantwoord elke vraag.',
  'year-without-data': ({ from, to }) => (from === to ? `Kies het jaar ${from}.` : `Kies een jaar van ${from} tot ${to}.`),
  'either-name-or-number': () => 'Zoek op een naam of op een ondernemingsnummer, niet op beide.',
  'missing-column': () => 'Deze kolom ontbreekt in de eerste regel.',
  'unknown-column': ({ columns }) => `Deze kolom kent Erkend niet; de kolommen zijn ${columns.join(', ')}.`,
  'unreadable-csv': () => 'Dit bestand is geen leesbaar CSV-bestand.',
  'duplicate-activity': () =>
    'Deze code staat al bij een andere activiteit van de opleiding. Geef elke activiteit een eigen code.',
  'since-in-future': () => 'Sinds wanneer de leerling zoekt, kan niet in de toekomst liggen: geef een datum tot vandaag.',
  'change-required': () => 'Wijzig minstens één gegeven.',
  'capacity-below-placements': ({ occupied }) =>
    `Er ${occupied === 1 ? 'is 1 plaats' : `zijn ${occupied} plaatsen`} bezet door leerlingen of voorstellen: kies minstens ${occupied}.`,
  'actions-need-improvement': () => 'Verbeteracties horen alleen bij de uitkomst “verbetering nodig”.',
  'rate-limited': ({ limit, seconds }) =>
    `Er kwamen meer dan ${limit} vragen in ${seconds} seconden van dit adres. Wacht even en probeer het dan opnieuw.`,
};

/** A refusal as the pages show it: what the API (or a stored document) said of a field, or of the request. */
export interface Refused {
  message: string;
  code?: ProblemCode;
  params?: unknown;
}

/** The Dutch of a refusal, by its code; without one, the English in brackets. */
export function inDutch(refused: Refused): string {
  if (!refused.code) return notAccepted(refused.message);
  return (PROBLEM_TEXT[refused.code] as (params: unknown, message: string) => string)(refused.params ?? {}, refused.message);
}
