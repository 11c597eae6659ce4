import { z } from 'zod';
import { isValidDate } from './dates';
import { type NumberKind, normalizeCompanyNumber } from './identifiers';
import { type FieldRefusal, refusal } from './problem-codes';

// The company register (issue 14): the KBO open-data files as published, read one row at a
// time, and the company an API answer or an intake check is made of. Pure: the import
// (store/kbo-import.ts) streams the files through these functions.
//
// What the files hold and mean, from the "Cookbook KBO Open Data" (FOD Economie, version 1.0.0,
// http://docplayer.nl/292102-Cookbook-kbo-open-data-versie-1-0-0.html): a full extract each
// month and update files in between; the files are quoted CSV with a header row; the open data
// holds the ACTIVE entities only (Status "AC"), so an enterprise missing from a full extract or
// in an update's enterprise_delete.csv without being inserted again has stopped. An update holds
// per file an X_delete.csv (the keys whose rows go) and an X_insert.csv (their rows as they now
// are), applied deletes first. Rechtstoestand (JuridicalSituation) 010 "ontbinding van
// rechtswege", 012 "vervroegde ontbinding", 013 "juridische ontbinding" precede 014 "sluiting
// vereffening" (https://economie.fgov.be/nl/themas/ondernemingen/kruispuntbank-van/datakwaliteit):
// a dissolved enterprise is being wound up and cannot take on learners, so each counts as stopped.

/** JuridicalSituation codes of a dissolved or closed enterprise (see above). */
export const STOPPING_SITUATIONS: ReadonlySet<string> = new Set(['010', '012', '013', '014']);

export const LANGUAGES = ['nl', 'fr', 'de', 'en', 'unknown'] as const;
export type Language = (typeof LANGUAGES)[number];
/** denomination.csv `Language`: 0 unknown, 1 French, 2 Dutch, 3 German, 4 English. */
const LANGUAGE_CODES: Record<string, Language> = { '0': 'unknown', '1': 'fr', '2': 'nl', '3': 'de', '4': 'en' };

export const NAME_TYPES = ['legal', 'abbreviation', 'commercial'] as const;
export type NameType = (typeof NAME_TYPES)[number];
/** denomination.csv `TypeOfDenomination`: 001 legal name, 002 abbreviation, 003 commercial name. */
const NAME_TYPE_CODES: Record<string, NameType> = { '001': 'legal', '002': 'abbreviation', '003': 'commercial' };

/** Names by type and language, as stored: `names.legal.nl`. */
export type Names = Partial<Record<NameType, Partial<Record<Language, string>>>>;

export const kboAddress = z
  .object({
    street: z.string().describe('Street, house number and box'),
    postcode: z.string(),
    municipality: z.string(),
    country: z.string().optional().describe('Only for an address abroad'),
  })
  .meta({ id: 'KboAddress' });
export type KboAddress = z.infer<typeof kboAddress>;

export const companyStatus = z.enum(['active', 'stopped']);
export type CompanyStatus = z.infer<typeof companyStatus>;

export const companyView = z
  .object({
    enterpriseNumber: z.string().meta({ example: '0403170701' }),
    status: companyStatus.describe('stopped: no longer in the KBO open data, or dissolved (rechtstoestand 010, 012-014)'),
    name: z.string().describe('The Dutch legal name, else another legal name, else a commercial name'),
    names: z.partialRecord(z.enum(LANGUAGES), z.string()).describe('The legal names per language'),
    juridicalForm: z.string().optional().describe('KBO code of the legal form, e.g. 014 (NV)'),
    juridicalSituation: z.string().optional().describe('KBO code of the legal situation, 000 normal'),
    startDate: z.string().optional(),
    address: kboAddress.optional().describe('The registered office'),
    establishments: z.array(
      z.object({
        establishmentNumber: z.string().meta({ example: '2000000339' }),
        name: z.string().optional(),
        startDate: z.string().optional(),
        address: kboAddress.optional(),
      }),
    ),
  })
  .meta({ id: 'Company' });
export type Company = z.infer<typeof companyView>;

/** A company as stored (store/companies.ts): maps keyed by number, type and language, so each
 * row of a file sets its own key and setting it again changes nothing. */
export interface CompanyRecord {
  /** Absent while the enterprise was only named by another file (not in enterprise.csv). */
  status?: CompanyStatus;
  kboStatus?: string;
  juridicalSituation?: string;
  juridicalForm?: string;
  startDate?: string;
  /** The full extract that last listed it (meta.csv ExtractNumber). */
  extract?: number;
  names?: Names;
  address?: KboAddress;
  establishments?: Record<string, { startDate?: string; names?: Names; address?: KboAddress }>;
}

// --- Rows ------------------------------------------------------------------------------------

export type Row = Record<string, string | undefined>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** A KBO number as published (`0403.170.701`, `2.000.000.339`) as the 10 digits of models/formats. */
export function kboNumber(value: string | undefined, kind: NumberKind, column: string): Parsed<string> {
  if (!value?.trim()) return fail(`${column} is empty`);
  const result = normalizeCompanyNumber(value, kind);
  return result.ok ? result : fail(`${column} ${JSON.stringify(value)}: ${result.message}`);
}

/** Enterprise or establishment, told by the first digit (0/1 or 2-8). */
export function kboEntityNumber(
  value: string | undefined,
  column = 'EntityNumber',
): Parsed<{ number: string; kind: NumberKind }> {
  const kind: NumberKind = /^\s*(BE)?\s*[01]/i.test(value ?? '') ? 'enterprise' : 'establishment';
  const number = kboNumber(value, kind, column);
  return number.ok ? { ok: true, value: { number: number.value, kind } } : number;
}

/** `dd-mm-yyyy` as `yyyy-mm-dd`. */
export function kboDate(value: string | undefined, column: string): Parsed<string> {
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value?.trim() ?? '');
  const date = match ? `${match[3]}-${match[2]}-${match[1]}` : '';
  return isValidDate(date)
    ? { ok: true, value: date }
    : fail(`${column} ${JSON.stringify(value ?? '')} is not a date as dd-mm-yyyy`);
}

export function statusOf(kboStatus: string, juridicalSituation: string): CompanyStatus {
  return kboStatus === 'AC' && !STOPPING_SITUATIONS.has(juridicalSituation) ? 'active' : 'stopped';
}

export interface EnterpriseRow {
  enterpriseNumber: string;
  status: CompanyStatus;
  kboStatus: string;
  juridicalSituation: string;
  juridicalForm?: string;
  startDate: string;
}

/** enterprise.csv: EnterpriseNumber, Status, JuridicalSituation, TypeOfEnterprise, JuridicalForm, JuridicalFormCAC, StartDate. */
export function parseEnterpriseRow(row: Row): Parsed<EnterpriseRow> {
  const number = kboNumber(row.EnterpriseNumber, 'enterprise', 'EnterpriseNumber');
  if (!number.ok) return number;
  const kboStatus = row.Status?.trim() ?? '';
  if (!kboStatus) return fail('Status is empty');
  const startDate = kboDate(row.StartDate, 'StartDate');
  if (!startDate.ok) return startDate;
  const juridicalSituation = row.JuridicalSituation?.trim() ?? '';
  const juridicalForm = row.JuridicalForm?.trim();
  return {
    ok: true,
    value: {
      enterpriseNumber: number.value,
      status: statusOf(kboStatus, juridicalSituation),
      kboStatus,
      juridicalSituation,
      ...(juridicalForm ? { juridicalForm } : {}),
      startDate: startDate.value,
    },
  };
}

export interface EstablishmentRow {
  establishmentNumber: string;
  enterpriseNumber: string;
  startDate: string;
}

/** establishment.csv: EstablishmentNumber, StartDate, EnterpriseNumber. */
export function parseEstablishmentRow(row: Row): Parsed<EstablishmentRow> {
  const establishment = kboNumber(row.EstablishmentNumber, 'establishment', 'EstablishmentNumber');
  if (!establishment.ok) return establishment;
  const enterprise = kboNumber(row.EnterpriseNumber, 'enterprise', 'EnterpriseNumber');
  if (!enterprise.ok) return enterprise;
  const startDate = kboDate(row.StartDate, 'StartDate');
  if (!startDate.ok) return startDate;
  return {
    ok: true,
    value: { establishmentNumber: establishment.value, enterpriseNumber: enterprise.value, startDate: startDate.value },
  };
}

export interface DenominationRow {
  entityNumber: string;
  kind: NumberKind;
  type: NameType;
  language: Language;
  name: string;
}

/** denomination.csv: EntityNumber, Language, TypeOfDenomination, Denomination. */
export function parseDenominationRow(row: Row): Parsed<DenominationRow> {
  const entity = kboEntityNumber(row.EntityNumber);
  if (!entity.ok) return entity;
  const language = LANGUAGE_CODES[row.Language?.trim() ?? ''];
  if (!language) return fail(`Language ${JSON.stringify(row.Language ?? '')} is not 0 to 4`);
  const type = NAME_TYPE_CODES[row.TypeOfDenomination?.trim() ?? ''];
  if (!type) return fail(`TypeOfDenomination ${JSON.stringify(row.TypeOfDenomination ?? '')} is not 001, 002 or 003`);
  const name = row.Denomination?.trim();
  if (!name) return fail('Denomination is empty');
  return { ok: true, value: { entityNumber: entity.value.number, kind: entity.value.kind, type, language, name } };
}

export interface AddressRow {
  entityNumber: string;
  kind: NumberKind;
  /** REGO registered office, ABBR branch of a foreign entity, BAET establishment unit. */
  type: string;
  /** Undefined when struck off (DateStrikingOff): no longer the entity's address. */
  address: KboAddress | undefined;
}

/** address.csv: EntityNumber, TypeOfAddress, CountryNL, CountryFR, Zipcode, MunicipalityNL,
 * MunicipalityFR, StreetNL, StreetFR, HouseNumber, Box, ExtraAddressInfo, DateStrikingOff. */
export function parseAddressRow(row: Row): Parsed<AddressRow> {
  const entity = kboEntityNumber(row.EntityNumber);
  if (!entity.ok) return entity;
  const type = row.TypeOfAddress?.trim() ?? '';
  if (!['REGO', 'ABBR', 'BAET'].includes(type)) return fail(`TypeOfAddress ${JSON.stringify(type)} is not REGO, ABBR or BAET`);
  const base = { entityNumber: entity.value.number, kind: entity.value.kind, type };
  if (row.DateStrikingOff?.trim()) return { ok: true, value: { ...base, address: undefined } };
  const pick = (nl: string | undefined, fr: string | undefined) => nl?.trim() || fr?.trim() || '';
  const streetName = pick(row.StreetNL, row.StreetFR);
  const municipality = pick(row.MunicipalityNL, row.MunicipalityFR);
  if (!streetName || !municipality) return fail('StreetNL/StreetFR or MunicipalityNL/MunicipalityFR is empty');
  const box = row.Box?.trim();
  const street = [streetName, row.HouseNumber?.trim(), box ? `bus ${box}` : ''].filter(Boolean).join(' ');
  const country = pick(row.CountryNL, row.CountryFR);
  return {
    ok: true,
    value: { ...base, address: { street, postcode: row.Zipcode?.trim() ?? '', municipality, ...(country ? { country } : {}) } },
  };
}

/** meta.csv: Variable, Value rows (SnapshotDate, ExtractTimestamp, ExtractType, ExtractNumber, Version). */
export function parseMeta(rows: Row[]): { type?: 'full' | 'update'; extractNumber?: number; snapshotDate?: string } {
  const value = (name: string) => rows.find((row) => row.Variable?.trim() === name)?.Value?.trim();
  const type = value('ExtractType');
  const extractNumber = Number(value('ExtractNumber'));
  const snapshotDate = kboDate(value('SnapshotDate'), 'SnapshotDate');
  return {
    ...(type === 'full' || type === 'update' ? { type } : {}),
    ...(Number.isInteger(extractNumber) && extractNumber > 0 ? { extractNumber } : {}),
    ...(snapshotDate.ok ? { snapshotDate: snapshotDate.value } : {}),
  };
}

// --- The company -------------------------------------------------------------------------------

const LANGUAGE_PREFERENCE: Language[] = ['nl', 'fr', 'de', 'en', 'unknown'];

/** The first name found among `types`, each in Dutch first, then the other languages. */
function firstName(names: Names | undefined, types: NameType[]): string | undefined {
  for (const type of types) {
    for (const language of LANGUAGE_PREFERENCE) {
      const name = names?.[type]?.[language];
      if (name) return name;
    }
  }
  return undefined;
}

/** Dutch legal name, then any legal name, then a commercial name, then an abbreviation. */
export const preferredName = (names: Names | undefined) => firstName(names, ['legal', 'commercial', 'abbreviation']);

/** What the API answers; undefined for an enterprise that enterprise.csv never listed. */
export function toCompany(enterpriseNumber: string, record: CompanyRecord): Company | undefined {
  if (!record.status) return undefined;
  const establishments = Object.entries(record.establishments ?? {})
    .filter(([, establishment]) => establishment.startDate)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([establishmentNumber, establishment]) => {
      const name = firstName(establishment.names, ['commercial', 'legal', 'abbreviation']);
      return {
        establishmentNumber,
        ...(name ? { name } : {}),
        ...(establishment.startDate ? { startDate: establishment.startDate } : {}),
        ...(establishment.address ? { address: establishment.address } : {}),
      };
    });
  return {
    enterpriseNumber,
    status: record.status,
    name: preferredName(record.names) ?? enterpriseNumber,
    names: { ...record.names?.legal },
    ...(record.juridicalForm ? { juridicalForm: record.juridicalForm } : {}),
    ...(record.juridicalSituation ? { juridicalSituation: record.juridicalSituation } : {}),
    ...(record.startDate ? { startDate: record.startDate } : {}),
    ...(record.address ? { address: record.address } : {}),
    establishments,
  };
}

/**
 * Why an application for this enterprise and establishment is refused by the register, naming
 * the field as the API does; undefined when the KBO knows both and the enterprise is active.
 * The numbers are the 10 digits of models/formats.
 */
export function companyRefusal(
  company: Company | undefined,
  input: { enterpriseNumber: string; establishmentNumber: string },
): FieldRefusal | undefined {
  if (!company) return refusal('enterpriseNumber', 'unknown-enterprise', 'unknown in the KBO (Crossroads Bank for Enterprises)');
  if (company.status === 'stopped')
    return refusal('enterpriseNumber', 'stopped-enterprise', 'this enterprise has stopped according to the KBO');
  if (!company.establishments.some((e) => e.establishmentNumber === input.establishmentNumber)) {
    const { enterpriseNumber } = company;
    return refusal(
      'establishmentNumber',
      'not-an-establishment',
      `not an establishment of enterprise ${enterpriseNumber} in the KBO`,
      {
        enterpriseNumber,
      },
    );
  }
  return undefined;
}
