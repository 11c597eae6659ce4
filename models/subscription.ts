import type { Connection } from 'mongoose';
import { z } from 'zod';
import { enterpriseNumber } from './formats';
import { storedModel } from './store';

// A school's subscription to status changes, delivered as Standard Webhooks.

export const subscriptionInput = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    enterpriseNumbers: z.array(enterpriseNumber).max(1000).describe('The companies to follow; empty: every recognition'),
  })
  .strict()
  .meta({ id: 'SubscriptionInput' });

export const subscriptionView = z
  .object({
    id: z.string(),
    url: z.string(),
    enterpriseNumbers: z.array(z.string()),
    schoolId: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Subscription' });

export type SubscriptionView = z.infer<typeof subscriptionView>;

export interface StoredSubscription extends Omit<SubscriptionView, 'id'> {
  secret: string;
  deletedAt?: string;
}

export function subscriptionModel(connection: Connection) {
  return storedModel<StoredSubscription>(connection, 'subscriptions', [[{ enterpriseNumbers: 1 }], [{ schoolId: 1 }]]);
}
