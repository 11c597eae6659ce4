import type { ApplicationDossier } from './application-dossier';
import type { QualityCheck } from './quality-check';
import type { Recognition } from './recognition';
import { isFinalRecognitionStatus } from './recognition-status';
import { addDuration } from './duration';

// How long personal data is kept, and on what ground: the retention schedule as data (the
// register of processing in the README, "Personal data", says the same in prose), the rule that
// tells when a dossier's personal data is due to go, and what going means. Personal data goes
// by pseudonymisation, not deletion, where monitoring counts the dossier: its statuses, dates,
// burden, decision outcome and capacity stay; names, contact details, birth dates, extract
// dates and the free texts people wrote (which may name anyone) go. Pure: the retention
// workflow's activities and the API's erasure both use it; the placements' rules (the kinds
// `placements`, `feedback-links`, `searching-learners`) are models/placement-retention.ts.

export const RETENTION_KINDS = [
  'closed-application',
  'approved-application',
  'live-recognition',
  'ended-recognition',
  'documents',
  'placements',
  'feedback-links',
  'searching-learners',
  'notices',
  'sessions',
  'import-files',
  'read-models',
  'temporal-histories',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

interface RetentionRule {
  /** The personal data this kind holds. */
  personalData: string;
  /** GDPR's ground, and the law that makes the processing necessary. */
  basis: string;
  /** ISO 8601, counted from `from`; absent where the data lives as long as something else. */
  period?: string;
  from: string;
  action: 'pseudonymise' | 'delete' | 'operational';
  /**
   * The first part of the period during which the data is needed to defend a decision (GDPR
   * art. 17.3.e): an erasure request waits for it; after it, a request erases at once. By the
   * status the dossier closed in.
   */
  holds?: Partial<Record<string, string>>;
}

/** The appeal to the Council of State against a decision: within 60 days of its notification. */
const APPEAL = 'P60D';

const PEOPLE =
  'the contact (name, e-mail, phone), the mentors (name, birth date, experience, criminal-record extract date, mentor training, diploma) and free texts (messages, notes, reasons, grounds, comments, incident descriptions)';

export const RETENTION_SCHEDULE: Record<RetentionKind, RetentionRule> = {
  'closed-application': {
    personalData: `${PEOPLE} of an application closed without a recognition: rejected (once its objection window has passed), withdrawn or lapsed`,
    basis:
      'GDPR art. 6.1.e: the recognition procedure of the Flemish decree on dual learning (10 June 2016); after closing, defending the decision (art. 17.3.e)',
    period: 'P1Y',
    from: 'closing',
    action: 'pseudonymise',
    holds: { rejected: APPEAL, lapsed: APPEAL, withdrawn: 'P0D' },
  },
  'approved-application': {
    personalData: `${PEOPLE} of the application a recognition was granted on: the file of that decision`,
    basis: 'GDPR art. 6.1.e: the file of the recognition decision, kept as long as the recognition’s own personal data',
    from: 'as its recognition',
    action: 'pseudonymise',
  },
  'live-recognition': {
    personalData: 'the contact and the mentors of an active or suspended recognition',
    basis:
      'GDPR art. 6.1.c and 6.1.e: a recognition requires mentors who meet the decree’s conditions, whom the partnership supervises, and a contact it reaches; an erasure request cannot take them (art. 17.3.b)',
    from: 'while it is in force',
    action: 'pseudonymise',
  },
  'ended-recognition': {
    personalData: `${PEOPLE} of a recognition that ended, expired or was withdrawn, and of its quality checks and improvement plans`,
    basis:
      'GDPR art. 6.1.e: questions from schools and learners about training done at the workplace in its last school year; a withdrawal may be appealed (art. 17.3.e)',
    period: 'P1Y',
    from: 'its end',
    action: 'pseudonymise',
    holds: { withdrawn: APPEAL, ended: 'P0D', expired: 'P0D' },
  },
  documents: {
    personalData: 'uploaded files of an application (criminal-record extracts, diplomas, attestations)',
    basis: 'GDPR art. 6.1.e, as the dossier they belong to',
    from: 'with the dossier’s personal data',
    action: 'delete',
  },
  placements: {
    personalData:
      'a placement’s mentor (name), the decline reason and termination note, the mentor’s evaluation comments and the learner’s feedback comment; the learner only as the school’s pseudonymous code',
    basis:
      'GDPR art. 6.1.e: the agreement between school, workplace and learner under the Flemish decree on dual learning; after it, questions about the training done there',
    period: 'P1Y',
    from: 'the placement’s end (the answer to a declined one, answerDue of an expired one, endedOn)',
    action: 'pseudonymise',
  },
  'feedback-links': {
    personalData: 'none: a learner’s one-time link is a hashed token and the placement it is for',
    basis: 'GDPR art. 6.1.e: the learner’s feedback on the workplace; a used or expired link is clutter',
    period: 'P7D',
    from: 'the link’s expiry',
    action: 'delete',
  },
  'searching-learners': {
    personalData: 'a learner still searching: the school’s pseudonymous code, training, postcode, since when',
    basis: 'GDPR art. 6.1.e: finding a workplace, and monitoring’s demand (the year’s median days to placement)',
    period: 'P1Y',
    from: 'the end of the year it was placed or deleted in (that year’s and the next year’s figures need it)',
    action: 'delete',
  },
  notices: {
    personalData: 'the outbox: notices with the contact’s e-mail address, names of the company and mentors',
    basis: 'GDPR art. 6.1.e: proof that the company was told of a step and its deadline; the dossier’s timeline keeps the step',
    period: 'P90D',
    from: 'sending',
    action: 'delete',
  },
  sessions: {
    personalData: 'sign-in sessions of the pages, with unfinished application forms (contact, mentors) and the ID token',
    basis: 'GDPR art. 6.1.e: the service the person is using',
    period: 'PT12H',
    from: 'sign-in (the session’s end)',
    action: 'delete',
  },
  'import-files': {
    personalData: 'the CSV file of a bulk import: contact names and e-mail addresses',
    basis: 'GDPR art. 6.1.e: checking and correcting the refused rows; the import’s counts and errors stay',
    period: 'P30D',
    from: 'the import’s end',
    action: 'delete',
  },
  'read-models': {
    personalData:
      'the change feed and read-model snapshots hold listing fields only (public company fields, statuses, dates); a recognition’s status reasons until it is pseudonymised',
    basis: 'GDPR art. 6.1.e: the register and the lists',
    period: 'PT2H',
    from: 'the write (the feed); snapshots are replaced every half hour',
    action: 'delete',
  },
  'temporal-histories': {
    personalData:
      'workflow inputs and histories: an application as filed, a recognition’s state (contact, mentors), encrypted by the payload codec',
    basis: 'GDPR art. 6.1.e: the procedure the workflow runs',
    from: 'while the workflow runs, then the namespace’s retention (set operationally: 30 days)',
    action: 'operational',
  },
};

/** What stands in for erased personal data and free texts: it says so on the pages. */
export const ERASED = '(gewist)';
/** A contact whose data is erased: the shape stays valid (`.invalid` is never delivered, RFC 2606). */
export const ERASED_CONTACT = { name: ERASED, email: 'gewist@erkend.invalid' };

/** Set on a dossier whose personal data retention pseudonymised. */
export interface Pseudonymised {
  pseudonymisedAt?: string;
}

/** What a retention run did, by kind. */
export interface RetentionCounts {
  applications: number;
  recognitions: number;
  qualityChecks: number;
  improvementPlans: number;
  documents: number;
  notices: number;
  sessions: number;
  importFiles: number;
  /** Placements pseudonymised, with their evaluations' and feedback's comments. */
  placements: number;
  feedbackLinks: number;
  searchingLearners: number;
  /** Dossiers that could not be pseudonymised this time (logged; tried again the next run). */
  failed: number;
}

export const noCounts = (): RetentionCounts => ({
  applications: 0,
  recognitions: 0,
  qualityChecks: 0,
  improvementPlans: 0,
  documents: 0,
  notices: 0,
  sessions: 0,
  importFiles: 0,
  placements: 0,
  feedbackLinks: 0,
  searchingLearners: 0,
  failed: 0,
});

/** By every count there is now: a run carried over from before a count was added starts it at 0. */
export const addCounts = (a: Partial<RetentionCounts>, b: Partial<RetentionCounts>): RetentionCounts =>
  Object.fromEntries(Object.keys(noCounts()).map((k) => [k, (a[k as never] ?? 0) + (b[k as never] ?? 0)])) as never;

// When a dossier closes, and when its personal data is due to go.

/** What the rules read of an application. */
type ApplicationFacts = Pick<ApplicationDossier, 'status' | 'updatedAt' | 'timeline'> & Pseudonymised;
/** What the rules read of a recognition. */
export type RecognitionRetentionFacts = Pick<Recognition, 'status' | 'history' | 'validUntilAt'> & Pseudonymised;

/** The step that closes an application in each closed status, as its workflow records it. */
const CLOSING_STEP: Partial<Record<ApplicationDossier['status'], string>> = {
  withdrawn: 'withdrawn',
  lapsed: 'lapsed',
  // A rejection closes when the objection window has passed without an objection.
  rejected: 'objection_window_closed',
};

/**
 * When an application closed without a recognition, by its closing step (an erasure later
 * changes `updatedAt`, never that); undefined while its procedure runs, and for an approved one
 * (its personal data follows its recognition's).
 */
export function applicationClosedAt(a: ApplicationFacts): string | undefined {
  const step = CLOSING_STEP[a.status];
  if (!step) return undefined;
  const closing = a.timeline.findLast((entry) => entry.type === step)?.at;
  return closing ?? (a.status === 'rejected' ? undefined : a.updatedAt);
}

/** When a recognition ended (withdrawn, expired or ended); undefined while it is in force. */
function recognitionEndedAt(r: RecognitionRetentionFacts): string | undefined {
  if (!isFinalRecognitionStatus(r.status)) return undefined;
  return r.history.findLast((change) => change.status === r.status)?.at ?? r.validUntilAt;
}

const after = (at: string, iso: string) => addDuration(new Date(at), iso).toISOString();

/** The moment `iso` before `from` (a period counted back from today). */
export const periodBefore = (from: Date, iso: string) => new Date(2 * from.getTime() - addDuration(from, iso).getTime());

/** A dossier as the rules see it: an approved application with the recognition it founded. */
export type DossierFacts =
  | { type: 'application'; application: ApplicationFacts; recognition?: RecognitionRetentionFacts }
  | { type: 'recognition'; recognition: RecognitionRetentionFacts };

/** When retention pseudonymises the dossier; undefined while that is not known (open, in force). */
export function pseudonymiseAt(dossier: DossierFacts): string | undefined {
  if (dossier.type === 'recognition' || dossier.application.status === 'approved') {
    const ended = dossier.recognition && recognitionEndedAt(dossier.recognition);
    return ended && after(ended, RETENTION_SCHEDULE['ended-recognition'].period!);
  }
  const closed = applicationClosedAt(dossier.application);
  return closed && after(closed, RETENTION_SCHEDULE['closed-application'].period!);
}

/** Whether retention pseudonymises the dossier now. */
export function retentionDue(dossier: DossierFacts, now: Date): boolean {
  const at = pseudonymiseAt(dossier);
  return at !== undefined && at <= now.toISOString();
}

/** Why personal data is kept when a person asks to erase it. */
export const KEPT_REASONS = {
  'procedure-open':
    'The application is still being handled: the procedure needs its contact and mentors (GDPR art. 6.1.e, art. 17.3.b)',
  'recognition-in-force':
    'The recognition is in force: it needs its contact and mentors, whom the partnership supervises (GDPR art. 6.1.c and 6.1.e, art. 17.3.b); kept until a year after it ends',
  'appeal-window':
    'The decision may still be appealed to the Council of State: kept for its defence until the appeal window has passed (GDPR art. 17.3.e)',
  'placement-running':
    'The placement is proposed or running: the agreement between school, workplace and learner names its mentor (GDPR art. 6.1.e, art. 17.3.b); erasable once it has ended',
  'session-draft': 'An unfinished application form in someone’s session: gone with the session, within 12 hours of its sign-in',
  'temporal-histories':
    'The histories of the workflows of dossiers kept hold the same data (encrypted) while they run, then for the namespace’s retention; those of erased dossiers go with that retention',
  'import-files': 'A bulk import’s CSV file holds contact names and e-mail addresses until 30 days after the import ended',
} as const;
export type KeptReason = keyof typeof KEPT_REASONS;

/** Why a dossier's personal data stays despite a request, and until when (when known). */
export interface Kept {
  reason: KeptReason;
  until?: string;
}

/**
 * What an erasure request may do with a person's data in a dossier now: undefined when it may
 * be erased, otherwise why it is kept and until when.
 */
export function keptOnRequest(dossier: DossierFacts, now: Date): Kept | undefined {
  const recognition = dossier.recognition;
  if (dossier.type === 'recognition' || dossier.application.status === 'approved') {
    if (!recognition) return { reason: 'recognition-in-force' };
    const ended = recognitionEndedAt(recognition);
    if (!ended) return { reason: 'recognition-in-force', until: after(recognition.validUntilAt, 'P1Y') };
    return held(ended, RETENTION_SCHEDULE['ended-recognition'].holds?.[recognition.status], now);
  }
  const closed = applicationClosedAt(dossier.application);
  if (!closed) return { reason: 'procedure-open' };
  return held(closed, RETENTION_SCHEDULE['closed-application'].holds?.[dossier.application.status], now);
}

function held(from: string, hold: string | undefined, now: Date): Kept | undefined {
  const until = hold && after(from, hold);
  return until && until > now.toISOString() ? { reason: 'appeal-window', until } : undefined;
}

// What pseudonymisation changes: people out, free texts replaced, facts kept.

/** Turns each free text people wrote; the rest of the dossier stays as it is. */
export type TextMap = (text: string) => string;

/** The keys of a timeline entry's data that hold free texts. */
const FREE_TEXT_KEYS = new Set(['message', 'items', 'grounds', 'reasons', 'notes', 'description']);

function mapData(data: Record<string, unknown>, text: TextMap): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => {
      if (typeof value === 'string') return [key, FREE_TEXT_KEYS.has(key) ? text(value) : value];
      if (Array.isArray(value))
        return [key, FREE_TEXT_KEYS.has(key) ? value.map((v) => (typeof v === 'string' ? text(v) : v)) : value];
      return [key, value];
    }),
  );
}

/** An application's free texts mapped: requests, visits' notes, reasons, grounds, the timeline. */
export function mapApplicationTexts<A extends ApplicationDossier>(a: A, text: TextMap): A {
  return {
    ...a,
    infoRequests: a.infoRequests.map((r) => ({ ...r, message: text(r.message), items: r.items.map(text) })),
    visits: a.visits.map((v) => (v.notes === undefined ? v : { ...v, notes: text(v.notes) })),
    ...(a.decision ? { decision: { ...a.decision, reasons: a.decision.reasons.map(text) } } : {}),
    ...(a.objection ? { objection: { ...a.objection, grounds: text(a.objection.grounds) } } : {}),
    conditions: a.conditions.map((c) => ({ ...c, mentorName: text(c.mentorName) })),
    timeline: a.timeline.map((e) => (e.data ? { ...e, data: mapData(e.data, text) } : e)),
  };
}

/** A recognition's free texts mapped: the reasons of its history and renewal, its conditions' names. */
export function mapRecognitionTexts<R extends Recognition>(r: R, text: TextMap): R {
  const { renewal } = r;
  return {
    ...r,
    history: r.history.map((h) => (h.reasons ? { ...h, reasons: h.reasons.map(text) } : h)),
    conditions: r.conditions.map((c) => ({ ...c, mentorName: text(c.mentorName) })),
    ...(renewal?.reasons ? { renewal: { ...renewal, reasons: renewal.reasons.map(text) } } : {}),
  };
}

/** A quality check's free texts mapped: answers' comments, notes, the trigger, incident reports. */
export function mapCheckTexts<C extends QualityCheck>(c: C, text: TextMap): C {
  return {
    ...c,
    ...(c.answers ? { answers: c.answers.map((a) => (a.comment === undefined ? a : { ...a, comment: text(a.comment) })) } : {}),
    ...(c.notes === undefined ? {} : { notes: text(c.notes) }),
    ...(c.trigger === undefined ? {} : { trigger: text(c.trigger) }),
    ...(c.reports ? { reports: c.reports.map((r) => ({ ...r, description: text(r.description) })) } : {}),
  };
}

const erased: TextMap = () => ERASED;

/** The application without its people: contact replaced, mentors and their conditions gone, texts erased. */
export function pseudonymiseApplication<A extends ApplicationDossier>(a: A, at: string): A & Pseudonymised {
  const application = {
    ...a.application,
    contact: ERASED_CONTACT,
    mentors: [],
    documents: a.application.documents.map(({ kind }) => ({ kind, name: ERASED })),
  };
  return { ...mapApplicationTexts({ ...a, application, conditions: [] }, erased), pseudonymisedAt: at };
}

/** The recognition without its people: its register fields, statuses, dates and capacity stay. */
export function pseudonymiseRecognition<R extends Recognition>(r: R, at: string): R & Pseudonymised {
  // A change still waiting for review lapsed with the recognition: its people go with it.
  const { renewal, pendingChange: _pending, ...rest } = r;
  // What a reviewed renewal asked to change may be a contact: only whether it asked stays.
  const keptRenewal = renewal && { ...renewal, ...(renewal.changes ? { changes: {} } : {}) };
  return {
    ...mapRecognitionTexts(
      { ...(rest as R), contact: ERASED_CONTACT, mentors: [], ...(keptRenewal ? { renewal: keptRenewal } : {}) },
      erased,
    ),
    pseudonymisedAt: at,
  };
}

/** The check without what people wrote in it: its reason, dates, status and outcome stay. */
export function pseudonymiseCheck<C extends QualityCheck>(c: C, at: string): C & Pseudonymised {
  return { ...mapCheckTexts(c, erased), pseudonymisedAt: at };
}
