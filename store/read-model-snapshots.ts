import type { Connection } from 'mongoose';
import type { Change } from './changes';
import { insertIfAbsent, storedModel } from './stored-model';

// A compact copy of the API's read models, written every few minutes, so that an API process
// starts from it and the change feed since (seconds) instead of reading every dossier (minutes
// at hundreds of thousands). Chunks and a manifest, each read and written by `_id`; the manifest
// is written last, so a reader never sees a half-written snapshot.

const CHUNK = 10_000;
const MANIFEST = 'manifest';

type Entry = Change['entry'];

interface SnapshotDocument {
  takenAt: number;
  kind?: Change['kind'];
  /** The chunk's entries as one JSON text: one string is read and parsed far faster than thousands of nested documents. */
  entries?: string;
  chunks?: string[];
}

export function snapshotModel(connection: Connection) {
  return storedModel<SnapshotDocument>(connection, 'read_model_snapshots');
}

/**
 * Claims the turn to write the next snapshot for `forMs`: of the API processes, one writes it
 * (a single-document update on the lease), the others skip until the lease has run out.
 */
export async function claimSnapshotTurn(db: Connection, holder: string, forMs: number): Promise<boolean> {
  const leases = storedModel<{ holder: string; until: number }>(db, 'read_model_snapshot_lease');
  const now = Date.now();
  await insertIfAbsent(leases, { _id: 'lease', holder: '', until: 0 });
  const claimed = await leases.updateOne({ _id: 'lease', until: { $lt: now } }, { $set: { holder, until: now + forMs } });
  return claimed.modifiedCount === 1;
}

/** Writes a snapshot of entries by kind, then switches the manifest to it and drops the old one. */
export async function writeSnapshot(db: Connection, takenAt: number, entries: Array<{ kind: Change['kind']; entries: Entry[] }>) {
  const snapshots = snapshotModel(db);
  const previous = await snapshots.findById(MANIFEST).lean();
  const chunks: string[] = [];
  for (const { kind, entries: all } of entries) {
    for (let offset = 0; offset < all.length; offset += CHUNK) {
      const id = `${takenAt}:${kind}:${offset / CHUNK}`;
      await snapshots.replaceOne(
        { _id: id },
        { takenAt, kind, entries: JSON.stringify(all.slice(offset, offset + CHUNK)) },
        { upsert: true },
      );
      chunks.push(id);
    }
  }
  await snapshots.replaceOne({ _id: MANIFEST }, { takenAt, chunks }, { upsert: true });
  for (const id of previous?.chunks ?? []) if (!chunks.includes(id)) await snapshots.deleteOne({ _id: id });
}

/** The latest snapshot's changes (one per entry) and when it was taken; undefined when there is none. */
export async function readSnapshot(db: Connection): Promise<{ takenAt: number; changes: Change[] } | undefined> {
  const snapshots = snapshotModel(db);
  const manifest = await snapshots.findById(MANIFEST).lean();
  if (!manifest?.chunks) return undefined;
  const changes: Change[] = [];
  for (const id of manifest.chunks) {
    const chunk = await snapshots.findById(id).lean();
    // A chunk gone (a newer snapshot replaced this one meanwhile): read afresh instead.
    if (!chunk?.kind || !chunk.entries) return undefined;
    for (const entry of JSON.parse(chunk.entries) as Entry[]) changes.push({ kind: chunk.kind, entry } as Change);
  }
  return { takenAt: manifest.takenAt, changes };
}
