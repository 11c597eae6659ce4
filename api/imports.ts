import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { IMPORT_COLUMNS, type ImportView, headerErrors, importView } from '../models/recognition-import';
import { ImportFileTooLarge, type StoredImport, deleteImportFile, importModel, storeImportFile } from '../store/imports';
import type { recognitionImportWorkflow } from '../workflows/recognition-import';
import { RECOGNITION_IMPORT_WORKFLOW, recognitionImportWorkflowId } from '../workflows/recognition-import.messages';
import { Problem, fieldProblem, notFound } from './problem';
import type { Routes } from './routes';
import type { TemporalCalls } from './temporal-calls';

// The bulk import of the recognitions that exist today (admin): the CSV is stored as sent and
// imported by a workflow in batches (workflows/recognition-import.ts); its progress is read here.

const CSV_EXAMPLE = [
  IMPORT_COLUMNS.join(','),
  '0403.170.701,2.123.456.791,ruwbouw-duaal,Bouwbedrijf Janssens,Kerkstraat 1,9000,Gent,2,2024-09-01,2029-08-31,An De Vries,an@devries.example',
].join('\n');

const toView = ({ _id, fileId: _f, header: _h, dataStart: _d, size: _s, batches: _b, ...fields }: StoredImport): ImportView =>
  importView.parse({ id: _id, ...fields });

/**
 * Stores the file and starts its import; the header and a file that is no CSV are refused at
 * once (Problem 400 naming the column or line), nothing kept of them. The API and
 * `npm run import` start imports alike.
 */
export async function startRecognitionImport(
  deps: { db: Connection; taskQueue: string; start: (start: (client: Client) => Promise<unknown>) => Promise<unknown> },
  source: Readable,
  options: { fileName?: string; startedBy: string },
): Promise<ImportView> {
  let stored: Awaited<ReturnType<typeof storeImportFile>>;
  try {
    stored = await storeImportFile(deps.db, source, options.fileName ?? 'import.csv');
  } catch (error) {
    if (error instanceof ImportFileTooLarge) throw new Problem(413, 'Content Too Large', error.message);
    throw error;
  }
  const refused = stored.unreadable ? [stored.unreadable] : headerErrors(stored.header);
  if (refused.length > 0) {
    await deleteImportFile(deps.db, stored.fileId);
    throw new Problem(
      400,
      'Bad Request',
      stored.unreadable
        ? 'The file is not a readable CSV'
        : `The header must name the columns ${IMPORT_COLUMNS.join(',')} (in any order)`,
      refused.map(({ line, path, message }) => ({ path: path || `line ${line}`, message: `line ${line}: ${message}` })),
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

/** The `file` part of an upload form, as a stream; the import stores it as it arrives. */
function filePart(request: Request, take: (file: Readable, name: string) => Promise<ImportView>): Promise<ImportView> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, parts: 3 } });
    } catch (error) {
      reject(new Problem(400, 'Bad Request', `The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    let taken: Promise<ImportView> | undefined;
    parser.on('file', (name, file, info) => {
      // A form sent without a file chosen has an empty part: no file.
      if (name !== 'file' || taken || !info.filename) return file.resume();
      taken = take(file, info.filename);
      taken.catch(() => file.resume());
    });
    parser.on('error', (error: Error) =>
      reject(new Problem(400, 'Bad Request', `The multipart body cannot be read: ${error.message}`)),
    );
    parser.on('close', () => (taken ? taken.then(resolve, reject) : reject(fieldProblem('file', 'is required'))));
    request.pipe(parser);
  });
}

export async function readImport(db: Connection, id: string): Promise<ImportView | undefined> {
  const found = await importModel(db).findById(id).lean();
  return found ? toView(found as StoredImport) : undefined;
}

export function importRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls; taskQueue: string }) {
  const start = { ...deps, start: (fn: (client: Client) => Promise<unknown>) => deps.calls.call(fn) };

  routes.add({
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
        description: 'The header lacks or misnames a column, or the file is no readable CSV (errors name the column or line)',
      },
      415: { description: 'The body is not text/csv' },
    },
    handler: async ({ principal, request, query }) => {
      const startedBy = principal.sub;
      let started: ImportView;
      if (request?.is('text/csv'))
        started = await startRecognitionImport(start, request, { fileName: query.fileName, startedBy });
      // A page's upload form: the CSV as its `file` part.
      else if (request?.is('multipart/form-data'))
        started = await filePart(request, (file, fileName) =>
          startRecognitionImport(start, file, { fileName: query.fileName ?? fileName, startedBy }),
        );
      else
        throw new Problem(415, 'Unsupported Media Type', 'Send the CSV as text/csv (or as the file part of multipart/form-data)');
      return { status: 202, body: { id: started.id }, headers: { Location: `/api/v1/imports/${started.id}` } };
    },
  });

  routes.add({
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

  routes.add({
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
}
