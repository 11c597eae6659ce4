import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { Webhook } from 'standardwebhooks';
import type { StatusChangedEvent } from '../models/status-change-event';
import { subscriptionModel } from '../models/subscription';
import { webhookAddressRefusal } from '../platform/webhook-address';
import { webhookDeliveryWorkflow, webhookDeliveryWorkflowId, webhookEventSignal } from '../workflows/webhook-delivery';

export interface WebhookSettings {
  temporal: Client;
  taskQueue: string;
  allowPrivate: boolean;
}

export function webhookActivities(db: Connection, settings: WebhookSettings) {
  const subscriptions = subscriptionModel(db);

  return {
    /**
     * Hands a status change to the delivery workflow of every matching subscription. A retry
     * signals again; the delivery workflow drops the repeat by event id.
     */
    async publishStatusChange(event: StatusChangedEvent): Promise<number> {
      const matching = await subscriptions
        .find({
          deletedAt: { $exists: false },
          $or: [{ enterpriseNumbers: event.data.enterpriseNumber }, { enterpriseNumbers: { $size: 0 } }],
        })
        .select({ _id: 1 })
        .lean();
      for (const { _id } of matching) {
        await settings.temporal.workflow.signalWithStart(webhookDeliveryWorkflow, {
          workflowId: webhookDeliveryWorkflowId(_id),
          taskQueue: settings.taskQueue,
          args: [{ subscriptionId: _id }],
          signal: webhookEventSignal,
          signalArgs: [event],
        });
      }
      return matching.length;
    },

    /** POSTs one event, signed per Standard Webhooks; any answer but 2xx is retried. */
    async deliverWebhook({ subscriptionId, event }: { subscriptionId: string; event: StatusChangedEvent }) {
      const subscription = await subscriptions.findById(subscriptionId).lean();
      if (!subscription || subscription.deletedAt) return 'subscription-gone' as const;
      const refusal = await webhookAddressRefusal(subscription.url, settings.allowPrivate);
      if (refusal) throw new Error(`webhook URL refused: ${refusal}`);
      const body = JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
      const timestamp = new Date();
      const signature = new Webhook(subscription.secret).sign(event.id, timestamp, body);
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': event.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status < 200 || response.status >= 300) {
        throw new Error(`${subscription.url} answered ${response.status}`);
      }
      return 'delivered' as const;
    },
  };
}
