import type { Connection } from 'mongoose';
import type { ApplicationDossier, TimelineEntry } from '../models/application-dossier';
import { APPLICATION_ENTRY_FIELDS, toApplicationEntry } from '../models/read-models';
import { type Change, appendChanges, feed } from './changes';
import { insertIfAbsent, storedModel } from './stored-model';

// Application dossiers and the claims that keep one open dossier or live recognition per
// workplace (establishment unit + training).

/** Which application or recognition holds a workplace (establishment unit + training). */
export interface WorkplaceClaim {
  owner: string;
  ownerKind: 'application' | 'recognition';
  claimedAt: string;
}

// No secondary index: dossiers are read by `_id`; their lists come from the API's read models.
export function applicationModel(connection: Connection) {
  return storedModel<ApplicationDossier>(connection, 'applications');
}

export function workplaceClaimModel(connection: Connection) {
  return storedModel<WorkplaceClaim>(connection, 'workplace_claims');
}

type StoredApplication = ApplicationDossier & { _id: string };

/** A stored application as its lists hold it. */
const applicationChange = (stored: Parameters<typeof toApplicationEntry>[0]): Change => ({
  kind: 'application',
  entry: toApplicationEntry(stored),
});

/** What a list shows of an application: a step that sets none of these is not fed. */
const LISTED = Object.keys(APPLICATION_ENTRY_FIELDS).filter((field) => field !== '_id' && field !== 'updatedAt');

/** Feeds the application's listing as stored now. */
async function feedStored(db: Connection, id: string) {
  const stored = await applicationModel(db).findById(id).select(APPLICATION_ENTRY_FIELDS).lean();
  if (stored) await feed(db, applicationChange(stored));
}

/** Inserts a new dossier (one inserted before is kept) and feeds its listing; retry-safe. */
export async function insertApplication(db: Connection, dossier: StoredApplication): Promise<void> {
  if (await insertIfAbsent(applicationModel(db), dossier)) await feed(db, applicationChange(dossier));
  else await feedStored(db, dossier._id);
}

/**
 * Appends one timeline entry and sets the fields that step changed (a retry changes nothing),
 * then feeds the listing when the step set a listed field, as the same write answers it (a
 * retry, whose write matched nothing, reads it); retry-safe.
 */
export async function recordApplicationStep(
  db: Connection,
  step: { id: string; entry: TimelineEntry; set?: Partial<ApplicationDossier> },
): Promise<void> {
  const filter = { _id: step.id, 'timeline.id': { $ne: step.entry.id } };
  const update = { $set: { ...step.set, updatedAt: step.entry.at }, $push: { timeline: step.entry } };
  if (!LISTED.some((field) => step.set && field in step.set)) {
    await applicationModel(db).updateOne(filter, update);
    return;
  }
  // Whole: FerretDB 1.x has no projection in findAndModify.
  const written = await applicationModel(db).findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean();
  if (written) await feed(db, applicationChange(written));
  else await feedStored(db, step.id);
}

/**
 * Replaces a closed dossier whole with personal data erased (retention, an erasure request),
 * written now, then feeds its listing; retry-safe. Only for a dossier whose workflow has ended,
 * which would otherwise write its own copy back.
 */
export async function replaceErasedApplication(db: Connection, dossier: StoredApplication): Promise<void> {
  const { _id, ...fields } = dossier;
  await applicationModel(db).replaceOne({ _id }, { ...fields, updatedAt: new Date().toISOString() });
  await feedStored(db, _id);
}

/** Bulk load, bypassing the workflows: for benchmarks. */
export async function loadApplications(db: Connection, dossiers: StoredApplication[]) {
  await applicationModel(db).collection.insertMany(dossiers as never[], { ordered: false });
  await appendChanges(db, dossiers.map(applicationChange));
}
