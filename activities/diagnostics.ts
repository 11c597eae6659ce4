import type { Connection } from 'mongoose';
import type { Roundtrip } from '../models/diagnostics';
import { roundtripModel } from '../store/diagnostics';

export function diagnosticsActivities(db: Connection) {
  const roundtrips = roundtripModel(db);
  return {
    /** Idempotent: a retry rewrites the same document. */
    async recordRoundtrip(roundtrip: Roundtrip): Promise<void> {
      const { id, ...fields } = roundtrip;
      await roundtrips.updateOne({ _id: id }, { $set: fields }, { upsert: true });
    },
  };
}
