import type { Connection } from 'mongoose';
import type { SubscriptionView } from '../models/subscription';
import { storedModel } from './stored-model';

// Schools' subscriptions to status changes, with the secret that signs their webhooks.

export interface StoredSubscription extends Omit<SubscriptionView, 'id'> {
  secret: string;
  deletedAt?: string;
  /** Its slot of the school's cap (store/cap-slots.ts); none for those made before the cap. */
  slot?: number;
}

/** A subscription as the school reads it: without its secret, deletion or slot. */
export function toSubscriptionView(stored: StoredSubscription & { _id: string }): SubscriptionView {
  const { _id, secret: _secret, deletedAt: _deleted, slot: _slot, ...fields } = stored;
  return { id: _id, ...fields };
}

export function subscriptionModel(connection: Connection) {
  return storedModel<StoredSubscription>(connection, 'subscriptions', [[{ enterpriseNumbers: 1 }], [{ schoolId: 1 }]]);
}
