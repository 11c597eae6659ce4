import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Collection, Connection } from 'mongoose';
import {
  type Parsed,
  type Row,
  kboEntityNumber,
  kboNumber,
  parseAddressRow,
  parseDenominationRow,
  parseEnterpriseRow,
  parseEstablishmentRow,
  parseMeta,
} from '../models/company';
import { companyEstablishmentModel, companyModel } from './companies';

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
/** Parallel `_id` reads when routing a batch's establishments. */
const LOOKUP_CONCURRENCY = 50;
/**
 * Update statements per command. FerretDB 1.24 keeps a SQLite query open for each statement
 * of an update command that matches a document until the command ends, and its pool of 100
 * connections per database is then exhausted: at 100 matching statements (a bulkWrite of 100
 * unchanged rows) the command and every later one on that database hang until FerretDB
 * restarts (measured here: 99 pass, 100 hang). 50 leaves the API room beside an import.
 */
const STATEMENTS_PER_COMMAND = 50;

type UpdateOne = { filter: { _id: string }; update: Record<string, unknown>; upsert?: boolean };

/** Updates by `_id` in commands of STATEMENTS_PER_COMMAND, one at a time; the summed counts. */
export async function updateInChunks(collection: Collection, updates: UpdateOne[]) {
  let upserted = 0;
  let modified = 0;
  for (let i = 0; i < updates.length; i += STATEMENTS_PER_COMMAND) {
    const chunk = updates.slice(i, i + STATEMENTS_PER_COMMAND);
    const result = await collection.bulkWrite(
      chunk.map((updateOne) => ({ updateOne: updateOne as never })),
      { ordered: false },
    );
    upserted += result.upsertedCount;
    modified += result.modifiedCount;
  }
  return { upserted, modified };
}

export type KboFileKind = 'enterprise' | 'establishment' | 'denomination' | 'address';

interface FileStep {
  file: string;
  kind: KboFileKind;
  action: 'set' | 'delete';
}

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

type Update = Record<string, unknown>;
interface CompanyWrite {
  enterpriseNumber: string;
  update: Update;
  upsert: boolean;
}
/** A row turned into what it writes, or refused, or ignored. */
type RowOutcome = CompanyWrite | { refused: string } | 'ignored';
type Line = { line: number; row: Row };

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
  const companies = companyModel(db).collection;
  const establishments = companyEstablishmentModel(db).collection;
  const report: KboImportReport = {
    type,
    ...(stamp ? { extractNumber: stamp } : {}),
    files: [],
    stoppedByAbsence: 0,
    refusals: [],
  };

  /** Each establishment's enterprise, read by `_id`; absent when establishment.csv never named it. */
  async function enterprisesOf(numbers: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(numbers)];
    for (let i = 0; i < unique.length; i += LOOKUP_CONCURRENCY) {
      const read = await Promise.all(
        unique.slice(i, i + LOOKUP_CONCURRENCY).map((id) => establishments.findOne({ _id: id as never })),
      );
      for (const doc of read) if (doc) found.set(String(doc._id), String(doc.enterpriseNumber));
    }
    return found;
  }

  /** Where a row of an enterprise or establishment writes: the company and the path prefix. */
  async function router(lines: Array<Parsed<{ entityNumber: string; kind: string }>>) {
    const numbers = lines.flatMap((p) => (p.ok && p.value.kind === 'establishment' ? [p.value.entityNumber] : []));
    const owners = await enterprisesOf(numbers);
    return (entity: { entityNumber: string; kind: string }) => {
      if (entity.kind === 'enterprise') return { enterpriseNumber: entity.entityNumber, prefix: '' };
      const enterpriseNumber = owners.get(entity.entityNumber);
      return enterpriseNumber ? { enterpriseNumber, prefix: `establishments.${entity.entityNumber}.` } : undefined;
    };
  }
  const notListed = (number: string) => ({ refused: `establishment ${number} is not in establishment.csv` });

  /** What each row of a batch writes. */
  async function outcomes(step: FileStep, lines: Line[], reinserted: Set<string>): Promise<RowOutcome[]> {
    if (step.action === 'delete') {
      const column =
        step.kind === 'enterprise' ? 'EnterpriseNumber' : step.kind === 'establishment' ? 'EstablishmentNumber' : 'EntityNumber';
      const parsed = lines.map(({ row }) => {
        const entity = kboEntityNumber(row[column], column);
        return entity.ok ? { ok: true as const, value: { entityNumber: entity.value.number, kind: entity.value.kind } } : entity;
      });
      const route = await router(parsed);
      return parsed.map((p): RowOutcome => {
        if (!p.ok) return { refused: p.message };
        if (step.kind !== 'denomination' && step.kind !== 'address' && p.value.kind !== step.kind) {
          return { refused: `${column} is not an ${step.kind} number` };
        }
        // A key deleted and inserted again is a change: the insert sets it, without a moment stopped.
        if (reinserted.has(p.value.entityNumber)) return 'ignored';
        if (step.kind === 'enterprise') {
          return { enterpriseNumber: p.value.entityNumber, update: { $set: { status: 'stopped' } }, upsert: false };
        }
        const target = route(p.value);
        if (!target) return notListed(p.value.entityNumber);
        const field = { establishment: '', denomination: 'names', address: 'address' }[step.kind];
        const unset = `${target.prefix}${field}`.replace(/\.$/, '');
        return { enterpriseNumber: target.enterpriseNumber, update: { $unset: { [unset]: '' } }, upsert: false };
      });
    }
    switch (step.kind) {
      case 'enterprise':
        return lines.map(({ row }) => {
          const p = parseEnterpriseRow(row);
          if (!p.ok) return { refused: p.message };
          const { enterpriseNumber, ...fields } = p.value;
          return { enterpriseNumber, update: { $set: { ...fields, ...(stamp ? { extract: stamp } : {}) } }, upsert: true };
        });
      case 'establishment': {
        const parsed = lines.map(({ row }) => parseEstablishmentRow(row));
        const owners = parsed.flatMap((p) => (p.ok ? [p.value] : []));
        if (owners.length) {
          await updateInChunks(
            establishments,
            owners.map((e) => ({
              filter: { _id: e.establishmentNumber },
              update: { $set: { enterpriseNumber: e.enterpriseNumber } },
              upsert: true,
            })),
          );
        }
        return parsed.map((p) =>
          p.ok
            ? {
                enterpriseNumber: p.value.enterpriseNumber,
                update: { $set: { [`establishments.${p.value.establishmentNumber}.startDate`]: p.value.startDate } },
                upsert: true,
              }
            : { refused: p.message },
        );
      }
      case 'denomination': {
        const parsed = lines.map(({ row }) => parseDenominationRow(row));
        const route = await router(parsed);
        return parsed.map((p) => {
          if (!p.ok) return { refused: p.message };
          const target = route(p.value);
          if (!target) return notListed(p.value.entityNumber);
          const key = `${target.prefix}names.${p.value.type}.${p.value.language}`;
          return { enterpriseNumber: target.enterpriseNumber, update: { $set: { [key]: p.value.name } }, upsert: true };
        });
      }
      case 'address': {
        const parsed = lines.map(({ row }) => parseAddressRow(row));
        const route = await router(parsed);
        return parsed.map((p) => {
          if (!p.ok) return { refused: p.message };
          // Only the registered office and establishment addresses are shown; a foreign
          // entity's Belgian branch (ABBR) is not, nor an address struck off.
          if (!p.value.address || p.value.type === 'ABBR') return 'ignored';
          const target = route(p.value);
          if (!target) return notListed(p.value.entityNumber);
          return {
            enterpriseNumber: target.enterpriseNumber,
            update: { $set: { [`${target.prefix}address`]: p.value.address } },
            upsert: true,
          };
        });
      }
    }
  }

  async function writeBatch(step: FileStep, lines: Line[], counts: FileCounts, reinserted: Set<string>) {
    const results = await outcomes(step, lines, reinserted);
    const writes: CompanyWrite[] = [];
    results.forEach((outcome, i) => {
      if (outcome === 'ignored') counts.ignored++;
      else if ('refused' in outcome) refuse(step.file, lines[i]!.line, outcome.refused, counts);
      else writes.push(outcome);
    });
    if (!writes.length) return;
    const { upserted, modified } = await updateInChunks(
      companies,
      writes.map((w) => ({ filter: { _id: w.enterpriseNumber }, update: w.update, upsert: w.upsert })),
    );
    counts.inserted += upserted;
    counts.changed += modified;
    counts.unchanged += writes.length - upserted - modified;
  }

  function refuse(file: string, line: number, message: string, counts: FileCounts) {
    counts.refused++;
    if (report.refusals.length < REFUSALS_KEPT) report.refusals.push({ file, line, message });
  }

  for (const step of steps) {
    const file = path.join(dir, step.file);
    const counts: FileCounts = { file: step.file, read: 0, inserted: 0, changed: 0, unchanged: 0, ignored: 0, refused: 0 };
    // An update's delete file lists changed keys too, inserted again by the insert file: a daily
    // file, read first to know them (a full extract has no delete files).
    const insertFile = path.join(dir, `${step.kind}_insert.csv`);
    const reinserted =
      step.action === 'delete' && (step.kind === 'enterprise' || step.kind === 'establishment') && fs.existsSync(insertFile)
        ? await insertedKeys(insertFile, step.kind)
        : new Set<string>();
    listener.onFileStart?.(step.file, fs.statSync(file).size);
    const parser = fs.createReadStream(file).pipe(
      parse({
        columns: true,
        bom: true,
        info: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (error) => {
          counts.read++;
          refuse(
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
      writing = writeBatch(step, lines, counts, reinserted).then(
        () => listener.onProgress?.(step.file, read, at),
        (error) => {
          failure = error;
        },
      );
    };
    for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number; bytes: number } }>) {
      counts.read++;
      bytes = info.bytes;
      batch.push({ line: info.lines, row: record });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await writing;
    if (failure) throw failure;
    listener.onProgress?.(step.file, counts.read, fs.statSync(file).size);
    report.files.push(counts);
    listener.onFileEnd?.(counts);
    if (step.file === 'enterprise.csv' && stamp) report.stoppedByAbsence = await stopAbsent(db, stamp, batchSize);
  }
  // A malformed line is refused as it is read, a bad value when its batch is written.
  const order = steps.map((step) => step.file);
  report.refusals.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || a.line - b.line);
  return report;
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
