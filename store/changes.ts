import type { Connection } from 'mongoose';
import type { ApplicationEntry, CheckEntry, RecognitionEntry } from '../models/read-models';
import { storedModel } from './stored-model';

// The change feed: every write of a dossier appends the fields its lists and the register need.
// Each change is a document of its own, numbered within the second it was written in; a counter
// per second says how many there are. An API process reads, for each second since it last
// looked, the counter and then just the changes it has not read, each by `_id`
// (api/read-models.ts). Writing and reading thus cost the same whatever was written before, on
// MongoDB and on FerretDB, which would scan for a range query and rewrite a growing document.

export type Change =
  | { kind: 'recognition'; entry: RecognitionEntry }
  | { kind: 'application'; entry: ApplicationEntry }
  | { kind: 'check'; entry: CheckEntry };

/** How long changes are kept: a process away longer loads its read models afresh. */
export const RETENTION_MS = 30 * 60 * 1000;

/** A second, as `2026-11-27T23:59:01`. */
export const secondOf = (at: number) => new Date(at).toISOString().slice(0, 19);

const changeId = (second: string, n: number) => `${second}#${n}`;

export const changeModel = (connection: Connection) => storedModel<Change>(connection, 'changes');
const counterModel = (connection: Connection) => storedModel<{ count: number }>(connection, 'change_counters');

/** Appends changes: numbers them in the counter of the current second, then stores each. */
export async function appendChanges(db: Connection, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const second = secondOf(Date.now());
  const counter = await counterModel(db)
    .findOneAndUpdate({ _id: second }, { $inc: { count: changes.length } }, { upsert: true, returnDocument: 'after' })
    .lean();
  const first = counter!.count - changes.length + 1;
  await changeModel(db).collection.insertMany(
    changes.map((change, i) => ({ _id: changeId(second, first + i), ...change })) as never[],
  );
}

/** How long a numbered change may be missing (its writer between counting and storing it) before it is passed. */
const GRACE_MS = 10_000;

/** Reads the feed for one process: remembers, per second, up to which number it has read. */
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
        const count = counters[i]?.count ?? 0;
        let next = this.next.get(second) ?? 1;
        if (next > count) return;
        const ids = Array.from({ length: count - next + 1 }, (_, k) => changeId(second, next + k));
        const changes = await Promise.all(ids.map((id) => changeModel(this.db).findById(id).lean()));
        const settled = Date.parse(`${second}Z`) < Date.now() - GRACE_MS;
        for (const change of changes) {
          if (!change && !settled) break;
          if (change) found.push({ kind: change.kind, entry: change.entry } as Change);
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
