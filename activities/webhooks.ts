import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_ADDRESS_REFUSED } from '../models/failures';
import { placementNoticeStatuses, renderSchoolNotice } from '../models/notifications';
import type { FieldRefusal } from '../models/problem-codes';
import type { StatusChangedEvent } from '../models/status-change-event';
import type { Undeliverable } from '../models/subscription';
import { type Resolve, resolveWebhookTarget } from '../platform/webhook-address';
import {
  type FanoutProgress,
  STATUS_CHANGE_FANOUT_WORKFLOW,
  type StatusChangeFanoutWorkflow,
  statusChangeFanoutWorkflowId,
  statusChangeSignal,
} from '../workflows/status-change-fanout.messages';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  type WebhookDeliveryWorkflow,
  webhookDeliveryWorkflowId,
  webhookEventSignal,
} from '../workflows/webhook-delivery.messages';
import { trainingModel } from '../store/catalogue';
import { outboxModel } from '../store/outbox';
import { placementModel, placementSlotModel, slotId } from '../store/placements';
import { recognitionModel } from '../store/recognitions';
import { insertIfAbsent } from '../store/stored-model';
import { subscriptionModel } from '../store/subscriptions';

/** Subscriptions handed a change per activity: a fraction of a second of signals, retried as a whole. */
const FANOUT_BATCH = 100;

/** One batch of a status change's fan-out (see fanOutStatusChange). */
export type FanoutBatch = { event: StatusChangedEvent } & FanoutProgress;

/** The subscriptions an event is for: those following its company or every company, and those of `schools`. */
function matchingSubscriptions(event: StatusChangedEvent, schools: string[]) {
  return {
    deletedAt: { $exists: false },
    undeliverable: { $exists: false },
    $or: [
      { enterpriseNumbers: event.data.enterpriseNumber },
      { enterpriseNumbers: { $size: 0 } },
      ...(schools.length ? [{ schoolId: { $in: schools } }] : []),
    ],
  };
}

export interface WebhookSettings {
  temporal: Client;
  taskQueue: string;
  allowPrivate: boolean;
}

/** The recognition as its notices name it; null when it is not (yet) in the store. */
type Placed = { capacity: number; companyName: string; partnershipId: string } | null;

/** The schools with learners placed at a recognition, and their notice of its change. */
function placementNotices(db: Connection) {
  const subscriptions = subscriptionModel(db);
  const outbox = outboxModel(db);
  const placements = placementModel(db);
  const slots = placementSlotModel(db);
  const trainings = trainingModel(db);

  /** The learners placed at a recognition now, per school: its taken places, read by `_id`. */
  async function placedLearners(recognitionId: string, recognition: Placed): Promise<Map<string, string[]>> {
    const placed = new Map<string, string[]>();
    for (let slot = 0; slot < (recognition?.capacity ?? 0); slot++) {
      const taken = await slots.findById(slotId(recognitionId, slot)).lean();
      const placement = taken && (await placements.findById(taken.placementId).lean());
      if (placement?.status !== 'active') continue;
      placed.set(placement.schoolId, [...(placed.get(placement.schoolId) ?? []), placement.learnerReference]);
    }
    return placed;
  }

  /** A notice per school with learners placed there, once per change (keyed by event and school). */
  async function noticeSchools(event: StatusChangedEvent, placed: Map<string, string[]>, recognition: Placed) {
    if (placed.size === 0) return;
    const schools = [...placed.keys()];
    const [training, contacts] = await Promise.all([
      trainings.findById(event.data.trainingCode).lean(),
      subscriptions
        .find({ schoolId: { $in: schools }, contactEmail: { $exists: true }, deletedAt: { $exists: false } })
        .select({ schoolId: 1, contactEmail: 1 })
        .lean(),
    ]);
    const createdAt = new Date().toISOString();
    for (const [schoolId, learners] of placed) {
      const { subject, text } = renderSchoolNotice('placements_status_changed', {
        recognitionId: event.data.recognitionId,
        companyName: recognition?.companyName ?? event.data.enterpriseNumber,
        trainingName: training?.name ?? event.data.trainingCode,
        status: event.data.status,
        learners,
      });
      await insertIfAbsent(outbox, {
        _id: `${event.id}:${schoolId}`,
        to: contacts.find((c) => c.schoolId === schoolId)?.contactEmail ?? '',
        audience: 'school',
        template: 'placements_status_changed',
        subject,
        text,
        recognitionId: event.data.recognitionId,
        partnershipId: recognition?.partnershipId,
        schoolId,
        createdAt,
      });
    }
    log.info('schools with placements told', { recognitionId: event.data.recognitionId, schools: schools.length });
  }

  return { placedLearners, noticeSchools };
}

export function webhookActivities(db: Connection, settings: WebhookSettings) {
  const subscriptions = subscriptionModel(db);
  const outbox = outboxModel(db);
  const recognitions = recognitionModel(db);
  const { placedLearners, noticeSchools } = placementNotices(db);

  return {
    /**
     * Hands a status change to its recognition's fan-out workflow (workflows/status-change-fanout.ts):
     * one call to Temporal in the recognition's step, whatever the number of subscriptions. A
     * retry signals again; the fan-out drops the repeat by event id.
     */
    async publishStatusChange(event: StatusChangedEvent): Promise<void> {
      await settings.temporal.workflow.signalWithStart<StatusChangeFanoutWorkflow, [StatusChangedEvent]>(
        STATUS_CHANGE_FANOUT_WORKFLOW,
        {
          workflowId: statusChangeFanoutWorkflowId(event.data.recognitionId),
          taskQueue: settings.taskQueue,
          args: [{ recognitionId: event.data.recognitionId }],
          signal: statusChangeSignal,
          signalArgs: [event],
        },
      );
    },

    /**
     * Tells the schools with learners placed at the recognition of its change (a notice each,
     * once per change) and answers them: their subscriptions get the change whatever companies
     * they follow.
     */
    async tellSchoolsWithPlacements(event: StatusChangedEvent): Promise<string[]> {
      const recognition = await recognitions.findById(event.data.recognitionId).lean();
      const placed = await placedLearners(event.data.recognitionId, recognition);
      if (event.data.previousStatus && placementNoticeStatuses.includes(event.data.status))
        await noticeSchools(event, placed, recognition);
      return [...placed.keys()];
    },

    /**
     * Hands a status change to the delivery workflows of the next FANOUT_BATCH matching
     * subscriptions after `after` (by `_id`); answers the last of them when more may follow. A
     * retry signals them again; a delivery workflow drops the repeat by event id.
     */
    async fanOutStatusChange({ event, schools, after }: FanoutBatch): Promise<{ next?: string }> {
      const batch = await subscriptions
        .find({ ...matchingSubscriptions(event, schools), ...(after ? { _id: { $gt: after } } : {}) })
        .sort({ _id: 1 })
        .limit(FANOUT_BATCH)
        .select({ _id: 1 })
        .lean();
      await Promise.all(
        batch.map(({ _id }) =>
          settings.temporal.workflow.signalWithStart<WebhookDeliveryWorkflow, [StatusChangedEvent]>(WEBHOOK_DELIVERY_WORKFLOW, {
            workflowId: webhookDeliveryWorkflowId(_id),
            taskQueue: settings.taskQueue,
            args: [{ subscriptionId: _id }],
            signal: webhookEventSignal,
            signalArgs: [event],
          }),
        ),
      );
      log.info('status change handed to subscriptions', {
        recognitionId: event.data.recognitionId,
        status: event.data.status,
        subscriptions: batch.length,
        schoolsWithPlacements: schools.length,
      });
      return batch.length === FANOUT_BATCH ? { next: batch.at(-1)!._id } : {};
    },

    /** POSTs one event, signed per Standard Webhooks; any answer but 2xx is retried. */
    async deliverWebhook({ subscriptionId, event }: { subscriptionId: string; event: StatusChangedEvent }) {
      const subscription = await subscriptions.findById(subscriptionId).lean();
      if (!subscription || subscription.deletedAt) return 'subscription-gone' as const;
      const { headers, body } = signedRequest(subscription.secret, event);
      let status: number;
      try {
        status = await postWebhook(subscription.url, headers, body, { allowPrivate: settings.allowPrivate });
      } catch (error) {
        // Not retried: marked here, where the refusal's code is known (the delivery workflow hands
        // markSubscriptionUndeliverable only the message), and the workflow tells the school.
        if (error instanceof WebhookRefused && error.permanent) {
          const { code, params } = error.refused;
          await markUndeliverable(subscriptions, subscriptionId, { reason: error.message, code, params });
          throw ApplicationFailure.nonRetryable(error.message, WEBHOOK_ADDRESS_REFUSED);
        }
        log.warn('webhook not delivered; retried', { subscriptionId, eventId: event.id, error: (error as Error).message });
        throw error;
      }
      if (status < 200 || status >= 300) {
        log.warn('webhook refused by the school; retried', { subscriptionId, eventId: event.id, status });
        throw new Error(`${subscription.url} answered ${status}`);
      }
      log.info('webhook delivered', { subscriptionId, eventId: event.id, status });
      return 'delivered' as const;
    },

    /**
     * Marks a subscription that can never be delivered, so no event waits for it, and tells its
     * school when it left an address to write to. Idempotent.
     */
    async markSubscriptionUndeliverable({ subscriptionId, reason }: { subscriptionId: string; reason: string }): Promise<void> {
      // deliverWebhook has marked it, with the refusal's code; the mark here is for one it has not.
      await markUndeliverable(subscriptions, subscriptionId, { reason });
      log.warn('subscription marked undeliverable', { subscriptionId, reason });
      const subscription = await subscriptions.findById(subscriptionId).lean();
      if (subscription?.contactEmail && subscription.undeliverable)
        await noticeUndeliverable(
          outbox,
          { ...subscription, contactEmail: subscription.contactEmail },
          subscription.undeliverable,
        );
    },
  };
}

/** Marks a subscription undeliverable, once: no event is handed to it any more. */
function markUndeliverable(
  subscriptions: ReturnType<typeof subscriptionModel>,
  subscriptionId: string,
  why: Omit<Undeliverable, 'at'>,
) {
  return subscriptions.updateOne(
    { _id: subscriptionId, undeliverable: { $exists: false } },
    { $set: { undeliverable: { ...why, at: new Date().toISOString() } } },
  );
}

/** The school's notice that its subscription can no longer be delivered to: once (keyed by the subscription). */
async function noticeUndeliverable(
  outbox: ReturnType<typeof outboxModel>,
  subscription: { _id: string; url: string; contactEmail: string; schoolId: string },
  { reason, at }: Undeliverable,
) {
  const { subject, text } = renderSchoolNotice('subscription_undeliverable', { url: subscription.url, reason });
  await outbox.updateOne(
    { _id: `${subscription._id}-undeliverable` },
    {
      $setOnInsert: {
        to: subscription.contactEmail,
        audience: 'school',
        template: 'subscription_undeliverable',
        subject,
        text,
        schoolId: subscription.schoolId,
        createdAt: at,
      },
    },
    { upsert: true },
  );
}

/** An event as its POST carries it, signed per Standard Webhooks with the subscription's secret. */
function signedRequest(secret: string, event: StatusChangedEvent) {
  const body = JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
  const timestamp = new Date();
  const headers = {
    'content-type': 'application/json',
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(event.id, timestamp, body),
  };
  return { headers, body };
}

/** A webhook URL that may not be called, and why by its code; `permanent` when no retry can change that. */
export class WebhookRefused extends Error {
  constructor(
    readonly refused: FieldRefusal,
    readonly permanent: boolean,
  ) {
    super(`webhook URL refused: ${refused.message}`);
  }
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
  if ('refused' in target) throw new WebhookRefused(target.refused, target.permanent);
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
