import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, type Options as CsvOptions, parse } from 'csv-parse';
import type { Connection } from 'mongoose';
import type { ImportError, ImportView } from '../models/recognition-import';
import { fileStore } from './files';
import { storedModel } from './stored-model';

// Imports of recognitions: the CSV file as sent, in the chunk store (streamed in, read back in
// batches from a byte offset), and one document per import keyed by its id, read by `_id`,
// with its counts and the first errors.

export const IMPORT_FILES = 'recognition_import';

/** The largest CSV an import takes: 250,000 rows of a few hundred bytes, with room. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export interface StoredImport extends Omit<ImportView, 'id'> {
  _id: string;
  fileId: string;
  header: string[];
  /** Where the first data row starts in the file, and its size. */
  dataStart: number;
  size: number;
  /** Batches whose counts and errors are in this document: a retried batch adds nothing twice. */
  batches: number;
}

export function importModel(connection: Connection) {
  return storedModel<Omit<StoredImport, '_id'>>(connection, 'recognition_imports');
}

const files = (db: Connection) => fileStore(db, IMPORT_FILES);

/** Where an import reads on: the byte after the last row taken, and that row's last line. */
export interface ImportCursor {
  byte: number;
  line: number;
}

export class ImportFileTooLarge extends Error {}

/**
 * The CSV records of a file read from the store; a chunk the store cannot give ends the
 * reading with its error (through the pipeline), where a plain `pipe` would leave it unhandled.
 */
async function* csvRecords<T>(download: Readable, options: CsvOptions): AsyncGenerator<T> {
  const parser = parse(options);
  // Its error is the parser's too, which the reader below gets.
  pipeline(download, parser).catch(() => undefined);
  yield* parser as AsyncIterable<T>;
}

/**
 * Streams a CSV into the store (refusing it beyond MAX_IMPORT_BYTES), then reads it back once
 * to count its rows and read its header; the file never is in memory whole.
 */
export async function storeImportFile(db: Connection, source: Readable, fileName: string) {
  const upload = files(db).openUploadStream({ fileName, contentType: 'text/csv' });
  let size = 0;
  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > MAX_IMPORT_BYTES) throw new ImportFileTooLarge(`An import file may be at most ${MAX_IMPORT_BYTES} bytes`);
          yield chunk;
        }
      },
      upload,
    );
  } catch (error) {
    await upload.abort();
    throw error;
  }
  let header: string[] = [];
  let dataStart = 0;
  let total = 0;
  let unreadable: ImportError | undefined;
  const stored = await files(db).openDownloadStream(upload.id);
  if (!stored) throw new Error(`the import file ${upload.id} was not stored`);
  const records = csvRecords<{ record: string[]; info: { bytes_records: number } }>(stored, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  try {
    for await (const { record, info } of records) {
      if (header.length === 0) {
        header = record.map((name) => name.trim());
        dataStart = info.bytes_records;
      } else total += 1;
    }
  } catch (error) {
    if (!(error instanceof CsvError)) {
      await deleteImportFile(db, upload.id);
      throw error;
    }
    const { lines } = error as { lines?: number };
    unreadable = { line: lines ?? total + 2, path: '', message: `the CSV cannot be read: ${(error as Error).message}` };
  }
  return { fileId: upload.id, size, header, dataStart, total, unreadable };
}

export async function deleteImportFile(db: Connection, fileId: string) {
  await files(db)
    .delete(fileId)
    .catch(() => undefined);
}

/**
 * Up to `limit` rows of an import's file from a cursor: each with its values by column, its
 * line (the last, for a value spanning lines) and the cursor after it. Reads from the byte
 * offset, so a batch costs its own rows, not the rows before it.
 */
export async function readImportRows(
  db: Connection,
  stored: Pick<StoredImport, 'fileId' | 'header' | 'size'>,
  from: ImportCursor,
  limit: number,
): Promise<{ rows: Array<{ values: Record<string, string>; line: number; cursor: ImportCursor }>; done: boolean }> {
  const download = await files(db).openDownloadStream(stored.fileId, { start: from.byte });
  if (!download) throw new Error(`the file of this import (${stored.fileId}) is missing from the store`);
  const records = csvRecords<{ record: string[]; info: { bytes_records: number; lines: number } }>(download, {
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const rows: Array<{ values: Record<string, string>; line: number; cursor: ImportCursor }> = [];
  let done = true;
  try {
    for await (const { record, info } of records) {
      const line = from.line + info.lines;
      const values = Object.fromEntries(stored.header.map((name, i) => [name, record[i] ?? '']));
      for (let i = stored.header.length; i < record.length; i++) values[`column ${i + 1}`] = record[i]!;
      rows.push({ values, line, cursor: { byte: from.byte + info.bytes_records, line } });
      if (rows.length === limit) {
        done = false;
        break;
      }
    }
  } finally {
    download.destroy();
  }
  return { rows, done };
}
