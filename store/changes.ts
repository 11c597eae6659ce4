import type { Connection } from 'mongoose';
import type { ApplicationEntry, CheckEntry, RecognitionEntry } from '../models/read-models';
import { storedModel } from './stored-model';

// The change feed: every write of a dossier appends the fields its lists and the register need
// to the bucket of the second it was written in; every API process reads the buckets of the
// seconds since it last looked, each by `_id` (api/read-models.ts). Reading costs the same
// whatever was written before, on MongoDB and on FerretDB, which would scan a range query.

export type Change =
  | { kind: 'recognition'; entry: RecognitionEntry }
  | { kind: 'application'; entry: ApplicationEntry }
  | { kind: 'check'; entry: CheckEntry };

/** How long buckets are kept: a process that was away longer loads its read models afresh. */
export const RETENTION_MS = 60 * 60 * 1000;

/** The bucket of a moment: its second, as `2026-11-27T23:59:01`. */
export const bucketKey = (at: number) => new Date(at).toISOString().slice(0, 19);

export function changeBucketModel(connection: Connection) {
  return storedModel<{ changes: Change[] }>(connection, 'change_buckets');
}

/**
 * Appends changes to the bucket of now, in one single-document update. A retried write appends
 * them again, which is harmless: a reader keeps the newest copy of each dossier.
 */
export async function appendChanges(db: Connection, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await changeBucketModel(db).updateOne(
    { _id: bucketKey(Date.now()) },
    { $push: { changes: { $each: changes } } },
    { upsert: true },
  );
}

/** The changes written in the seconds from `from` to `to` (milliseconds), bucket by bucket. */
export async function changesBetween(db: Connection, from: number, to: number): Promise<Change[]> {
  const keys: string[] = [];
  for (let at = from - (from % 1000); at <= to; at += 1000) keys.push(bucketKey(at));
  const buckets = changeBucketModel(db);
  const found = await Promise.all(keys.map((key) => buckets.findById(key).lean()));
  return found.flatMap((bucket) => bucket?.changes ?? []);
}

/** Drops buckets older than the retention. */
export async function trimChanges(db: Connection, now: number): Promise<void> {
  await changeBucketModel(db).deleteMany({ _id: { $lt: bucketKey(now - RETENTION_MS) } });
}
