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
import type { StatusChangedEvent } from '../models/status-change-event';
import { type WebhookDeliveryInput, type WebhookDeliveryWorkflow, webhookEventSignal } from './webhook-delivery.messages';

// One workflow per subscription: it delivers the events it is sent one after the other, so a
// school receives every change in order; while the school is down the delivery is retried with
// a growing pause (up to ten minutes), and the events behind it wait their turn.

const { deliverWebhook, markSubscriptionUndeliverable } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const IDLE_BEFORE_CLOSING = '1 day';
const REMEMBERED = 500;

export const webhookDeliveryWorkflow: WebhookDeliveryWorkflow = async (input: WebhookDeliveryInput): Promise<void> => {
  const queue: StatusChangedEvent[] = [...(input.pending ?? [])];
  const delivered: string[] = [...(input.recentlyDelivered ?? [])];

  // A repeated signal (an activity retried after it had signalled) is dropped by event id.
  setHandler(webhookEventSignal, (event) => {
    if (!delivered.includes(event.id) && !queue.some((queued) => queued.id === event.id)) queue.push(event);
  });

  for (;;) {
    // Idle for a day: close; the next event starts the workflow again (signal-with-start).
    if (!(await condition(() => queue.length > 0, IDLE_BEFORE_CLOSING))) return;
    const event = queue[0]!;
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
    queue.shift();
    delivered.push(event.id);
    if (delivered.length > REMEMBERED) delivered.splice(0, delivered.length - REMEMBERED);
    if (outcome === 'subscription-gone') return;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof webhookDeliveryWorkflow>({
        subscriptionId: input.subscriptionId,
        pending: queue,
        recentlyDelivered: delivered,
      });
    }
  }
};
