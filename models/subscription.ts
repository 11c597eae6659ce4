import { z } from 'zod';
import { emailAddress, enterpriseNumber } from './formats';
import { problemCode, problemParams } from './problem-code-schemas';
import { coded } from './problem-codes';

// A school's subscription to status changes, delivered as Standard Webhooks.

export const subscriptionInput = z
  .object({
    url: z.url({ protocol: /^https?$/, ...coded('http-url', 'must be an http(s) URL') }),
    enterpriseNumbers: z.array(enterpriseNumber).max(1000).describe('The companies to follow; empty: every recognition'),
    contactEmail: emailAddress.optional().describe('Where the school hears when the subscription cannot be delivered'),
  })
  .strict()
  .meta({ id: 'SubscriptionInput' });

/** Why a subscription can never be delivered to: the reason in English, and by its code and values. */
const undeliverable = z.object({
  reason: z.string(),
  at: z.string(),
  code: problemCode.optional(),
  params: problemParams.optional(),
});

export type Undeliverable = z.output<typeof undeliverable>;

export const subscriptionView = z
  .object({
    id: z.string(),
    url: z.string(),
    enterpriseNumbers: z.array(z.string()),
    schoolId: z.string(),
    contactEmail: z.string().optional(),
    createdAt: z.string(),
    undeliverable: undeliverable
      .optional()
      .describe(
        'Set when the URL can never be delivered to (for example it resolves to a private address); no event is sent any more',
      ),
  })
  .meta({ id: 'Subscription' });

export type SubscriptionView = z.infer<typeof subscriptionView>;
