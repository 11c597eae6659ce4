import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { Webhook } from 'standardwebhooks';
import type { StatusChangedEvent } from '../models/status-change-event';
import { subscriptionModel } from '../models/subscription';
import { type Resolve, resolveWebhookTarget } from '../platform/webhook-address';
import type { webhookDeliveryWorkflow } from '../workflows/webhook-delivery';
import { WEBHOOK_DELIVERY_WORKFLOW, webhookDeliveryWorkflowId, webhookEventSignal } from '../workflows/webhook-delivery.messages';

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
        await settings.temporal.workflow.signalWithStart<typeof webhookDeliveryWorkflow, [StatusChangedEvent]>(WEBHOOK_DELIVERY_WORKFLOW, {
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
      const body = JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
      const timestamp = new Date();
      const signature = new Webhook(subscription.secret).sign(event.id, timestamp, body);
      const headers = {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      };
      const status = await postWebhook(subscription.url, headers, body, { allowPrivate: settings.allowPrivate });
      if (status < 200 || status >= 300) throw new Error(`${subscription.url} answered ${status}`);
      return 'delivered' as const;
    },
  };
}

/**
 * POSTs to a webhook URL and answers the status code. The host is resolved once, every address
 * checked, and the connection made to those very addresses: a second look-up (as fetch would
 * do) could be answered by a rebinding DNS server with a loopback or private address. The Host
 * header and TLS server name stay the URL's host. Redirects are not followed.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; resolve?: Resolve },
): Promise<number> {
  const target = await resolveWebhookTarget(url, options.allowPrivate, options.resolve);
  if ('refusal' in target) throw new Error(`webhook URL refused: ${target.refusal}`);
  const { addresses } = target;
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const parsed = new URL(url);
  const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      parsed,
      {
        method: 'POST',
        headers: { ...headers, host: parsed.host, 'content-length': Buffer.byteLength(body) },
        lookup: pinned,
        // A pooled socket could have been opened for an earlier resolution of the same host.
        agent: false,
        signal: AbortSignal.timeout(10_000),
      },
      (response) => {
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
