import { createHash } from 'node:crypto';
import { heartbeat, log } from '@temporalio/activity';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { workplaceKey } from '../models/application-dossier';
import { dayInBrussels } from '../models/dates';
import { type Policy, readPolicy } from '../models/policy';
import type { Recognition } from '../models/recognition';
import { INITIAL_RHYTHM } from '../models/recognition-rules';
import {
  type ImportError,
  MAX_KEPT_ERRORS,
  checkRow,
  firstCheckAfterImport,
  type ImportRow,
  importedRecognition,
  lineError,
} from '../models/recognition-import';
import { refusal } from '../models/problem-codes';
import { workplaceClaimModel } from '../store/applications';
import { partnershipModel, trainingModel } from '../store/catalogue';
import { type ImportCursor, importModel, readImportRows } from '../store/imports';
import { recognitionModel, writeRecognition } from '../store/recognitions';
import { insertIfAbsent } from '../store/stored-model';
import {
  RECOGNITION_WORKFLOW,
  type RecognitionWorkflow,
  recognitionWorkflowId,
} from '../workflows/recognition-lifecycle.messages';

export interface ImportCounts {
  imported: number;
  skipped: number;
  failed: number;
}

export interface ImportBatchInput {
  importId: string;
  /** This batch's number from 0: its counts and errors are recorded once, however often it runs. */
  batch: number;
  cursor: ImportCursor;
  /** The counts before this batch. */
  counts: ImportCounts;
  /** Errors the import keeps so far (it keeps the first MAX_KEPT_ERRORS). */
  kept: number;
  size: number;
}

export interface ImportBatchResult {
  cursor: ImportCursor;
  done: boolean;
  counts: ImportCounts;
  kept: number;
}

/** Rows of a batch at work at once: the import goes on beside the running system, not over it. */
const ROWS_AT_ONCE = 4;

type RowOutcome = 'imported' | 'skipped' | ImportError[];

/** Reads each key once for a batch: a catalogue entry many rows share. */
function readOnce<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const found = new Map<string, Promise<T>>();
  return (key) => {
    if (!found.has(key)) found.set(key, read(key));
    return found.get(key)!;
  };
}

/**
 * The recognition's id, the same for the same workplace and period in every import: importing
 * the row again finds it and changes nothing.
 */
function importedRecognitionId(row: Pick<ImportRow, 'establishmentNumber' | 'trainingCode' | 'validFrom'>): string {
  const hex = createHash('sha256').update(`import|${row.establishmentNumber}|${row.trainingCode}|${row.validFrom}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The rows' outcomes added to the import's counts, with the refused rows' errors. */
function tally(outcomes: RowOutcome[], before: ImportBatchInput['counts']) {
  const counts = { ...before };
  const errors: ImportError[] = [];
  for (const outcome of outcomes) {
    if (outcome === 'imported') counts.imported += 1;
    else if (outcome === 'skipped') counts.skipped += 1;
    else {
      counts.failed += 1;
      errors.push(...outcome);
    }
  }
  return { counts, errors };
}

/**
 * Starts an imported recognition's workflow, carried as if its lifecycle had run since
 * validFrom: the next check in the policy's rhythm from that day, renewal and expiry from
 * validUntil. Started before (a retried batch): left as it runs.
 */
async function startLifecycle(settings: { temporal: Client; taskQueue: string }, recognition: Recognition, nextCheck: Date) {
  try {
    await settings.temporal.workflow.start<RecognitionWorkflow>(RECOGNITION_WORKFLOW, {
      workflowId: recognitionWorkflowId(recognition.id),
      taskQueue: settings.taskQueue,
      args: [
        { recognition, carried: { checks: [], nextCheckAt: nextCheck.getTime(), rhythm: INITIAL_RHYTHM, lastCheckOk: true } },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

export function importActivities(db: Connection, settings: { temporal: Client; taskQueue: string }) {
  const imports = importModel(db);
  const recognitions = recognitionModel(db);
  const claims = workplaceClaimModel(db);
  const trainings = trainingModel(db);
  const partnerships = partnershipModel(db);

  /** One row: a recognition with its lifecycle, or why not. Idempotent for the same import and line. */
  async function importRow(
    values: Record<string, string>,
    line: number,
    context: {
      importId: string;
      now: Date;
      policyOf: (partnershipId: string) => Promise<Policy>;
      training: (code: string) => Promise<string | undefined>;
    },
  ): Promise<RowOutcome> {
    const checked = checkRow(values, line, dayInBrussels(context.now));
    if (checked.errors) return checked.errors;
    const { row } = checked;
    const partnershipId = await context.training(row.trainingCode);
    if (!partnershipId) {
      const { trainingCode } = row;
      const message = `unknown training ${trainingCode}; see GET /api/v1/trainings`;
      return [lineError(line, refusal('trainingCode', 'unknown-training', message, { trainingCode }))];
    }
    const importedAt = context.now.toISOString();
    const recognition = importedRecognition(row, {
      id: importedRecognitionId(row),
      source: `import:${context.importId}:${line}`,
      partnershipId,
      importedAt,
    });
    const existing = await recognitions.findById(recognition.id).lean();
    // Taken over before (another import, or another line of this file): nothing changes.
    if (existing && existing.applicationId !== recognition.applicationId) return 'skipped';

    const key = workplaceKey(row.establishmentNumber, row.trainingCode);
    if (!(await insertIfAbsent(claims, { _id: key, owner: recognition.id, ownerKind: 'recognition', claimedAt: importedAt }))) {
      const claim = await claims.findById(key).lean();
      if (claim && claim.owner !== recognition.id) {
        const { owner: id, ownerKind: holder } = claim;
        const message = `this workplace already has ${holder === 'application' ? 'an open application' : 'the recognition'} ${id} in Erkend`;
        return [lineError(line, refusal('establishmentNumber', 'workplace-taken', message, { holder, id }))];
      }
    }
    const policy = await context.policyOf(partnershipId);
    const nextCheck = firstCheckAfterImport(row.validFrom, context.now, policy);
    // This row's own recognition found (a retried batch) is fed should its first write have been cut off.
    await writeRecognition(db, { ...recognition, nextQualityCheckDue: nextCheck.toISOString() }, { onlyIfAbsent: true });
    await startLifecycle(settings, recognition, nextCheck);
    return 'imported';
  }

  return {
    /**
     * Imports the next rows of an import's file and records their counts and first errors on
     * the import. A retry redoes the rows (each idempotent) and records the batch only once.
     */
    async importRecognitionBatch(input: ImportBatchInput): Promise<ImportBatchResult> {
      const stored = await imports.findById(input.importId).lean();
      if (!stored) throw new Error(`import ${input.importId} not found`);
      const { rows, done } = await readImportRows(db, stored, input.cursor, input.size);
      const now = new Date();
      const context = {
        importId: input.importId,
        now,
        policyOf: readOnce((id) =>
          partnerships
            .findById(id)
            .lean()
            .then((p) => readPolicy(id, p?.policy)),
        ),
        training: readOnce((code) =>
          trainings
            .findById(code)
            .lean()
            .then((t) => t?.partnershipId),
        ),
      };
      const outcomes: RowOutcome[] = new Array(rows.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(ROWS_AT_ONCE, rows.length) }, async () => {
          for (let i = next++; i < rows.length; i = next++) {
            outcomes[i] = await importRow(rows[i]!.values, rows[i]!.line, context);
            // Alive: a batch whose worker stopped is retried elsewhere within the heartbeat timeout.
            heartbeat();
          }
        }),
      );
      const { counts, errors } = tally(outcomes, input.counts);
      const keep = errors.slice(0, Math.max(0, MAX_KEPT_ERRORS - input.kept));
      await imports.updateOne(
        { _id: input.importId, batches: input.batch },
        {
          $set: {
            ...counts,
            batches: input.batch + 1,
            ...(done ? { status: 'done', finishedAt: new Date().toISOString() } : {}),
          },
          ...(keep.length ? { $push: { errors: { $each: keep } } } : {}),
        },
      );
      log.info('import batch done', { importId: input.importId, batch: input.batch, rows: rows.length, ...counts });
      return { cursor: rows.at(-1)?.cursor ?? input.cursor, done, counts, kept: input.kept + keep.length };
    },

    /** Marks an import that cannot go on, with why. */
    async failImport({ importId, reason }: { importId: string; reason: string }): Promise<void> {
      await imports.updateOne(
        { _id: importId },
        { $set: { status: 'failed', failure: reason, finishedAt: new Date().toISOString() } },
      );
    },
  };
}
