import type { Connection } from 'mongoose';
import { applicationActivities } from './applications';
import { diagnosticsActivities } from './diagnostics';
import { type MailSettings, notificationActivities } from './notifications';
import { recognitionActivities } from './recognitions';

export interface ActivityDependencies {
  db: Connection;
  mail: MailSettings;
}

/** All activities, bound to the connections the worker opened. */
export function createActivities({ db, mail }: ActivityDependencies) {
  return {
    ...diagnosticsActivities(db),
    ...applicationActivities(db),
    ...notificationActivities(db, mail),
    ...recognitionActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
