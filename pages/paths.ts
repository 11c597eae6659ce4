// Every page's address, in one place: `patterns` are what the routers register, `paths` the links,
// form actions and redirects that reach them. A page's URL changes here or nowhere.

import { OPEN_DATA_PATH } from '../models/public-register';
import { VERIFICATION_PATTERN, verificationPath } from '../models/certificate';

const encoded = encodeURIComponent;

/** What a recognition's own pages do, as the last segment of their address. */
export type RecognitionAction =
  | 'verlengen'
  | 'schorsen'
  | 'opheffen'
  | 'mentoren'
  | 'beeindigen'
  | 'intrekken'
  | 'verlenging'
  | 'melding'
  | 'wijzigen'
  | 'wijziging';
/** What a reviewer does with a dossier, as the last segment of its address. */
export type DossierAction = 'informatie' | 'bezoek' | 'beslissing';
/** What a company does with its application, as the last segment of its address. */
export type ApplicationAction = 'documenten' | 'aanvullen' | 'intrekken' | 'bezwaar';
/** What a school or company does with a placement, as the last segment of its address. */
export type PlacementPageAction = 'aanvaarden' | 'weigeren' | 'vroegtijdig-beeindigen' | 'feedback' | 'feedbacklink';
/** The mentor's two evaluation moments, as the last segment of their form's address. */
export type EvaluationMomentSegment = 'tussentijds' | 'eind';

const NEW_APPLICATION = '/aanvragen/nieuw';

/** The Express patterns the page modules register. */
export const patterns = {
  start: '/',
  signIn: '/aanmelden',
  signOut: '/afmelden',
  oidcSignIn: '/aanmelden/oidc',
  oidcCallback: '/aanmelden/terug',

  newApplication: NEW_APPLICATION,
  newApplicationRestart: `${NEW_APPLICATION}/opnieuw`,
  newApplicationCheck: `${NEW_APPLICATION}/controle`,
  newApplicationStep: `${NEW_APPLICATION}/:step`,
  newApplicationStepCheck: `${NEW_APPLICATION}/:step/controle`,
  application: '/aanvragen/:id',
  applicationAction: (action: ApplicationAction) => `/aanvragen/:id/${action}`,
  applicationDocument: '/aanvragen/:id/documenten/:documentId',

  dossiers: '/dossiers',
  dossier: '/dossiers/:id',
  dossierAction: (action: DossierAction) => `/dossiers/:id/${action}`,

  recognitions: '/erkenningen',
  recognition: '/erkenningen/:id',
  recognitionAction: (action: RecognitionAction) => `/erkenningen/:id/${action}`,
  recognitionCheckAnswer: '/erkenningen/:id/controles/:checkId',
  checks: '/toezicht',
  check: '/toezicht/:id',

  register: '/register',
  registerSearch: '/register/zoeken',
  subscriptions: '/abonnementen',
  newSubscription: '/abonnementen/nieuw',
  subscription: '/abonnementen/:id',
  stopSubscription: '/abonnementen/:id/stopzetten',
  incidents: '/meldingen',
  incident: '/meldingen/:id',

  mandates: '/machtigingen',
  revokeMandate: '/machtigingen/:id/intrekken',
  placements: '/plaatsingen',
  newPlacement: '/plaatsingen/nieuw',
  endPlacement: '/plaatsingen/:id/beeindigen',
  placement: '/plaatsingen/:id',
  placementAction: (action: PlacementPageAction) => `/plaatsingen/:id/${action}`,
  placementEvaluation: (moment: EvaluationMomentSegment) => `/plaatsingen/:id/evaluatie/${moment}`,
  learnerFeedback: '/feedback/:token',
  learnerFeedbackThanks: '/feedback/bedankt',
  publicSearch: '/werkplek-zoeken',
  verification: VERIFICATION_PATTERN,
  certificate: '/erkenningen/:id/attest.pdf',
  searchingLearners: '/zoekende-leerlingen',
  removeSearchingLearner: '/zoekende-leerlingen/:id/verwijderen',
  imports: '/importeren',
  import: '/importeren/:id',
  improvementPlan: '/verbeterplannen/:id',
  improvementResponse: '/verbeterplannen/:id/acties/:n/antwoord',
  improvementReview: '/verbeterplannen/:id/acties/:n/beoordeling',

  policy: '/beleid',
  monitoring: '/monitoring',
  monitoringYear: '/monitoring/:year',
  monitoringCsv: '/monitoring/:year.csv',
  personalData: '/persoonsgegevens',
  personalDataExport: '/persoonsgegevens/export',
  personalDataErasure: '/persoonsgegevens/wissen',
  adminCatalogue: '/beheer/catalogus',
  adminParked: '/beheer/geparkeerd',
  adminOutbox: '/beheer/uitgaande-berichten',
  adminOutboxRetry: '/beheer/uitgaande-berichten/:id/opnieuw',
  notices: '/berichten',
  noticeRead: '/berichten/:id/gelezen',
  noticesRead: '/berichten/alles-gelezen',

  assets: '/static',
} as const;

/** The addresses of the pages, as links, form actions and redirects. */
export const paths = {
  start: '/',
  /** The sign-in page; `back` is where the person returns to afterwards. */
  signIn: (back?: string) => (back === undefined ? patterns.signIn : `${patterns.signIn}?terug=${encoded(back)}`),
  signOut: patterns.signOut,
  oidcSignIn: (back?: string) => (back === undefined ? patterns.oidcSignIn : `${patterns.oidcSignIn}?terug=${encoded(back)}`),
  oidcCallback: patterns.oidcCallback,
  docs: '/docs',

  newApplication: NEW_APPLICATION,
  newApplicationRestart: patterns.newApplicationRestart,
  newApplicationCheck: patterns.newApplicationCheck,
  newApplicationStep: (step: string) => `${NEW_APPLICATION}/${step}`,
  newApplicationStepCheck: (step: string) => `${NEW_APPLICATION}/${step}/controle`,
  application: (id: string) => `/aanvragen/${encoded(id)}`,
  applicationAction: (id: string, action: ApplicationAction) => `/aanvragen/${encoded(id)}/${action}`,
  applicationDocument: (id: string, documentId: string) => `/aanvragen/${encoded(id)}/documenten/${encoded(documentId)}`,

  dossiers: patterns.dossiers,
  dossier: (id: string) => `/dossiers/${encoded(id)}`,
  dossierAction: (id: string, action: DossierAction) => `/dossiers/${encoded(id)}/${action}`,

  recognitions: patterns.recognitions,
  recognition: (id: string) => `/erkenningen/${encoded(id)}`,
  recognitionAction: (id: string, action: RecognitionAction) => `/erkenningen/${encoded(id)}/${action}`,
  recognitionCheckAnswer: (id: string, checkId: string) => `/erkenningen/${encoded(id)}/controles/${encoded(checkId)}`,
  checks: patterns.checks,
  check: (id: string) => `/toezicht/${encoded(id)}`,

  register: patterns.register,
  registerSearch: patterns.registerSearch,
  subscriptions: patterns.subscriptions,
  newSubscription: patterns.newSubscription,
  subscription: (id: string) => `/abonnementen/${encoded(id)}`,
  stopSubscription: (id: string) => `/abonnementen/${encoded(id)}/stopzetten`,
  incidents: patterns.incidents,
  incident: (id: string) => `/meldingen/${encoded(id)}`,

  mandates: patterns.mandates,
  revokeMandate: (id: string) => `/machtigingen/${encoded(id)}/intrekken`,
  placements: patterns.placements,
  newPlacement: patterns.newPlacement,
  endPlacement: (id: string) => `/plaatsingen/${encoded(id)}/beeindigen`,
  placement: (id: string) => `/plaatsingen/${encoded(id)}`,
  placementAction: (id: string, action: PlacementPageAction) => `/plaatsingen/${encoded(id)}/${action}`,
  placementEvaluation: (id: string, moment: EvaluationMomentSegment) => `/plaatsingen/${encoded(id)}/evaluatie/${moment}`,
  learnerFeedbackThanks: patterns.learnerFeedbackThanks,
  publicSearch: patterns.publicSearch,
  verification: verificationPath,
  certificate: (id: string) => `/erkenningen/${encoded(id)}/attest.pdf`,
  openData: OPEN_DATA_PATH,
  searchingLearners: patterns.searchingLearners,
  removeSearchingLearner: (id: string) => `/zoekende-leerlingen/${encoded(id)}/verwijderen`,
  imports: patterns.imports,
  import: (id: string) => `/importeren/${encoded(id)}`,
  improvementPlan: (id: string) => `/verbeterplannen/${encoded(id)}`,
  improvementResponse: (id: string, n: number) => `/verbeterplannen/${encoded(id)}/acties/${n}/antwoord`,
  improvementReview: (id: string, n: number) => `/verbeterplannen/${encoded(id)}/acties/${n}/beoordeling`,

  policy: patterns.policy,
  monitoring: patterns.monitoring,
  monitoringYear: (year: number | string) => `/monitoring/${year}`,
  monitoringCsv: (year: number | string) => `/monitoring/${year}.csv`,
  personalData: patterns.personalData,
  personalDataExport: patterns.personalDataExport,
  personalDataErasure: patterns.personalDataErasure,
  adminCatalogue: patterns.adminCatalogue,
  adminParked: patterns.adminParked,
  /** The outgoing mail: the failed notices only, or those older than a notice's id (the next page). */
  adminOutbox: (failedOnly = false, before?: string) => {
    const query = [...(failedOnly ? ['status=mislukt'] : []), ...(before ? [`voor=${encoded(before)}`] : [])];
    return query.length ? `${patterns.adminOutbox}?${query.join('&')}` : patterns.adminOutbox;
  },
  adminOutboxRetry: (id: string) => `/beheer/uitgaande-berichten/${encoded(id)}/opnieuw`,
  notices: patterns.notices,
  noticeRead: (id: string) => `/berichten/${encoded(id)}/gelezen`,
  noticesRead: patterns.noticesRead,

  /** The pages' own scripts and style sheet. */
  asset: (file: string) => `${patterns.assets}/${file}`,
} as const;
