import { paths } from './paths';

// Texts more than one page shows, in one place: the names of a workplace's facts in summaries
// and tables, and the links back. Texts of one page stay with its template; statuses and the
// API's messages in Dutch are in pages/dutch.ts.

/** The names of a workplace's facts, as summaries and table headers give them. */
export const FACT = {
  company: 'Onderneming',
  establishment: 'Vestiging',
  training: 'Opleiding',
  partnership: 'Partnerschap',
  capacity: 'Capaciteit',
  contact: 'Contactpersoon',
  workplace: 'Werkplek',
  status: 'Stand',
} as const;

/** The labels of the fields several forms ask: an enterprise, a place, a person. */
export const FIELD = {
  enterpriseNumber: 'Ondernemingsnummer',
  establishmentNumber: 'Vestigingseenheidsnummer',
  street: 'Straat en huisnummer',
  postcode: 'Postcode',
  municipality: 'Gemeente',
  email: 'E-mailadres',
  firstName: 'Voornaam',
  lastName: 'Achternaam',
  birthDate: 'Geboortedatum',
} as const;

/** The learner as the school's pages ask for one: the school's own code, never a name. */
export const LEARNER_REFERENCE = {
  label: 'Code van de leerling',
  hint: 'De eigen code van uw school voor de leerling, bijvoorbeeld LL-2026-017. Nooit de naam of het rijksregisternummer.',
} as const;

/** The way back to the start page, as a page's back link. */
export const TO_START = { href: paths.start, text: 'Naar het overzicht' } as const;

/** The way out of a confirmation without doing it. */
export const NO_GO_BACK = 'Nee, terug';

/** The public register's search (/werkplek-zoeken), for anyone. */
export const PUBLIC_SEARCH = {
  title: 'Een erkende werkplek zoeken',
  results: 'Erkende werkplekken',
  none: 'Er is geen erkende werkplek die aan uw zoekvraag voldoet. Probeer een andere gemeente of alle opleidingen.',
  freePlaces: 'Vrije plaatsen',
} as const;
