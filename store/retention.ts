import type { Connection } from 'mongoose';
import type { ApplicationDossier } from '../models/application-dossier';
import type { QualityCheck } from '../models/quality-check';
import { toRecognitionView } from '../models/recognition';
import {
  type DossierFacts,
  type Pseudonymised,
  type RecognitionRetentionFacts,
  RETENTION_SCHEDULE,
  type RetentionCounts,
  pseudonymiseApplication,
  pseudonymiseCheck,
  pseudonymiseRecognition,
  retentionDue,
} from '../models/retention';
import { addDuration } from '../models/duration';
import { applicationModel, replaceErasedApplication } from './applications';
import { deleteDossierDocuments } from './documents';
import { deleteImportFile, importModel } from './imports';
import { deleteNoticesBefore } from './outbox';
import { qualityCheckModel, writeQualityCheck } from './quality-checks';
import { recognitionModel, writeRecognition } from './recognitions';
import { deleteExpiredSessions } from './sessions';
import { storedModel } from './stored-model';

// The retention schedule enforced (models/retention.ts says what and when): dossiers whose
// period has passed are found by reading each dossier collection once (no query but by `_id`
// has an index on FerretDB, as for the read models' reconciliation) and pseudonymised through
// their store functions, so that the change feed, the API processes' read models and the next
// snapshot follow; notices, sessions and import files past their period are deleted.

/** A dossier whose personal data is due to go. */
export interface ExpiredDossier {
  kind: 'application' | 'recognition' | 'quality-check';
  id: string;
}

/** Dossiers read from a cursor between two calls of `progress` (a heartbeat). */
const PROGRESS_EVERY = 1_000;

async function* scan<T>(cursor: AsyncIterable<T>, progress: () => void): AsyncGenerator<T> {
  let read = 0;
  for await (const doc of cursor) {
    if (++read % PROGRESS_EVERY === 0) progress();
    yield doc;
  }
}

const RECOGNITION_FACTS = { status: 1, history: 1, validUntilAt: 1, pseudonymisedAt: 1 } as const;
const APPLICATION_FACTS = { status: 1, updatedAt: 1, timeline: 1, recognitionId: 1, pseudonymisedAt: 1 } as const;

type Facts<T> = T & { _id: string; pseudonymisedAt?: string };

/**
 * Up to `limit` dossiers due now that are not pseudonymised yet, and whether there are more: the
 * recognitions first, then the applications (an approved one goes with its recognition) and the
 * quality checks of the recognitions due.
 */
export async function findExpiredDossiers(
  db: Connection,
  now: Date,
  limit: number,
  progress: () => void = () => undefined,
): Promise<{ items: ExpiredDossier[]; more: boolean }> {
  const items: ExpiredDossier[] = [];
  const full = () => items.length >= limit;
  // Every recognition due, pseudonymised or not: its application and checks follow it.
  const due = new Set<string>();
  const recognitions = recognitionModel(db).find({}, RECOGNITION_FACTS).lean().cursor();
  for await (const r of scan(recognitions, progress)) {
    const facts = r as unknown as Facts<RecognitionRetentionFacts>;
    if (!retentionDue({ type: 'recognition', recognition: facts }, now)) continue;
    due.add(facts._id);
    if (!facts.pseudonymisedAt) items.push({ kind: 'recognition', id: facts._id });
    if (full()) return { items, more: true };
  }
  const applications = applicationModel(db).find({}, APPLICATION_FACTS).lean().cursor();
  for await (const a of scan(applications, progress)) {
    const facts = a as unknown as Facts<ApplicationDossier>;
    if (facts.pseudonymisedAt) continue;
    const isDue =
      facts.status === 'approved'
        ? Boolean(facts.recognitionId && due.has(facts.recognitionId))
        : retentionDue({ type: 'application', application: facts }, now);
    if (isDue) items.push({ kind: 'application', id: facts._id });
    if (full()) return { items, more: true };
  }
  const checks = qualityCheckModel(db).find({}, { recognitionId: 1, pseudonymisedAt: 1 }).lean().cursor();
  for await (const c of scan(checks, progress)) {
    const facts = c as unknown as Facts<Pick<QualityCheck, 'recognitionId'>>;
    if (!facts.pseudonymisedAt && due.has(facts.recognitionId)) items.push({ kind: 'quality-check', id: facts._id });
    if (full()) return { items, more: true };
  }
  return { items, more: false };
}

/** The facts the rules read of a dossier, read by `_id` (an approved application with its recognition). */
export async function dossierFacts(db: Connection, kind: ExpiredDossier['kind'], id: string): Promise<DossierFacts | undefined> {
  const recognition = async (recognitionId: string | undefined) =>
    recognitionId ? ((await recognitionModel(db).findById(recognitionId, RECOGNITION_FACTS).lean()) ?? undefined) : undefined;
  if (kind === 'recognition') {
    const found = await recognition(id);
    return found && { type: 'recognition', recognition: found as RecognitionRetentionFacts };
  }
  if (kind === 'quality-check') {
    const check = await qualityCheckModel(db).findById(id, { recognitionId: 1 }).lean();
    const found = await recognition(check?.recognitionId);
    return found && { type: 'recognition', recognition: found as RecognitionRetentionFacts };
  }
  const application = await applicationModel(db).findById(id, APPLICATION_FACTS).lean();
  if (!application) return undefined;
  const founded = application.status === 'approved' ? await recognition(application.recognitionId) : undefined;
  return { type: 'application', application, ...(founded ? { recognition: founded as RecognitionRetentionFacts } : {}) };
}

/**
 * Pseudonymises one dossier found due, if it still is (read again by `_id`), with an
 * application's uploaded documents; retry-safe (a dossier pseudonymised is not written again).
 */
export async function pseudonymiseExpired(db: Connection, item: ExpiredDossier, now: Date): Promise<Partial<RetentionCounts>> {
  const facts = await dossierFacts(db, item.kind, item.id);
  if (!facts || !retentionDue(facts, now)) return {};
  const at = now.toISOString();
  const pending = <T extends object>(doc: T | null): doc is T => doc !== null && !(doc as Pseudonymised).pseudonymisedAt;
  if (item.kind === 'recognition') {
    const stored = await recognitionModel(db).findById(item.id).lean();
    if (!pending(stored)) return {};
    await writeRecognition(db, pseudonymiseRecognition(toRecognitionView(stored), at), { onlyIfAbsent: false });
    return { recognitions: 1 };
  }
  if (item.kind === 'quality-check') {
    const stored = await qualityCheckModel(db).findById(item.id).lean();
    if (!pending(stored)) return {};
    const { _id, savedAt: _saved, ...check } = stored;
    await writeQualityCheck(db, pseudonymiseCheck({ ...check, id: _id }, at));
    return { qualityChecks: 1 };
  }
  const stored = await applicationModel(db).findById(item.id).lean();
  if (!pending(stored)) return {};
  // The files first: a dossier marked pseudonymised is not looked at again.
  const documents = await deleteDossierDocuments(db, item.id);
  await replaceErasedApplication(db, pseudonymiseApplication(stored, at));
  return { applications: 1, documents };
}

/** The moment `iso` before `now` (a period counted back from today). */
const ago = (now: Date, iso: string) => new Date(2 * now.getTime() - addDuration(now, iso).getTime());

/** Deletes the notices, sessions and import files past their period. */
export async function deleteExpiredRecords(db: Connection, now: Date): Promise<Partial<RetentionCounts>> {
  const notices = await deleteNoticesBefore(db, ago(now, RETENTION_SCHEDULE.notices.period!));
  const sessions = await deleteExpiredSessions(db, now);
  // A few documents (one per import), read whole by a filter without an index.
  const cutoff = ago(now, RETENTION_SCHEDULE['import-files'].period!).toISOString();
  const imports = await importModel(db)
    .find({ finishedAt: { $lt: cutoff }, fileErasedAt: { $exists: false } }, { fileId: 1 })
    .limit(100)
    .lean();
  for (const { _id, fileId } of imports) {
    await deleteImportFile(db, fileId);
    await importModel(db).updateOne({ _id }, { $set: { fileErasedAt: now.toISOString() } });
  }
  return { notices, sessions, importFiles: imports.length };
}

/** A retention run as it is recorded: when, and what it did. */
export interface RetentionRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  counts: RetentionCounts;
}

const runModel = (db: Connection) => storedModel<Omit<RetentionRun, 'id'>>(db, 'retention_runs');

/** Records a run (once, however often it is written). */
export async function recordRetentionRun(db: Connection, { id, ...run }: RetentionRun): Promise<void> {
  await runModel(db).replaceOne({ _id: id }, run, { upsert: true });
}

/** The latest runs, newest first: one document a day, sorted by the store without an index. */
export async function latestRetentionRuns(db: Connection, limit: number): Promise<RetentionRun[]> {
  const found = await runModel(db).find({}).sort({ startedAt: -1 }).limit(limit).lean();
  return found.map(({ _id, ...run }) => ({ id: _id, ...run }));
}
