import type { Connection } from 'mongoose';
import { diagnosticsActivities } from './diagnostics';

export interface ActivityDependencies {
  db: Connection;
}

/** All activities, bound to the connections the worker opened. */
export function createActivities({ db }: ActivityDependencies) {
  return {
    ...diagnosticsActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
