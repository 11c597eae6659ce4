import type { Connection } from 'mongoose';
import { type Company, type CompanyRecord, toCompany } from '../models/company';
import { storedModel } from './stored-model';

// The company register: one document per enterprise, `_id` its enterprise number, holding its
// names, registered office and establishments (each with its address) as maps keyed by number,
// type and language. The API reads one document by `_id` (fast on FerretDB, where any other
// filter reads the whole collection); the import sets each row's own key, so a row imported
// again changes nothing (store/kbo-import.ts).

export const companyModel = (connection: Connection) => storedModel<CompanyRecord>(connection, 'companies');

/**
 * Which enterprise an establishment belongs to, `_id` the establishment number: address.csv
 * and denomination.csv name an establishment only, so the import routes their rows by it,
 * reading by `_id` only.
 */
export const companyEstablishmentModel = (connection: Connection) =>
  storedModel<{ enterpriseNumber: string }>(connection, 'company_establishments');

/** The company as the API answers it; undefined when the KBO data does not list it. */
export async function findCompany(db: Connection, enterpriseNumber: string): Promise<Company | undefined> {
  const record = await companyModel(db).findById(enterpriseNumber).lean();
  return record ? toCompany(enterpriseNumber, record as CompanyRecord) : undefined;
}
