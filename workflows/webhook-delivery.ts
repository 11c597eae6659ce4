import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { WEBHOOK_ADDRESS_REFUSED } from '../models/failures';
import { type WebhookDeliveryInput, type WebhookDeliveryWorkflow, webhookEventSignal } from './webhook-delivery.messages';
import { EventQueue, doublingRetry } from './steps';

// One workflow per subscription: it delivers the events it is sent one after the other, so a
// school receives every change in order; while the school is down the delivery is retried with
// a growing pause (up to ten minutes), and the events behind it wait their turn.

const { deliverWebhook, markSubscriptionUndeliverable } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: doublingRetry('10 minutes'),
});

const IDLE_BEFORE_CLOSING = '1 day';
const REMEMBERED = 500;

export const webhookDeliveryWorkflow: WebhookDeliveryWorkflow = async (input: WebhookDeliveryInput): Promise<void> => {
  const queue = new EventQueue(REMEMBERED, input.pending, input.recentlyDelivered);

  setHandler(webhookEventSignal, (event) => queue.add(event));

  for (;;) {
    // Idle for a day: close; the next event starts the workflow again (signal-with-start).
    const event = await queue.next(IDLE_BEFORE_CLOSING);
    if (!event) return;
    let outcome: Awaited<ReturnType<typeof deliverWebhook>>;
    try {
      outcome = await deliverWebhook({ subscriptionId: input.subscriptionId, event });
    } catch (error) {
      if (!(
        error instanceof ActivityFailure &&
        error.cause instanceof ApplicationFailure &&
        error.cause.type === WEBHOOK_ADDRESS_REFUSED
      ))
        throw error;
      // The address can never be delivered to: say so on the subscription instead of blocking the queue forever.
      await markSubscriptionUndeliverable({ subscriptionId: input.subscriptionId, reason: error.cause.message });
      return;
    }
    queue.finish();
    if (outcome === 'subscription-gone') return;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof webhookDeliveryWorkflow>({
        subscriptionId: input.subscriptionId,
        pending: queue.pending,
        recentlyDelivered: queue.done,
      });
    }
  }
};
