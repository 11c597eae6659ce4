import type { Connection } from 'mongoose';
import { applicationActivities } from './applications';
import { importActivities } from './imports';
import { improvementPlanActivities } from './improvement-plans';
import { diagnosticsActivities } from './diagnostics';
import { type MailSettings, notificationActivities } from './notifications';
import { placementActivities } from './placements';
import { recognitionActivities } from './recognitions';
import { retentionActivities } from './retention';
import { type WebhookSettings, webhookActivities } from './webhooks';

export interface ActivityDependencies {
  db: Connection;
  mail: MailSettings;
  webhooks: WebhookSettings;
}

/** All activities, bound to the connections the worker opened. */
export function createActivities({ db, mail, webhooks }: ActivityDependencies) {
  return {
    ...diagnosticsActivities(db),
    ...applicationActivities(db),
    ...notificationActivities(db, mail, webhooks),
    ...recognitionActivities(db),
    ...placementActivities(db),
    ...improvementPlanActivities(db),
    ...webhookActivities(db, webhooks),
    ...importActivities(db, webhooks),
    ...retentionActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
