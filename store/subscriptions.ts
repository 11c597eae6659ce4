import type { Connection } from 'mongoose';
import type { SubscriptionView } from '../models/subscription';
import { storedModel } from './stored-model';

// Schools' subscriptions to status changes, with the secret that signs their webhooks.

export interface StoredSubscription extends Omit<SubscriptionView, 'id'> {
  secret: string;
  deletedAt?: string;
}

export function subscriptionModel(connection: Connection) {
  return storedModel<StoredSubscription>(connection, 'subscriptions', [[{ enterpriseNumbers: 1 }], [{ schoolId: 1 }]]);
}
