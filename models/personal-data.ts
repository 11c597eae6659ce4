import { z } from 'zod';
import type { Mentor } from './application';
import type { ApplicationDossier } from './application-dossier';
import { emailAddress, isoDate } from './formats';
import type { Placement } from './placement';
import { ERASED_MENTOR } from './placement-retention';
import { mapPlanTexts } from './improvement-plan';
import type { ImprovementPlan } from './improvement-plan-rules';
import type { QualityCheck } from './quality-check';
import type { Recognition } from './recognition';
import {
  ERASED,
  ERASED_CONTACT,
  KEPT_REASONS,
  type TextMap,
  mapApplicationTexts,
  mapCheckTexts,
  mapRecognitionTexts,
} from './retention';

// One person's data on request (GDPR art. 15, 17 and 20): who they are (a contact by e-mail
// address, a mentor by name and birth date), where a dossier holds them, and what erasing them
// from it changes. Whether the law lets a dossier's data go is models/retention.ts
// (`keptOnRequest`). Pure.

const name = z.string().trim().min(1).max(100);

export const personInput = z
  .object({
    email: emailAddress.optional().describe('A contact person, by e-mail address'),
    firstName: name.optional().describe('A mentor: with lastName and birthDate'),
    lastName: name.optional(),
    birthDate: isoDate.optional(),
  })
  .strict()
  .superRefine((person, ctx) => {
    const mentor = (['firstName', 'lastName', 'birthDate'] as const).filter((field) => person[field] === undefined);
    if (mentor.length === 3 && person.email === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'give an e-mail address, or a first name, last name and birth date',
        params: { code: 'person-required' },
      });
    } else if (mentor.length > 0 && mentor.length < 3) {
      for (const field of mentor)
        ctx.addIssue({ code: 'custom', path: [field], message: 'required', params: { code: 'required' } });
    }
  })
  .meta({
    id: 'Person',
    description: 'A contact person by `email`, or a mentor by `firstName`, `lastName` and `birthDate` (or both at once)',
    // The refinement above, for the OpenAPI document.
    anyOf: [{ required: ['email'] }, { required: ['firstName', 'lastName', 'birthDate'] }],
  });

export type Person = z.output<typeof personInput>;

const normal = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

export const isContact = (contact: { email: string }, person: Person) =>
  person.email !== undefined && normal(contact.email) === normal(person.email);

const isMentor = (mentor: Pick<Mentor, 'firstName' | 'lastName' | 'birthDate'>, person: Person) =>
  person.birthDate !== undefined &&
  mentor.birthDate === person.birthDate &&
  normal(mentor.firstName) === normal(person.firstName ?? '') &&
  normal(mentor.lastName) === normal(person.lastName ?? '');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What names the person in free texts (their e-mail address, full name as a mentor, and names
 * as a contact), and how to find and erase it there.
 */
export interface Needles {
  /** Each whole-word mention (any case, any spacing) replaced by the erased mark. */
  redact: TextMap;
  /** Whether any text of a value mentions them. */
  mentions: (value: unknown) => boolean;
}

export function needlesOf(person: Person, contactNames: string[] = []): Needles {
  const full = person.firstName && person.lastName ? [`${person.firstName} ${person.lastName}`] : [];
  const list = [...new Set([person.email, ...full, ...contactNames].filter((n): n is string => Boolean(n?.trim())).map(normal))];
  if (list.length === 0) return { redact: (text) => text, mentions: () => false };
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}@.])(?:${list.map((n) => escape(n).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  const redact: TextMap = (text) => text.replace(pattern, ERASED);
  return {
    redact,
    mentions: (value) => {
      pattern.lastIndex = 0;
      return pattern.test(JSON.stringify(value));
    },
  };
}

/** The texts of a value that mention the person, besides its contact and mentors (at most 20). */
export function textsMentioning(value: unknown, needles: Needles): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (found.length >= 20) return;
    if (typeof node === 'string') {
      if (needles.redact(node) !== node) found.push(node);
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) if (key !== 'contact' && key !== 'mentors') walk(child);
    }
  };
  walk(value);
  return found;
}

export const ROLES = ['contact', 'mentor', 'named', 'recipient'] as const;
export type Role = (typeof ROLES)[number];

/** The person's roles in an application, and the data it holds of them. */
export function inApplication(a: ApplicationDossier, person: Person, needles: Needles) {
  const { contact, mentors } = a.application;
  const data: Record<string, unknown> = {};
  const roles: Role[] = [];
  if (isContact(contact, person)) {
    roles.push('contact');
    data.contact = contact;
  }
  const found = mentors.filter((m) => isMentor(m, person));
  if (found.length > 0) {
    roles.push('mentor');
    data.mentors = found;
  }
  if (roles.length === 0 && needles.mentions(a)) roles.push('named');
  return { roles, data };
}

/** The person's roles in a recognition (its contact, its mentors, a renewal's asked-for contact). */
export function inRecognition(r: Recognition, person: Person, needles: Needles) {
  const data: Record<string, unknown> = {};
  const roles: Role[] = [];
  const askedContact = (r.renewal?.changes as { contact?: { email: string } } | undefined)?.contact;
  if (isContact(r.contact, person)) data.contact = r.contact;
  if (askedContact && isContact(askedContact, person)) data.renewalContact = askedContact;
  // A change waiting for review holds the contact and mentors it asks for.
  const pending = r.pendingChange?.values;
  if (pending?.contact && isContact(pending.contact, person)) data.changeContact = pending.contact;
  if (data.contact || data.renewalContact || data.changeContact) roles.push('contact');
  const asked = (pending?.mentors ?? []).filter((m) => !m.id || !r.mentors.some((current) => current.id === m.id));
  const found = [...r.mentors, ...asked].filter((m) => isMentor(m, person));
  if (found.length > 0) {
    roles.push('mentor');
    const names = new Set(found.map((m) => `${m.firstName} ${m.lastName}`));
    const ids = new Set(found.map((m) => m.id));
    data.mentors = found;
    data.conditions = r.conditions.filter((c) => (c.mentorId ? ids.has(c.mentorId) : names.has(c.mentorName)));
  }
  if (roles.length === 0 && needles.mentions(r)) roles.push('named');
  return { roles, data };
}

/** A quality check holds no contact or mentor: only what people wrote in it may name them. */
export const inCheck = (c: QualityCheck, needles: Needles): Role[] => (needles.mentions(c) ? ['named'] : []);

/** Whether an unfinished form holds the person: its fields are separate, so a mentor by last name and birth date. */
export function inDraft(drafts: unknown, person: Person, needles: Needles): boolean {
  if (needles.mentions(drafts)) return true;
  const text = JSON.stringify(drafts).toLowerCase();
  return Boolean(
    person.birthDate && person.lastName && text.includes(person.birthDate) && text.includes(normal(person.lastName)),
  );
}

/** An erasure on request, as the dossier records it: when and in which roles, never whom. */
export interface Erasures {
  erasures?: Array<{ at: string; roles: Role[] }>;
}

const noted = <D extends Erasures>(dossier: D, at: string, roles: Role[]) => ({
  ...dossier,
  erasures: [...(dossier.erasures ?? []), { at, roles }],
});

/**
 * The application without the person: as its contact replaced, as a mentor taken out (with the
 * conditions that were theirs, the others renumbered), mentions of them in texts erased.
 */
export function eraseFromApplication<A extends ApplicationDossier & Erasures>(
  a: A,
  person: Person,
  needles: Needles,
  at: string,
): A {
  const { roles } = inApplication(a, person, needles);
  const mentors = a.application.mentors;
  const gone = new Set(mentors.flatMap((m, i) => (isMentor(m, person) ? [i] : [])));
  const newIndex = (i: number) => i - [...gone].filter((g) => g < i).length;
  const application = {
    ...a.application,
    contact: isContact(a.application.contact, person) ? ERASED_CONTACT : a.application.contact,
    mentors: mentors.filter((_, i) => !gone.has(i)),
  };
  const conditions = a.conditions.filter((c) => !gone.has(c.mentor)).map((c) => ({ ...c, mentor: newIndex(c.mentor) }));
  return noted(mapApplicationTexts({ ...a, application, conditions }, needles.redact), at, roles);
}

/** The recognition without the person, as `eraseFromApplication` (only of a recognition no longer in force). */
export function eraseFromRecognition<R extends Recognition & Erasures>(r: R, person: Person, needles: Needles, at: string): R {
  const { roles } = inRecognition(r, person, needles);
  const gone = r.mentors.filter((m) => isMentor(m, person));
  const names = new Set(gone.map((m) => `${m.firstName} ${m.lastName}`));
  const ids = new Set(gone.map((m) => m.id));
  const renewal = r.renewal?.changes ? { ...r.renewal, changes: {} } : r.renewal;
  // A change under review that holds the person is dropped: the company asks again without them.
  const { pendingChange, ...rest } = r;
  const keepPending = pendingChange && roles.length === 0 && !needles.mentions(pendingChange);
  const erased = {
    ...(rest as R),
    ...(keepPending ? { pendingChange } : {}),
    contact: isContact(r.contact, person) ? ERASED_CONTACT : r.contact,
    mentors: r.mentors.filter((m) => !isMentor(m, person)),
    conditions: r.conditions.filter((c) => !(c.mentorId ? ids.has(c.mentorId) : names.has(c.mentorName))),
    ...(renewal ? { renewal } : {}),
  };
  return noted(mapRecognitionTexts(erased, needles.redact), at, roles);
}

export const eraseFromCheck = <C extends QualityCheck & Erasures>(c: C, needles: Needles, at: string): C =>
  noted(mapCheckTexts(c, needles.redact), at, ['named']);

/** An improvement plan holds no contact or mentor: only what people wrote in it may name them. */
export const eraseFromPlan = <P extends ImprovementPlan & Erasures>(p: P, needles: Needles, at: string): P =>
  noted(mapPlanTexts(p, needles.redact), at, ['named']);

/**
 * The mentors the person is at each recognition, by the recognition's id for them and by name:
 * found where their birth date is (the recognition, its application), since a placement names
 * its mentor by name and that id only.
 */
export type MentorsAt = Map<string, { ids: Set<string>; names: Set<string> }>;

/** Notes the mentors found as the person at a recognition. */
export function noteMentorsAt(
  at: MentorsAt,
  recognitionId: string,
  mentors: Array<{ id?: string; firstName: string; lastName: string }>,
) {
  const known = at.get(recognitionId) ?? { ids: new Set(), names: new Set() };
  for (const m of mentors) {
    if (m.id) known.ids.add(m.id);
    known.names.add(normal(`${m.firstName} ${m.lastName}`));
  }
  at.set(recognitionId, known);
}

type PlacementTexts = Pick<Placement, 'recognitionId' | 'mentor' | 'declineReason' | 'termination'>;

/**
 * The person's roles in a placement, with its evaluations' and learner's `comments`: its mentor
 * when its recognition has them as the mentor it names (by that id or by name: the recognition's
 * birth date tells namesakes elsewhere apart), named when a text mentions them.
 */
export function inPlacement(p: PlacementTexts, comments: string[], mentorsAt: MentorsAt, needles: Needles) {
  const known = mentorsAt.get(p.recognitionId);
  const { mentor } = p;
  const isTheirs =
    mentor && known && (known.ids.has(mentor.id ?? '') || known.names.has(normal(`${mentor.firstName} ${mentor.lastName}`)));
  const mentions = textsMentioning([p.declineReason, p.termination?.note, ...comments], needles);
  const roles: Role[] = isTheirs ? ['mentor'] : mentions.length > 0 ? ['named'] : [];
  return { roles, data: { ...(isTheirs ? { mentor } : {}), ...(mentions.length ? { mentions } : {}) } };
}

/** The placement without the person: as its mentor named `(gewist)`, mentions in its texts erased. */
export function eraseFromPlacement<P extends PlacementTexts & Erasures>(p: P, roles: Role[], needles: Needles, at: string): P {
  const { declineReason, termination } = p;
  return noted(
    {
      ...p,
      ...(roles.includes('mentor') ? { mentor: ERASED_MENTOR } : {}),
      ...(declineReason ? { declineReason: needles.redact(declineReason) } : {}),
      ...(termination?.note ? { termination: { ...termination, note: needles.redact(termination.note) } } : {}),
    },
    at,
    roles,
  );
}

// What the administrator is answered.

const keptSchema = z
  .object({
    reason: z.enum(Object.keys(KEPT_REASONS) as [keyof typeof KEPT_REASONS]),
    explanation: z.string(),
    until: z
      .string()
      .optional()
      .describe('RFC 3339: when it is due to go as things stand (a renewal of the recognition moves it)'),
  })
  .meta({ id: 'KeptPersonalData' });

const PLACE_KINDS = [
  'application',
  'recognition',
  'quality-check',
  'improvement-plan',
  'placement',
  'notice',
  'session-draft',
] as const;

const placeSchema = z
  .object({
    kind: z.enum(PLACE_KINDS),
    id: z.string().optional().describe('The dossier or notice (a session draft has none to show)'),
    roles: z.array(z.enum(ROLES)),
    enterpriseNumber: z.string().optional(),
    companyName: z.string().optional(),
    status: z.string().optional(),
    data: z.record(z.string(), z.unknown()).describe('What the place holds of the person'),
    kept: keptSchema.optional().describe('Absent: an erasure request erases it now'),
  })
  .meta({ id: 'PersonalDataPlace' });

export type Place = z.infer<typeof placeSchema>;

const elsewhere = z.array(keptSchema).describe('Where the data is besides the dossiers, and when it goes');

export const personalDataExport = z
  .object({
    person: personInput,
    at: z.string(),
    places: z.array(placeSchema),
    truncated: z.boolean().describe('More places were found than one answer lists'),
    elsewhere,
  })
  .meta({ id: 'PersonalDataExport' });

export const erasureReport = z
  .object({
    person: personInput,
    at: z.string(),
    erased: z.array(placeSchema.omit({ data: true, kept: true })),
    kept: z.array(placeSchema.omit({ data: true }).required({ kept: true })),
    truncated: z.boolean().describe('More places were found than one request erases: send it again for the rest'),
    elsewhere,
  })
  .meta({ id: 'ErasureReport' });

export type PersonalDataExport = z.infer<typeof personalDataExport>;
export type ErasureReport = z.infer<typeof erasureReport>;

/** Where the data is besides the dossiers: said with every answer. */
export const ELSEWHERE = (['temporal-histories', 'import-files'] as const).map((reason) => ({
  reason,
  explanation: KEPT_REASONS[reason],
}));
