import { municipalityKey } from './public-register';
import type { Recognition } from './recognition';
import { type Verification, nameKey, verifyOn } from './register';

// The register held in memory by each API process: verify and search answer from it in
// microseconds whatever the store, which is kept for writes, start-up and the change feed.
// Pure data structure; `api/register-feed.ts` fills it and keeps it fresh.

/** The fields of a recognition the register keeps as they are. */
const ENTRY_FIELDS = [
  'id',
  'status',
  'partnershipId',
  'enterpriseNumber',
  'establishmentNumber',
  'trainingCode',
  'companyName',
  'capacity',
  'validFrom',
  'validUntil',
  'history',
] as const satisfies ReadonlyArray<keyof Recognition>;

/** What the register needs of a recognition: public fields and the status history. */
export type RegisterEntry = Pick<Recognition, (typeof ENTRY_FIELDS)[number]> & {
  /** The establishment's address, public (the street absent from a snapshot older than it, until reconciled). */
  address: { street?: string; postcode: string; municipality: string };
  savedAt: string;
  /** Kept active past its end while a renewal asked in time awaits the decision. */
  keptActiveAt?: string;
  /** Where the renewal stands (a reviewer's queue lists the requested ones). */
  renewalStatus?: NonNullable<Recognition['renewal']>['status'];
};

export const REGISTER_FIELDS = {
  _id: 1,
  status: 1,
  partnershipId: 1,
  enterpriseNumber: 1,
  establishmentNumber: 1,
  trainingCode: 1,
  companyName: 1,
  capacity: 1,
  validFrom: 1,
  validUntil: 1,
  history: 1,
  'renewal.keptActiveAt': 1,
  'renewal.status': 1,
  'address.street': 1,
  'address.postcode': 1,
  'address.municipality': 1,
  savedAt: 1,
} as const;

export function toRegisterEntry(recognition: Recognition, savedAt: string): RegisterEntry {
  const { address } = recognition;
  return {
    ...(Object.fromEntries(ENTRY_FIELDS.map((field) => [field, recognition[field]])) as Pick<
      Recognition,
      (typeof ENTRY_FIELDS)[number]
    >),
    address: { street: address.street, postcode: address.postcode, municipality: address.municipality },
    savedAt,
    ...(recognition.renewal?.keptActiveAt ? { keptActiveAt: recognition.renewal.keptActiveAt } : {}),
    ...(recognition.renewal ? { renewalStatus: recognition.renewal.status } : {}),
  };
}

export interface SearchFilter {
  trainingCode?: string;
  postcode?: string;
  /** Instead of a postcode: the municipality, case and accents ignored (`municipalityKey`). */
  municipality?: string;
  hasCapacity?: boolean;
  page: number;
  pageSize: number;
}

export class RegisterIndex {
  private readonly byId = new Map<string, RegisterEntry & { key: string }>();
  private readonly byWorkplace = new Map<string, Set<string>>();
  /**
   * Keys `training|postcode`, `training|` and `|postcode`, and the same with `@municipality` (its
   * key) for the postcode, each to the ids found under it.
   */
  private readonly bySearchKey = new Map<string, Set<string>>();
  /**
   * What a search found under a key (active entries, with or without free places, sorted by
   * name): kept until an entry under that key or its placements change, so a search costs a
   * slice, not a sort. Only keys some entry has (or none: every entry) are kept, so a search
   * for a made-up training or postcode holds nothing: at most two per key of `bySearchKey`.
   */
  private readonly sorted = new Map<string, Array<RegisterEntry & { key: string }>>();
  private readonly byEnterprise = new Map<string, Set<string>>();
  /** Every entry in name order, for identification by the start of a name; made when asked. */
  private byName?: Array<RegisterEntry & { key: string }>;
  /** Active placements per recognition (from the placements' read model). */
  private readonly occupied = new Map<string, number>();

  get size() {
    return this.byId.size;
  }

  /** How many search results are held (two per key an entry has, at most). */
  get cachedSearches() {
    return this.sorted.size;
  }

  /** Adds or replaces an entry; an older copy than the one held is ignored. */
  upsert(entry: RegisterEntry): void {
    const held = this.byId.get(entry.id);
    if (held && held.savedAt > entry.savedAt) return;
    if (held) {
      this.unlink(held);
      // A search under its old keys (the postcode it moved from) must no longer find it.
      this.forgetSorted(held);
    }
    this.forgetSorted(entry);
    const stored = { ...entry, key: nameKey(entry.companyName) };
    this.byId.set(entry.id, stored);
    add(this.byWorkplace, `${entry.establishmentNumber}|${entry.trainingCode}`, entry.id);
    add(this.byEnterprise, entry.enterpriseNumber, entry.id);
    for (const key of searchKeys(entry)) add(this.bySearchKey, key, entry.id);
  }

  /** One recognition's entry (the public register's verification). */
  entry(recognitionId: string): RegisterEntry | undefined {
    return this.byId.get(recognitionId);
  }

  /** Sets how many of a recognition's places active placements take. */
  setOccupied(recognitionId: string, count: number): void {
    if ((this.occupied.get(recognitionId) ?? 0) === count) return;
    if (count === 0) this.occupied.delete(recognitionId);
    else this.occupied.set(recognitionId, count);
    const entry = this.byId.get(recognitionId);
    if (entry) this.forgetSorted(entry);
  }

  /** How many of a recognition's places active placements take. */
  occupiedOf(recognitionId: string): number {
    return this.occupied.get(recognitionId) ?? 0;
  }

  /** The places of a recognition not taken (never below zero when its capacity was lowered). */
  freeCapacityOf(entry: Pick<RegisterEntry, 'id' | 'capacity'>): number {
    return Math.max(0, entry.capacity - this.occupiedOf(entry.id));
  }

  verify(enterpriseNumber: string, establishmentNumber: string, trainingCode: string, date: string): Verification {
    const ids = this.byWorkplace.get(`${establishmentNumber}|${trainingCode}`) ?? new Set<string>();
    return verifyOn(
      [...ids].map((id) => this.byId.get(id)!),
      enterpriseNumber,
      date,
    );
  }

  /** Active recognitions by company name; `more` tells whether a next page exists. */
  search(filter: SearchFilter): { items: RegisterEntry[]; more: boolean } {
    const place = filter.postcode ?? (filter.municipality === undefined ? '' : `@${municipalityKey(filter.municipality)}`);
    const key = `${filter.trainingCode ?? ''}|${place}`;
    const cached = `${key}|${filter.hasCapacity ? 'capacity' : 'all'}`;
    let matching = this.sorted.get(cached);
    if (!matching) {
      const ids = key === '|' ? this.byId.keys() : this.bySearchKey.get(key);
      if (!ids) return { items: [], more: false };
      matching = [...ids]
        .map((id) => this.byId.get(id)!)
        .filter((e) => e.status === 'active' && (!filter.hasCapacity || this.freeCapacityOf(e) > 0))
        .sort((a, b) => (a.key === b.key ? a.id.localeCompare(b.id) : a.key < b.key ? -1 : 1));
      this.sorted.set(cached, matching);
    }
    const start = (filter.page - 1) * filter.pageSize;
    return { items: matching.slice(start, start + filter.pageSize), more: matching.length > start + filter.pageSize };
  }

  /**
   * Recognitions by enterprise number, or by the start of the company name (case and accents
   * ignored), in name order and newest first within a company: at most `limit`.
   */
  identify(query: { enterpriseNumber?: string; name?: string }, limit: number): RegisterEntry[] {
    const order = (a: RegisterEntry & { key: string }, b: RegisterEntry & { key: string }) =>
      a.key === b.key ? b.validFrom.localeCompare(a.validFrom) : a.key < b.key ? -1 : 1;
    if (query.enterpriseNumber !== undefined) {
      return [...(this.byEnterprise.get(query.enterpriseNumber) ?? [])]
        .map((id) => this.byId.get(id)!)
        .sort(order)
        .slice(0, limit);
    }
    const prefix = nameKey(query.name ?? '');
    if (!this.byName) this.byName = [...this.byId.values()].sort(order);
    // The first entry whose key is not before the prefix, by binary search.
    let low = 0;
    let high = this.byName.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.byName[middle]!.key < prefix) low = middle + 1;
      else high = middle;
    }
    const found: RegisterEntry[] = [];
    for (let i = low; i < this.byName.length && found.length < limit && this.byName[i]!.key.startsWith(prefix); i++) {
      found.push(this.byName[i]!);
    }
    return found;
  }

  private forgetSorted(entry: RegisterEntry) {
    this.byName = undefined;
    for (const key of ['|', ...searchKeys(entry)]) {
      this.sorted.delete(`${key}|all`);
      this.sorted.delete(`${key}|capacity`);
    }
  }

  private unlink(entry: RegisterEntry) {
    this.byWorkplace.get(`${entry.establishmentNumber}|${entry.trainingCode}`)?.delete(entry.id);
    this.byEnterprise.get(entry.enterpriseNumber)?.delete(entry.id);
    // A key no entry has any more (the last workplace moved from a postcode) is forgotten.
    for (const key of searchKeys(entry)) remove(this.bySearchKey, key, entry.id);
  }
}

function searchKeys(entry: RegisterEntry): string[] {
  const { trainingCode: training, address } = entry;
  const municipality = `@${municipalityKey(address.municipality)}`;
  return [
    `${training}|${address.postcode}`,
    `${training}|`,
    `|${address.postcode}`,
    `${training}|${municipality}`,
    `|${municipality}`,
  ];
}

function remove(map: Map<string, Set<string>>, key: string, id: string) {
  const ids = map.get(key);
  if (ids?.delete(id) && ids.size === 0) map.delete(key);
}

function add(map: Map<string, Set<string>>, key: string, id: string) {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}
