import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { IMPORT_COLUMNS, type ImportView, headerErrors, importView, lineError } from '../models/recognition-import';
import { ImportFileTooLarge, type StoredImport, deleteImportFile, importModel, storeImportFile } from '../store/imports';
import type { recognitionImportWorkflow } from '../workflows/recognition-import';
import { RECOGNITION_IMPORT_WORKFLOW, recognitionImportWorkflowId } from '../workflows/recognition-import.messages';
import { FieldRefusal, refusal } from '../models/problem-codes';
import { Problem, fieldRefusal, notFound } from './problem';
import type { Routes } from './routes';
import { UPLOAD_TIMEOUT_RESPONSE } from './server';
import type { TemporalCalls } from './temporal-calls';
import { readMultipart, uploadProblem } from './uploads';

// The bulk import of the recognitions that exist today (admin): the CSV is stored as sent and
// imported by a workflow in batches (workflows/recognition-import.ts); its progress is read here.

const CSV_EXAMPLE = [
  IMPORT_COLUMNS.join(','),
  '0403.170.701,2.123.456.791,ruwbouw-duaal,Bouwbedrijf Janssens,Kerkstraat 1,9000,Gent,2,2024-09-01,2029-08-31,An De Vries,an@devries.example',
].join('\n');

const toView = ({ _id, fileId: _f, header: _h, dataStart: _d, size: _s, batches: _b, ...fields }: StoredImport): ImportView =>
  importView.parse({ id: _id, ...fields });

type StoredFile = Awaited<ReturnType<typeof storeImportFile>>;

interface ImportStart {
  db: Connection;
  taskQueue: string;
  start: (start: (client: Client) => Promise<unknown>) => Promise<unknown>;
}

/** Streams the CSV into the store; nothing is kept of a file refused or cut off. */
async function storeImport(db: Connection, source: Readable, fileName: string): Promise<StoredFile> {
  try {
    return await storeImportFile(db, source, fileName);
  } catch (error) {
    if (error instanceof ImportFileTooLarge) throw new Problem(413, 'Content Too Large', error.message);
    throw error;
  }
}

/**
 * Starts the import of a stored file; the header and a file that is no CSV are refused at once
 * (Problem 400 naming the column or line), nothing kept of them.
 */
async function beginImport(deps: ImportStart, stored: StoredFile, options: { fileName?: string; startedBy: string }) {
  const { unreadable } = stored;
  const refused = unreadable
    ? [lineError(unreadable.line, refusal(unreadable.path, 'unreadable-csv', unreadable.message))]
    : headerErrors(stored.header);
  if (refused.length > 0) {
    await deleteImportFile(deps.db, stored.fileId);
    throw new Problem(
      400,
      'Bad Request',
      unreadable
        ? 'The file is not a readable CSV'
        : `The header must name the columns ${IMPORT_COLUMNS.join(',')} (in any order)`,
      refused.map(
        ({ line, path, message, code, params }) =>
          new FieldRefusal(path || `line ${line}`, `line ${line}: ${message}`, code, params),
      ),
    );
  }
  const id = randomUUID();
  const doc: StoredImport = {
    _id: id,
    status: 'running',
    total: stored.total,
    imported: 0,
    skipped: 0,
    failed: 0,
    errors: [],
    ...(options.fileName ? { fileName: options.fileName.slice(0, 200) } : {}),
    startedAt: new Date().toISOString(),
    startedBy: options.startedBy,
    fileId: stored.fileId,
    header: stored.header,
    dataStart: stored.dataStart,
    size: stored.size,
    batches: 0,
  };
  await importModel(deps.db).create(doc);
  await deps.start((client) =>
    client.workflow.start<typeof recognitionImportWorkflow>(RECOGNITION_IMPORT_WORKFLOW, {
      workflowId: recognitionImportWorkflowId(id),
      taskQueue: deps.taskQueue,
      args: [{ importId: id, cursor: { byte: stored.dataStart, line: 1 } }],
    }),
  );
  return toView(doc);
}

/** Stores the file and starts its import. The API and `npm run import` start imports alike. */
export async function startRecognitionImport(
  deps: ImportStart,
  source: Readable,
  options: { fileName?: string; startedBy: string },
): Promise<ImportView> {
  return beginImport(deps, await storeImport(deps.db, source, options.fileName ?? 'import.csv'), options);
}

export async function readImport(db: Connection, id: string): Promise<ImportView | undefined> {
  const found = await importModel(db).findById(id).lean();
  return found ? toView(found as StoredImport) : undefined;
}

export function importRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls; taskQueue: string }) {
  const start = { ...deps, start: (fn: (client: Client) => Promise<unknown>) => deps.calls.call(fn) };

  const create = routes.add({
    method: 'post',
    path: '/api/v1/imports',
    summary:
      'Import existing recognitions from a CSV (admin): each valid row becomes an active recognition with its lifecycle, as if approved on validFrom',
    tag: 'Operations',
    roles: ['admin'],
    query: z
      .object({ fileName: z.string().trim().min(1).max(200).optional().describe('The file’s name, to recognise the import by') })
      .strict(),
    streamed: {
      contentType: 'text/csv',
      schema: z.string().meta({
        description: `UTF-8 CSV with a header row naming the columns ${IMPORT_COLUMNS.join(', ')}; dates as YYYY-MM-DD; at most 200 MB`,
      }),
      example: CSV_EXAMPLE,
    },
    responses: {
      202: { description: 'Accepted: the import runs; follow it at its Location', schema: z.object({ id: z.string() }) },
      400: {
        description:
          'The header lacks or misnames a column, or the file is no readable CSV (errors name the column or line), or the body was cut off before its end (`malformed`)',
      },
      408: UPLOAD_TIMEOUT_RESPONSE,
      415: { description: 'The body is not text/csv' },
    },
    handler: async ({ principal, request, query }) => {
      const startedBy = principal.sub;
      let stored: StoredFile & { fileName?: string };
      if (request?.is('text/csv')) {
        const file = await storeImport(deps.db, request, query.fileName ?? 'import.csv').catch((error: unknown) => {
          throw uploadProblem(error);
        });
        stored = { ...file, fileName: query.fileName };
      }
      // A page's upload form: the CSV as its `file` part. The import starts once the whole
      // body has come, so that a body cut off after the file starts none.
      else if (request?.is('multipart/form-data')) {
        const form = await readMultipart(request, {
          limits: { files: 1, parts: 3 },
          requireFileName: true,
          store: async (part, info) => {
            const fileName = query.fileName ?? info.filename ?? 'import.csv';
            return { ...(await storeImport(deps.db, part, fileName)), fileName };
          },
          discard: (file) => deleteImportFile(deps.db, file.fileId),
        });
        if (!form.file) throw fieldRefusal('file', 'file-required', 'is required');
        stored = form.file;
      } else
        throw new Problem(415, 'Unsupported Media Type', 'Send the CSV as text/csv (or as the file part of multipart/form-data)');
      const started = await beginImport(start, stored, { fileName: stored.fileName, startedBy });
      return { status: 202, body: { id: started.id }, headers: { Location: `/api/v1/imports/${started.id}` } };
    },
  });

  const list = routes.add({
    method: 'get',
    path: '/api/v1/imports',
    summary: 'The latest imports, newest first (admin)',
    tag: 'Operations',
    roles: ['admin'],
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
    responses: { 200: { description: 'Newest first, without their errors', schema: z.array(importView) } },
    handler: async ({ query }) => {
      // Few documents (one per import): sorted by the store without an index.
      const found = await importModel(deps.db).find({}, { errors: 0 }).sort({ startedAt: -1 }).limit(query.limit).lean();
      return { status: 200, body: found.map((doc) => toView({ ...(doc as unknown as StoredImport), errors: [] })) };
    },
  });

  const get = routes.add({
    method: 'get',
    path: '/api/v1/imports/:id',
    summary: 'An import’s progress: rows imported, skipped (already there) and failed, with the errors by line (admin)',
    tag: 'Operations',
    roles: ['admin'],
    params: z.object({ id: z.string().trim().min(1).max(80) }),
    responses: { 200: { description: 'The import as it stands', schema: importView } },
    handler: async ({ params }) => {
      const found = await readImport(deps.db, params.id);
      if (!found) throw notFound(`No import ${params.id}`);
      return { status: 200, body: found };
    },
  });

  return { create, list, get };
}
