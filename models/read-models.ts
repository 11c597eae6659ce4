import type { ApplicationDossier } from './application-dossier';
import type { QualityCheck } from './quality-check';
import type { Recognition } from './recognition';
import { attentionFields } from './recognition-search';
import { REGISTER_FIELDS, type RegisterEntry, toRegisterEntry } from './register-index';

// What each API process keeps in memory to answer lists without a store query: a few fields of
// every dossier, filled at start and kept fresh by the change feed (as the register is). A list
// filters and sorts these, then reads only its page of dossiers, each by `_id`. Pure.

/** An application as its lists need it. */
export interface ApplicationEntry {
  id: string;
  status: ApplicationDossier['status'];
  partnershipId: string;
  enterpriseNumber: string;
  submittedAt: string;
  /** Set from the first review on; the deadline runs only while the status is `in_review`. */
  decisionDue?: string;
  overdue: boolean;
  /** The school that filed it with a mandate. */
  filedBySchool?: string;
  /** Since when it waits for an operator (its `attention`). */
  parkedSince?: string;
  savedAt: string;
}

/** A quality check as its lists need it. */
export interface CheckEntry {
  id: string;
  recognitionId: string;
  partnershipId: string;
  enterpriseNumber: string;
  status: QualityCheck['status'];
  openedAt: string;
  /** The schools that reported its incident: a school's list of its reports. */
  reportedBySchools?: string[];
  savedAt: string;
}

/** A recognition as its lists need it: the register's entry, and what may need the partnership's attention. */
export type RecognitionEntry = RegisterEntry & {
  /** The earliest due date of a mentor-training condition missed and still not met. */
  missedDueOn?: string;
  /** Since when it waits for an operator (its `attention`). */
  parkedSince?: string;
  /** When the partnership should have decided on the change that waits for its review. */
  changeDue?: string;
};

/** What of a stored recognition its entry is made of. */
export const RECOGNITION_ENTRY_FIELDS = { ...REGISTER_FIELDS, conditions: 1, attention: 1, pendingChange: 1 } as const;

export const toRecognitionEntry = (recognition: Recognition, savedAt: string): RecognitionEntry => ({
  ...toRegisterEntry(recognition, savedAt),
  ...attentionFields(recognition),
});

export const APPLICATION_ENTRY_FIELDS = {
  _id: 1,
  status: 1,
  partnershipId: 1,
  enterpriseNumber: 1,
  submittedAt: 1,
  decisionDue: 1,
  overdue: 1,
  filedBy: 1,
  attention: 1,
  updatedAt: 1,
} as const;
export const CHECK_ENTRY_FIELDS = {
  _id: 1,
  recognitionId: 1,
  partnershipId: 1,
  enterpriseNumber: 1,
  status: 1,
  openedAt: 1,
  reportedBySchools: 1,
  savedAt: 1,
} as const;

export function toApplicationEntry(
  dossier: Pick<
    ApplicationDossier,
    | 'status'
    | 'partnershipId'
    | 'enterpriseNumber'
    | 'submittedAt'
    | 'decisionDue'
    | 'overdue'
    | 'filedBy'
    | 'attention'
    | 'updatedAt'
  > & {
    _id: string;
  },
): ApplicationEntry {
  const { _id, status, partnershipId, enterpriseNumber, submittedAt, decisionDue, overdue, filedBy, attention, updatedAt } =
    dossier;
  return {
    id: _id,
    status,
    partnershipId,
    enterpriseNumber,
    submittedAt,
    // Left out rather than undefined: a snapshot would store undefined as null.
    ...(decisionDue ? { decisionDue } : {}),
    overdue: overdue ?? false,
    ...(filedBy?.schoolId ? { filedBySchool: filedBy.schoolId } : {}),
    ...(attention ? { parkedSince: attention.since } : {}),
    savedAt: updatedAt,
  };
}

export function toCheckEntry(
  check: Pick<
    QualityCheck,
    'recognitionId' | 'partnershipId' | 'enterpriseNumber' | 'status' | 'openedAt' | 'reportedBySchools'
  > & {
    _id: string;
    savedAt?: string;
  },
): CheckEntry {
  const { _id, recognitionId, partnershipId, enterpriseNumber, status, openedAt, reportedBySchools, savedAt } = check;
  return {
    id: _id,
    recognitionId,
    partnershipId,
    enterpriseNumber,
    status,
    openedAt,
    ...(reportedBySchools?.length ? { reportedBySchools } : {}),
    savedAt: savedAt ?? openedAt,
  };
}

type Scalar = string | number | boolean;

/** A list's filter: fields that must equal these values (or, for a list field, hold it). */
export type ListFilter<E> = Partial<Record<keyof E & string, Scalar>>;

/**
 * Entries by id, with a map from each value of the `scopes` fields (the tenant fields a list
 * is always narrowed by; each element of a list field) to the ids that have it, so a list looks
 * only at its tenant's entries.
 */
export class ListIndex<E extends { id: string; savedAt: string }> {
  private readonly byId = new Map<string, E>();
  private readonly byScope = new Map<string, Set<string>>();

  constructor(private readonly scopes: ReadonlyArray<keyof E & string>) {}

  get size() {
    return this.byId.size;
  }

  get(id: string): E | undefined {
    return this.byId.get(id);
  }

  /** Every entry held, for a snapshot. */
  entries(): E[] {
    return [...this.byId.values()];
  }

  /** Adds or replaces an entry; an older copy than the one held is ignored. */
  upsert(entry: E): void {
    const held = this.byId.get(entry.id);
    if (held && held.savedAt > entry.savedAt) return;
    if (held) for (const key of scopeKeys(this.scopes, held)) this.byScope.get(key)?.delete(held.id);
    this.byId.set(entry.id, entry);
    for (const key of scopeKeys(this.scopes, entry)) {
      let ids = this.byScope.get(key);
      if (!ids) this.byScope.set(key, (ids = new Set()));
      ids.add(entry.id);
    }
  }

  /** The entries whose fields equal every value in `filter`, in `order`, at most `limit`. */
  list(filter: ListFilter<E>, order: (a: E, b: E) => number, limit: number): E[] {
    return this.page(filter, order, { limit }).entries;
  }

  /**
   * A page of the entries whose fields equal every value in `filter` and that pass `where`, in
   * `order`: `limit` of them after the first `offset`, and how many match in all.
   */
  page(
    filter: ListFilter<E>,
    order: (a: E, b: E) => number,
    options: { limit: number; offset?: number; where?: (entry: E) => boolean },
  ): { entries: E[]; total: number } {
    const fields = Object.entries(filter).filter(([, value]) => value !== undefined) as Array<[keyof E & string, Scalar]>;
    const scoped = fields
      .filter(([field]) => this.scopes.includes(field))
      .map(([field, value]) => this.byScope.get(`${field}=${String(value)}`) ?? new Set<string>());
    const ids =
      scoped.length > 0 ? scoped.reduce((smallest, set) => (set.size < smallest.size ? set : smallest)) : this.byId.keys();
    const matching: E[] = [];
    for (const id of ids) {
      const entry = this.byId.get(id)!;
      if (fields.every(([field, value]) => holds(entry[field], value)) && (options.where?.(entry) ?? true)) matching.push(entry);
    }
    const offset = options.offset ?? 0;
    return { entries: matching.sort(order).slice(offset, offset + options.limit), total: matching.length };
  }
}

function scopeKeys<E>(scopes: ReadonlyArray<keyof E & string>, entry: E): string[] {
  return scopes.flatMap((scope) => {
    const value = entry[scope];
    if (Array.isArray(value)) return value.map((element) => `${scope}=${String(element)}`);
    // An entry without the field (a check no school reported) is in no scope of it.
    return value === undefined ? [] : [`${scope}=${String(value)}`];
  });
}

const holds = (value: unknown, wanted: Scalar) => (Array.isArray(value) ? value.includes(wanted) : value === wanted);

export const newestFirst =
  <E>(field: keyof E) =>
  (a: E, b: E) =>
    String(b[field]).localeCompare(String(a[field]));

type DeadlineFields = Pick<ApplicationEntry, 'status' | 'decisionDue' | 'overdue' | 'submittedAt'>;

/** The decision deadline that runs now: only in review (waiting for the company or closed, none). */
const runningDeadline = (entry: DeadlineFields) => (entry.status === 'in_review' ? entry.decisionDue : undefined);

/**
 * A reviewer's queue: overdue first, then the nearest decision deadline, then those without a
 * running deadline; the longest waiting first among equals.
 */
export function deadlineFirst(a: DeadlineFields, b: DeadlineFields): number {
  const rank = (entry: DeadlineFields) => (!runningDeadline(entry) ? 2 : entry.overdue ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    (runningDeadline(a) ?? '').localeCompare(runningDeadline(b) ?? '') ||
    a.submittedAt.localeCompare(b.submittedAt)
  );
}

/**
 * What a list shows of an entry, as a text that is equal for two copies listing the same (keys
 * in order, without when each was written): a copy that differs from the stored dossier's is a
 * divergence.
 */
export function listingKey<E extends { savedAt: string }>(entry: E): string {
  const { savedAt: _saved, ...listed } = entry;
  return JSON.stringify(inKeyOrder(listed));
}

function inKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inKeyOrder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, inKeyOrder(v)]),
  );
}
