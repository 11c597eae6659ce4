import type { Connection } from 'mongoose';
import type { Roundtrip } from '../models/diagnostics';
import { storedModel } from './stored-model';

/** Roundtrips recorded by the diagnostics workflow. */
export function roundtripModel(connection: Connection) {
  return storedModel<Omit<Roundtrip, 'id'>>(connection, 'diagnostics');
}
