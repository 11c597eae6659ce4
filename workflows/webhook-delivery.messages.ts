import { defineSignal } from '@temporalio/workflow';
import type { StatusChangedEvent } from '../models/status-change-event';

// The webhook delivery workflow's messages: one workflow per subscription, fed by signals.

export const WEBHOOK_DELIVERY_WORKFLOW = 'webhookDeliveryWorkflow';
export const webhookDeliveryWorkflowId = (subscriptionId: string) => `webhooks-${subscriptionId}`;

export interface WebhookDeliveryInput {
  subscriptionId: string;
  /** Carried over continue-as-new. */
  pending?: StatusChangedEvent[];
  recentlyDelivered?: string[];
}

export const webhookEventSignal = defineSignal<[StatusChangedEvent]>('event');

/** The workflow's signature, for clients that start it by name without importing its code. */
export type WebhookDeliveryWorkflow = (input: WebhookDeliveryInput) => Promise<void>;
