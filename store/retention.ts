import type { Connection } from 'mongoose';
import type { ApplicationDossier } from '../models/application-dossier';
import { pseudonymisePlan } from '../models/improvement-plan';
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
  periodBefore,
  retentionDue,
} from '../models/retention';
import { EVALUATION_MOMENTS } from '../models/placement-evaluation';
import {
  type PlacementRetentionFacts,
  feedbackLinksExpiredBefore,
  placementRetentionDue,
  pseudonymisePlacement,
  searchingLearnersGoneBefore,
} from '../models/placement-retention';
import { applicationModel, replaceErasedApplication } from './applications';
import { deleteDossierDocuments } from './documents';
import { deleteImportFile, importModel } from './imports';
import { feedbackLinkModel, learnerFeedbackModel } from './learner-feedback';
import { deleteNoticesBefore } from './outbox';
import { type StoredPlacement, placementEvaluationModel, placementModel, writePlacement } from './placements';
import { improvementPlanModel, toImprovementPlan, writeImprovementPlan } from './improvement-plans';
import { qualityCheckModel, writeQualityCheck } from './quality-checks';
import { recognitionModel, writeRecognition } from './recognitions';
import { searchingLearnerModel } from './searching-learners';
import { deleteExpiredSessions } from './sessions';
import { storedModel } from './stored-model';

// The retention schedule enforced (models/retention.ts says what and when): dossiers whose
// period has passed are found by reading each dossier collection once (no query but by `_id`
// has an index on FerretDB, as for the read models' reconciliation) and pseudonymised through
// their store functions, so that the change feed, the API processes' read models and the next
// snapshot follow (placements too, by their own end); notices, sessions, import files, feedback
// links and learners no longer searching are deleted past their period.

/** A dossier whose personal data is due to go. */
export interface ExpiredDossier {
  kind: 'application' | 'recognition' | 'quality-check' | 'improvement-plan' | 'placement';
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
const PLACEMENT_FACTS = { status: 1, answeredAt: 1, answerDue: 1, endedOn: 1, pseudonymisedAt: 1 } as const;
const APPLICATION_FACTS = { status: 1, updatedAt: 1, timeline: 1, recognitionId: 1, pseudonymisedAt: 1 } as const;

type Facts<T> = T & { _id: string; pseudonymisedAt?: string };

/**
 * Up to `limit` dossiers due now that are not pseudonymised yet, and whether there are more: the
 * recognitions first, then the applications (an approved one goes with its recognition) and the
 * quality checks and improvement plans of the recognitions due.
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
  const plans = improvementPlanModel(db).find({}, { recognitionId: 1, pseudonymisedAt: 1 }).lean().cursor();
  for await (const p of scan(plans, progress)) {
    const facts = p as unknown as Facts<{ recognitionId: string }>;
    if (!facts.pseudonymisedAt && due.has(facts.recognitionId)) items.push({ kind: 'improvement-plan', id: facts._id });
    if (full()) return { items, more: true };
  }
  // Placements go by their own end, whatever their recognition's (their evaluations and feedback with them).
  const placements = placementModel(db).find({}, PLACEMENT_FACTS).lean().cursor();
  for await (const p of scan(placements, progress)) {
    if (placementRetentionDue(p as PlacementRetentionFacts, now)) items.push({ kind: 'placement', id: p._id });
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
  if (kind === 'quality-check' || kind === 'improvement-plan') {
    // A check and a plan go with their recognition.
    const part =
      kind === 'quality-check'
        ? await qualityCheckModel(db).findById(id, { recognitionId: 1 }).lean()
        : await improvementPlanModel(db).findById(id, { recognitionId: 1 }).lean();
    const found = await recognition(part?.recognitionId);
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
  if (item.kind === 'placement') return pseudonymiseExpiredPlacement(db, item.id, now);
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
  if (item.kind === 'improvement-plan') {
    const stored = await improvementPlanModel(db).findById(item.id).lean();
    if (!pending(stored)) return {};
    await writeImprovementPlan(db, pseudonymisePlan(toImprovementPlan(stored), at));
    return { improvementPlans: 1 };
  }
  const stored = await applicationModel(db).findById(item.id).lean();
  if (!pending(stored)) return {};
  // The files first: a dossier marked pseudonymised is not looked at again.
  const documents = await deleteDossierDocuments(db, item.id);
  await replaceErasedApplication(db, pseudonymiseApplication(stored, at));
  return { applications: 1, documents };
}

/**
 * Pseudonymises a placement found due, if it still is: its evaluations' and learner's comments
 * first (a placement marked pseudonymised is not looked at again), by `_id`, then the placement
 * itself through `writePlacement`, so the lists follow.
 */
async function pseudonymiseExpiredPlacement(db: Connection, id: string, now: Date): Promise<Partial<RetentionCounts>> {
  const stored = await placementModel(db).findById(id).lean<StoredPlacement>();
  if (!stored || !placementRetentionDue(stored, now)) return {};
  await placementEvaluationModel(db).bulkWrite(
    EVALUATION_MOMENTS.map((moment) => ({
      updateOne: { filter: { _id: `${id}:${moment}` }, update: { $unset: { comment: 1 } } },
    })),
    { ordered: false },
  );
  await learnerFeedbackModel(db).updateOne({ _id: id }, { $unset: { comment: 1 } });
  // A write like any other: the lists take it in as newer than what they hold.
  await writePlacement(db, { ...pseudonymisePlacement(stored, now.toISOString()), savedAt: now.toISOString() });
  return { placements: 1 };
}

/** Deletes the notices, sessions, import files and learners' feedback links past their period. */
export async function deleteExpiredRecords(db: Connection, now: Date): Promise<Partial<RetentionCounts>> {
  const notices = await deleteNoticesBefore(db, periodBefore(now, RETENTION_SCHEDULE.notices.period!));
  const sessions = await deleteExpiredSessions(db, now);
  // A few documents (one per import), read whole by a filter without an index.
  const cutoff = periodBefore(now, RETENTION_SCHEDULE['import-files'].period!).toISOString();
  const imports = await importModel(db)
    .find({ finishedAt: { $lt: cutoff }, fileErasedAt: { $exists: false } }, { fileId: 1 })
    .limit(100)
    .lean();
  for (const { _id, fileId } of imports) {
    await deleteImportFile(db, fileId);
    await importModel(db).updateOne({ _id }, { $set: { fileErasedAt: now.toISOString() } });
  }
  const feedbackLinks = (
    await feedbackLinkModel(db).deleteMany({ expiresAt: { $lt: feedbackLinksExpiredBefore(now).toISOString() } })
  ).deletedCount;
  const gone = { $lt: searchingLearnersGoneBefore(now).toISOString() };
  const searchingLearners = (await searchingLearnerModel(db).deleteMany({ $or: [{ placedAt: gone }, { deletedAt: gone }] }))
    .deletedCount;
  return { notices, sessions, importFiles: imports.length, feedbackLinks, searchingLearners };
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
