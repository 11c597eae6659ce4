import type { Collection } from 'mongoose';
import {
  type Parsed,
  type Row,
  kboEntityNumber,
  parseAddressRow,
  parseDenominationRow,
  parseEnterpriseRow,
  parseEstablishmentRow,
} from '../models/company';

// What each row of a KBO file writes to the company register (store/kbo-import.ts reads the
// files): a `$set` or `$unset` of keys of the row's own, on the enterprise it belongs to.

/** Parallel `_id` reads when routing a batch's establishments. */
const LOOKUP_CONCURRENCY = 50;

export type KboFileKind = 'enterprise' | 'establishment' | 'denomination' | 'address';

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

export interface FileStep {
  file: string;
  kind: KboFileKind;
  action: 'set' | 'delete';
}

export interface CompanyWrite {
  enterpriseNumber: string;
  update: Record<string, unknown>;
  upsert: boolean;
}

/** A row turned into what it writes, or refused, or ignored. */
export type RowOutcome = CompanyWrite | { refused: string } | 'ignored';
export type Line = { line: number; row: Row };

type Entity = { entityNumber: string; kind: string };

export class KboRows {
  constructor(
    /** Each establishment's enterprise, as establishment.csv named it. */
    private readonly establishments: Collection,
    /** The full extract's number, stamped on each enterprise it lists. */
    private readonly stamp: number | undefined,
  ) {}

  /** What each row of a batch writes. */
  async outcomes(step: FileStep, lines: Line[], reinserted: Set<string>): Promise<RowOutcome[]> {
    if (step.action === 'delete') return this.deletions(step, lines, reinserted);
    switch (step.kind) {
      case 'enterprise':
        return lines.map(({ row }) => {
          const p = parseEnterpriseRow(row);
          if (!p.ok) return { refused: p.message };
          const { enterpriseNumber, ...fields } = p.value;
          return {
            enterpriseNumber,
            update: { $set: { ...fields, ...(this.stamp ? { extract: this.stamp } : {}) } },
            upsert: true,
          };
        });
      case 'establishment':
        return this.establishmentsOf(lines);
      case 'denomination': {
        const parsed = lines.map(({ row }) => parseDenominationRow(row));
        const route = await this.router(parsed);
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
        const route = await this.router(parsed);
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

  /** An update's delete file: an enterprise stops, an establishment, name or address goes. */
  private async deletions(step: FileStep, lines: Line[], reinserted: Set<string>): Promise<RowOutcome[]> {
    const column =
      step.kind === 'enterprise' ? 'EnterpriseNumber' : step.kind === 'establishment' ? 'EstablishmentNumber' : 'EntityNumber';
    const parsed = lines.map(({ row }) => {
      const entity = kboEntityNumber(row[column], column);
      return entity.ok ? { ok: true as const, value: { entityNumber: entity.value.number, kind: entity.value.kind } } : entity;
    });
    const route = await this.router(parsed);
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

  /** establishment.csv: each establishment's enterprise is kept first, for the files after it. */
  private async establishmentsOf(lines: Line[]): Promise<RowOutcome[]> {
    const parsed = lines.map(({ row }) => parseEstablishmentRow(row));
    const owners = parsed.flatMap((p) => (p.ok ? [p.value] : []));
    if (owners.length) {
      await updateInChunks(
        this.establishments,
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

  /** Where a row of an enterprise or establishment writes: the company and the path prefix. */
  private async router(lines: Array<Parsed<Entity>>) {
    const numbers = lines.flatMap((p) => (p.ok && p.value.kind === 'establishment' ? [p.value.entityNumber] : []));
    const owners = await this.enterprisesOf(numbers);
    return (entity: Entity) => {
      if (entity.kind === 'enterprise') return { enterpriseNumber: entity.entityNumber, prefix: '' };
      const enterpriseNumber = owners.get(entity.entityNumber);
      return enterpriseNumber ? { enterpriseNumber, prefix: `establishments.${entity.entityNumber}.` } : undefined;
    };
  }

  /** Each establishment's enterprise, read by `_id`; absent when establishment.csv never named it. */
  private async enterprisesOf(numbers: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(numbers)];
    for (let i = 0; i < unique.length; i += LOOKUP_CONCURRENCY) {
      const read = await Promise.all(
        unique.slice(i, i + LOOKUP_CONCURRENCY).map((id) => this.establishments.findOne({ _id: id as never })),
      );
      for (const doc of read) if (doc) found.set(String(doc._id), String(doc.enterpriseNumber));
    }
    return found;
  }
}

const notListed = (number: string) => ({ refused: `establishment ${number} is not in establishment.csv` });
