import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Connection } from 'mongoose';
import { type Row, kboNumber, parseMeta } from '../models/company';
import { companyEstablishmentModel, companyModel } from './companies';
import { type CompanyWrite, type FileStep, type KboFileKind, KboRows, type Line, updateInChunks } from './kbo-rows';

// `npm run kbo:import -- DIR`: the KBO open-data files of DIR into the company register
// (store/companies.ts). Each file is streamed once, in batches of 1,000 rows (the next batch is
// parsed while one is written); nothing holds a whole file. Every row sets
// keys of its own with `$set` (an establishment `establishments.<number>.startDate`, a name
// `names.legal.nl`), so importing the same extract again changes nothing, and the counts say
// so. address.csv and denomination.csv name establishments by number only: establishment.csv
// is read first and keeps, per establishment, its enterprise in `company_establishments`,
// read back by `_id` for each batch. Order and meaning of the files: see models/company.ts.

export const BATCH_SIZE = 1000;
/** Refused lines kept in the report (all are counted). */
const REFUSALS_KEPT = 1000;

const KINDS: KboFileKind[] = ['enterprise', 'establishment', 'denomination', 'address'];

/** A full extract in dependency order; an update's deletes first (dependents first), then its inserts. */
const STEPS: FileStep[] = [
  ...KINDS.map((kind) => ({ file: `${kind}.csv`, kind, action: 'set' as const })),
  ...[...KINDS].reverse().map((kind) => ({ file: `${kind}_delete.csv`, kind, action: 'delete' as const })),
  ...KINDS.map((kind) => ({ file: `${kind}_insert.csv`, kind, action: 'set' as const })),
];

export interface FileCounts {
  file: string;
  read: number;
  inserted: number;
  changed: number;
  unchanged: number;
  /** Read and valid but nothing to store: a struck-off address, a delete the update re-inserts. */
  ignored: number;
  refused: number;
}

export interface LineRefusal {
  file: string;
  line: number;
  message: string;
}

export interface KboImportReport {
  type: 'full' | 'update';
  extractNumber?: number;
  files: FileCounts[];
  /** Companies no longer in this full extract, now stopped. */
  stoppedByAbsence: number;
  /** The first refused lines (FileCounts.refused counts them all). */
  refusals: LineRefusal[];
}

export interface KboImportListener {
  onFileStart?: (file: string, totalBytes: number) => void;
  /** After each batch: rows read so far and the bytes they took of the file. */
  onProgress?: (file: string, rows: number, bytes: number) => void;
  onFileEnd?: (counts: FileCounts) => void;
}

export async function importKbo(
  db: Connection,
  dir: string,
  listener: KboImportListener = {},
  batchSize = BATCH_SIZE,
): Promise<KboImportReport> {
  const steps = STEPS.filter((step) => fs.existsSync(path.join(dir, step.file)));
  if (!steps.length) throw new Error(`${dir} holds none of the KBO files (${STEPS.map((s) => s.file).join(', ')})`);
  const meta = fs.existsSync(path.join(dir, 'meta.csv')) ? parseMeta(await readAll(path.join(dir, 'meta.csv'))) : {};
  const type = meta.type ?? (steps.some((step) => step.file.includes('_')) ? 'update' : 'full');
  // The full extract stamps each enterprise it lists, to find the ones it no longer lists.
  const stamp = type === 'full' ? meta.extractNumber : undefined;
  const run = new KboImport(db, dir, listener, batchSize, { type, ...(stamp ? { extractNumber: stamp } : {}) });
  for (const step of steps) {
    await run.importFile(step);
    if (step.file === 'enterprise.csv' && stamp) run.report.stoppedByAbsence = await stopAbsent(db, stamp, batchSize);
  }
  // A malformed line is refused as it is read, a bad value when its batch is written.
  const order = steps.map((step) => step.file);
  run.report.refusals.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line);
  return run.report;
}

/** One import: its files read in turn, batch by batch, into the report. */
class KboImport {
  readonly report: KboImportReport;
  private readonly rows: KboRows;

  constructor(
    private readonly db: Connection,
    private readonly dir: string,
    private readonly listener: KboImportListener,
    private readonly batchSize: number,
    extract: Pick<KboImportReport, 'type' | 'extractNumber'>,
  ) {
    this.report = { ...extract, files: [], stoppedByAbsence: 0, refusals: [] };
    this.rows = new KboRows(companyEstablishmentModel(db).collection, extract.extractNumber);
  }

  /** Streams one file in batches: the next batch is parsed while one is written. */
  async importFile(step: FileStep): Promise<void> {
    const file = path.join(this.dir, step.file);
    const counts: FileCounts = { file: step.file, read: 0, inserted: 0, changed: 0, unchanged: 0, ignored: 0, refused: 0 };
    // An update's delete file lists changed keys too, inserted again by the insert file: a daily
    // file, read first to know them (a full extract has no delete files).
    const insertFile = path.join(this.dir, `${step.kind}_insert.csv`);
    const reinserted =
      step.action === 'delete' && (step.kind === 'enterprise' || step.kind === 'establishment') && fs.existsSync(insertFile)
        ? await insertedKeys(insertFile, step.kind)
        : new Set<string>();
    this.listener.onFileStart?.(step.file, fs.statSync(file).size);
    const parser = fs.createReadStream(file).pipe(
      parse({
        columns: true,
        bom: true,
        info: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (error) => {
          counts.read++;
          this.refuse(
            step.file,
            Number(error?.lines ?? 0),
            `not a CSV row of the header's columns: ${error?.message ?? 'malformed'}`,
            counts,
          );
          return undefined;
        },
      }),
    );
    let batch: Line[] = [];
    let writing: Promise<void> = Promise.resolve();
    let failure: unknown;
    let bytes = 0;
    const flush = async () => {
      await writing;
      if (failure) throw failure;
      const lines = batch;
      batch = [];
      const read = counts.read;
      const at = bytes;
      // Attached at once, so a failure while the next batch is parsed is not an unhandled rejection.
      writing = this.writeBatch(step, lines, counts, reinserted).then(
        () => this.listener.onProgress?.(step.file, read, at),
        (error) => {
          failure = error;
        },
      );
    };
    for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number; bytes: number } }>) {
      counts.read++;
      bytes = info.bytes;
      batch.push({ line: info.lines, row: record });
      if (batch.length >= this.batchSize) await flush();
    }
    await flush();
    await writing;
    if (failure) throw failure;
    this.listener.onProgress?.(step.file, counts.read, fs.statSync(file).size);
    this.report.files.push(counts);
    this.listener.onFileEnd?.(counts);
  }

  private async writeBatch(step: FileStep, lines: Line[], counts: FileCounts, reinserted: Set<string>) {
    const results = await this.rows.outcomes(step, lines, reinserted);
    const writes: CompanyWrite[] = [];
    results.forEach((outcome, i) => {
      if (outcome === 'ignored') counts.ignored++;
      else if ('refused' in outcome) this.refuse(step.file, lines[i]!.line, outcome.refused, counts);
      else writes.push(outcome);
    });
    if (!writes.length) return;
    const { upserted, modified } = await updateInChunks(
      companyModel(this.db).collection,
      writes.map((w) => ({ filter: { _id: w.enterpriseNumber }, update: w.update, upsert: w.upsert })),
    );
    counts.inserted += upserted;
    counts.changed += modified;
    counts.unchanged += writes.length - upserted - modified;
  }

  private refuse(file: string, line: number, message: string, counts: FileCounts) {
    counts.refused++;
    if (this.report.refusals.length < REFUSALS_KEPT) this.report.refusals.push({ file, line, message });
  }
}

/**
 * Stops every active company the full extract `extract` did not list: a read of the whole
 * collection (FerretDB scans for this filter) once a month, taking at most `batchSize` ids at a
 * time, written by `_id` once the read is done.
 */
async function stopAbsent(db: Connection, extract: number, batchSize: number): Promise<number> {
  const companies = companyModel(db).collection;
  let stopped = 0;
  for (;;) {
    const absent = await companies
      .find({ status: 'active', extract: { $ne: extract } }, { projection: { _id: 1 }, limit: batchSize })
      .toArray();
    if (!absent.length) return stopped;
    const { modified } = await updateInChunks(
      companies,
      absent.map(({ _id }) => ({ filter: { _id: String(_id) }, update: { $set: { status: 'stopped' } } })),
    );
    // Nothing stopped means another process changed them meanwhile: no endless loop over them.
    if (!modified) return stopped;
    stopped += modified;
  }
}

/** The numbers an update's insert file lists. */
async function insertedKeys(file: string, kind: 'enterprise' | 'establishment'): Promise<Set<string>> {
  const column = kind === 'enterprise' ? 'EnterpriseNumber' : 'EstablishmentNumber';
  const keys = new Set<string>();
  const parser = fs
    .createReadStream(file)
    .pipe(parse({ columns: true, bom: true, skip_empty_lines: true, skip_records_with_error: true }));
  for await (const row of parser as AsyncIterable<Row>) {
    const number = kboNumber(row[column], kind, column);
    if (number.ok) keys.add(number.value);
  }
  return keys;
}

/** meta.csv, a few rows, as rows. */
async function readAll(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  const parser = fs
    .createReadStream(file)
    .pipe(parse({ columns: true, bom: true, skip_empty_lines: true, skip_records_with_error: true }));
  for await (const row of parser as AsyncIterable<Row>) rows.push(row);
  return rows;
}
