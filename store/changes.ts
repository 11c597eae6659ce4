import type { Connection } from 'mongoose';
import type { PlacementEntry } from '../models/placement';
import type { MandateEntry } from '../models/mandate';
import type { ApplicationEntry, CheckEntry, RecognitionEntry } from '../models/read-models';
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

/** The last number a process took, with its second: its next append in that second starts above it. */
interface Taken {
  second: string;
  n: number;
}

/**
 * Appends changes as one document under the lowest free number of the current second (above
 * `after`, a number this process took earlier in that second), and answers the number taken.
 */
async function appendAfter(db: Connection, changes: Change[], after?: Taken): Promise<Taken> {
  const second = secondOf(Date.now());
  const counters = counterModel(db);
  const hinted = async () => ((await counters.findById(second).lean())?.count ?? 0) + 1;
  let n = after?.second === second ? after.n + 1 : await hinted();
  let collided = false;
  while (!(await insertIfAbsent(changeModel(db), { _id: changeId(second, n), changes }))) {
    // Another process appended meanwhile: the hint says how far, once, rather than a probe per number.
    n = collided ? n + 1 : Math.max(n + 1, await hinted());
    collided = true;
  }
  // The hint never goes past a number taken, so a stale or lost update only costs a reader a probe.
  const moved = await counters.updateOne({ _id: second, count: { $lt: n } }, { $set: { count: n } });
  if (moved.matchedCount === 0) await insertIfAbsent(counters, { _id: second, count: n });
  return { second, n };
}

/**
 * Appends changes as one document; only store/ appends (lint enforces it), each dossier write
 * through `feed`, bulk loads and reconciliations through this.
 */
export async function appendChanges(db: Connection, changes: Change[]): Promise<void> {
  if (changes.length > 0) await appendAfter(db, changes);
}

/** At most this many changes in one append (a document well under the store's 16 MiB). */
const BATCH = 500;

/**
 * One process's appends, committed as a group: a change that comes while an append is under
 * way waits for it and goes with every other that came meanwhile, in the next. Alone, a change
 * is appended at once; under load, many steps share one append.
 */
class FeedWriter {
  private waiting: Array<{ change: Change; settle: (error?: unknown) => void }> = [];
  private writing = false;
  private taken?: Taken;

  constructor(private readonly db: Connection) {}

  append(change: Change): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ change, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.write();
    });
  }

  private async write() {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH);
      try {
        this.taken = await appendAfter(
          this.db,
          batch.map((waiting) => waiting.change),
          this.taken,
        );
        for (const waiting of batch) waiting.settle();
      } catch (error) {
        for (const waiting of batch) waiting.settle(error ?? new Error('change feed append failed'));
      }
    }
    this.writing = false;
  }
}

const writers = new WeakMap<Connection, FeedWriter>();

/**
 * Feeds a dossier's listing after its record was written: the step that wrote it ends only once
 * the feed has it. A step cut off between the two is retried by Temporal and writes and feeds
 * again; a listing fed twice is harmless (the read models keep the newest copy). So a record
 * write and its feed entry are one retry-safe operation without a transaction, and a step costs
 * its one write plus its share of a grouped append.
 */
export async function feed(db: Connection, change: Change): Promise<void> {
  faultPoint(`before-feed:${change.kind}`);
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new FeedWriter(db)));
  await writer.append(change);
}

/**
 * Feeds again listings a reconciliation found held otherwise than stored, so that every
 * process takes them in within a second, not only the one that reconciled.
 */
export async function feedAgain(db: Connection, changes: Change[]): Promise<void> {
  for (let i = 0; i < changes.length; i += BATCH) await appendChanges(db, changes.slice(i, i + BATCH));
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
    // Taken as read only once every second is: a read cut off halfway (the store's deadline)
    // reads its seconds again next time, rather than skip what it read and never handed on.
    const reached = new Map<string, number>();
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
        if (i === seconds.length - 1) faultPoint('feed-read-last-second');
        reached.set(second, next);
      }),
    );
    for (const [second, next] of reached) this.next.set(second, next);
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
