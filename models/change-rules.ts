import type { Mentor } from './application';

// What a company may change of its recognition during its validity, and which part of a change
// the partnership must look at first. Pure and zod-free: the recognition workflow decides with
// it, the API and the pages explain with it.

export const CHANGE_FIELDS = ['contact', 'capacity', 'address', 'mentors'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

export interface ChangeValues {
  contact?: { name: string; email: string; phone?: string };
  capacity?: number;
  address?: { street: string; postcode: string; municipality: string };
  mentors?: Array<Mentor & { id?: string }>;
}

/** A change as the recognition's timeline keeps it: which fields, never the people's data. */
export interface RecognitionChange {
  id: string;
  at: string;
  by: string;
  /** Applied at once. */
  applied: ChangeField[];
  capacity?: { from: number; to: number };
  mentors?: { added: number; removed: number };
  /** The part that waited for the partnership. */
  review?: {
    fields: ChangeField[];
    due: string;
    status: 'pending' | 'approved' | 'rejected';
    decidedAt?: string;
    decidedBy?: string;
    reasons?: string[];
  };
}

/** The changes a recognition keeps on its timeline, newest last: a bound on what a tenant writes. */
export const KEPT_CHANGES = 100;

/**
 * Which fields apply at once: the contact; fewer places, or at most the policy's number more; a
 * new list of mentors who all meet the rules (a mentor who is missing something, such as a recent
 * criminal-record extract, is the partnership's call). A new address waits for the partnership.
 * A field sent as it already is changes nothing and is left out.
 */
export function splitChange(
  current: Required<Pick<ChangeValues, 'contact' | 'capacity' | 'address'>>,
  change: ChangeValues,
  increaseWithoutReview: number,
  mentorsMeetRules = true,
): { now: ChangeField[]; review: ChangeField[] } {
  const now: ChangeField[] = [];
  const review: ChangeField[] = [];
  if (change.contact && !sameFields(change.contact, current.contact, ['name', 'email', 'phone'])) now.push('contact');
  if (change.capacity !== undefined && change.capacity !== current.capacity) {
    (change.capacity <= current.capacity + increaseWithoutReview ? now : review).push('capacity');
  }
  if (change.address && !sameFields(change.address, current.address, ['street', 'postcode', 'municipality']))
    review.push('address');
  if (change.mentors) (mentorsMeetRules ? now : review).push('mentors');
  return { now, review };
}

const sameFields = <T>(a: T, b: T, fields: Array<keyof T>) => fields.every((field) => a[field] === b[field]);

/** The values of `fields` only. */
export function pick(values: ChangeValues, fields: ChangeField[]): ChangeValues {
  return Object.fromEntries(fields.map((field) => [field, values[field]])) as ChangeValues;
}

/** How people read each field: in notices and on the pages. */
export const CHANGE_FIELD_LABELS: Record<ChangeField, string> = {
  contact: 'contactpersoon',
  capacity: 'aantal plaatsen',
  address: 'adres van de vestiging',
  mentors: 'mentoren',
};

/** The fields as a notice lists them: the places with their new number. */
export const changeItems = (fields: ChangeField[], values: ChangeValues) =>
  fields.map((field) =>
    field === 'capacity' ? `${CHANGE_FIELD_LABELS.capacity}: ${values.capacity}` : CHANGE_FIELD_LABELS[field],
  );

/** Keeps the latest changes, and always the one that waits for review. */
export function keepLatest(changes: RecognitionChange[]): RecognitionChange[] {
  const from = changes.length - KEPT_CHANGES;
  return from <= 0 ? changes : changes.filter((change, index) => index >= from || change.review?.status === 'pending');
}
