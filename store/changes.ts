import type { Connection } from 'mongoose';
import type { PlacementEntry } from '../models/placement';
import type { MandateEntry } from '../models/mandate';
import { type ApplicationEntry, type CheckEntry, type RecognitionEntry, listingKey } from '../models/read-models';
import { faultPoint } from '../platform/fault-points';
import { insertIfAbsent, storedModel } from './stored-model';

// The change feed: every write of a dossier appends the fields its lists and the register need.
// Each append is a document of its own, numbered within the second it was written in: a writer
// takes the lowest free number (a unique `_id`, so two writers never take the same one, on
// MongoDB and on FerretDB alike, whose read-modify-write updates are not atomic under
// concurrency), and the numbers of a second have no gaps. A counter per second is a hint of how
// far they go. An API process reads, for each second since it last looked, the hint and then
// only the appends it has not read, each by `_id` (api/read-models.ts). Writing and reading thus
// cost the same whatever was written before.

export type Change =
  | { kind: 'recognition'; entry: RecognitionEntry }
  | { kind: 'application'; entry: ApplicationEntry }
  | { kind: 'check'; entry: CheckEntry }
  | { kind: 'mandate'; entry: MandateEntry }
  | { kind: 'placement'; entry: PlacementEntry };

/**
 * How long changes are kept: a process away longer loads its read models afresh. Longer than
 * the half hour between snapshots, so a process starts from the latest one and the feed since.
 */
export const RETENTION_MS = 2 * 60 * 60 * 1000;

/** A second, as `2026-11-27T23:59:01`. */
export const secondOf = (at: number) => new Date(at).toISOString().slice(0, 19);

const changeId = (second: string, n: number) => `${second}#${n}`;

export const changeModel = (connection: Connection) => storedModel<{ changes: Change[] }>(connection, 'changes');
const counterModel = (connection: Connection) => storedModel<{ count: number }>(connection, 'change_counters');

/**
 * Appends changes as one document under the lowest free number of the current second. Only
 * store/ appends (lint enforces it), each dossier write through `feedListing`.
 */
export async function appendChanges(db: Connection, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const second = secondOf(Date.now());
  const counters = counterModel(db);
  let n = ((await counters.findById(second).lean())?.count ?? 0) + 1;
  while (!(await insertIfAbsent(changeModel(db), { _id: changeId(second, n), changes }))) n += 1;
  // The hint never goes past a number taken, so a stale or lost update only costs a reader a probe.
  const moved = await counters.updateOne({ _id: second, count: { $lt: n } }, { $set: { count: n } });
  if (moved.matchedCount === 0) await insertIfAbsent(counters, { _id: second, count: n });
}

/** Per dossier, the listing last appended for it: `<kind>:<id>` to its listing key. */
const fedModel = (connection: Connection) => storedModel<{ listing: string }>(connection, 'change_fed');

/**
 * Feeds a dossier's listing after its record was written, unless the feed has it already: what
 * makes a write and its feed entry one retry-safe operation without a transaction. The listing
 * fed last is kept per dossier and set only after the append, so an attempt cut off anywhere
 * between the record and that mark leaves the mark behind, and its retry appends again (twice
 * is harmless: the read models keep the newest copy). A write that changes nothing a list
 * shows (a reminder, what is due next) finds the mark equal and appends nothing. True when it
 * appended.
 */
export async function feedListing(db: Connection, change: Change): Promise<boolean> {
  const key = `${change.kind}:${change.entry.id}`;
  const listing = listingKey(change.entry);
  if ((await fedModel(db).findById(key).lean())?.listing === listing) return false;
  faultPoint(`before-feed:${change.kind}`);
  await appendChanges(db, [change]);
  await fedModel(db).replaceOne({ _id: key }, { listing }, { upsert: true });
  return true;
}

/**
 * Feeds again listings a reconciliation found held otherwise than stored, so that every
 * process takes them in within a second, not only the one that reconciled.
 */
export async function feedAgain(db: Connection, changes: Change[]): Promise<void> {
  for (let i = 0; i < changes.length; i += 100) await appendChanges(db, changes.slice(i, i + 100));
  for (const change of changes) {
    await fedModel(db).replaceOne(
      { _id: `${change.kind}:${change.entry.id}` },
      { listing: listingKey(change.entry) },
      { upsert: true },
    );
  }
}

/** Reads the feed for one process: remembers, per second, the next number it has not read. */
export class ChangeReader {
  private readonly next = new Map<string, number>();

  constructor(private readonly db: Connection) {}

  /** The changes written in the seconds from `from` to `to` (milliseconds) not read before. */
  async between(from: number, to: number): Promise<Change[]> {
    const seconds: string[] = [];
    for (let at = from - (from % 1000); at <= to; at += 1000) seconds.push(secondOf(at));
    const counters = await Promise.all(seconds.map((second) => counterModel(this.db).findById(second).lean()));
    const found: Change[] = [];
    await Promise.all(
      seconds.map(async (second, i) => {
        let next = this.next.get(second) ?? 1;
        const hinted = counters[i]?.count ?? 0;
        // Up to the hint all exist; past it, one by one until the first that does not (yet).
        const known = await Promise.all(
          Array.from({ length: Math.max(0, hinted - next + 1) }, (_, k) =>
            changeModel(this.db)
              .findById(changeId(second, next + k))
              .lean(),
          ),
        );
        for (const append of known) if (append) found.push(...append.changes);
        next = Math.max(next, hinted + 1);
        for (;;) {
          const append = await changeModel(this.db).findById(changeId(second, next)).lean();
          if (!append) break;
          found.push(...append.changes);
          next += 1;
        }
        this.next.set(second, next);
      }),
    );
    // What lies before the window is not asked again.
    const oldest = secondOf(from);
    for (const second of this.next.keys()) if (second < oldest) this.next.delete(second);
    return found;
  }
}

/** Drops changes and counters older than the retention. */
export async function trimChanges(db: Connection, now: number): Promise<void> {
  const before = secondOf(now - RETENTION_MS);
  await changeModel(db).deleteMany({ _id: { $lt: before } });
  await counterModel(db).deleteMany({ _id: { $lt: before } });
}
