import type { Connection } from 'mongoose';
import type { RegisterEntry } from '../models/register-index';
import { storedModel } from './stored-model';

// The register's change feed: every write of a recognition appends its register entry here,
// keyed by the moment of the write, and every API process reads what is new a few times a
// second. Old entries are trimmed: a process that missed them loads the register afresh.

export interface RegisterChange {
  entry: RegisterEntry;
}

export const RETENTION_MS = 10 * 60 * 1000;

export const changeKey = (savedAt: string, recognitionId: string) => `${savedAt}|${recognitionId}`;

export function registerChangeModel(connection: Connection) {
  return storedModel<RegisterChange>(connection, 'register_changes');
}
