import { log } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { LRUCache } from 'lru-cache';
import nodemailer from 'nodemailer';
import { type Audience, type NotificationData, type NotificationTemplate, renderNotification } from '../models/notifications';
import { applicationModel } from '../store/applications';
import { partnershipModel, trainingModel } from '../store/catalogue';
import { outboxModel, recordNotices } from '../store/outbox';
import { recognitionModel } from '../store/recognitions';
import {
  MAIL_REFUSED,
  NOTICE_MAIL_WORKFLOW,
  type NoticeMailWorkflow,
  noticeMailWorkflowId,
} from '../workflows/notice-mail.messages';
import type { WebhookSettings } from './webhooks';

/** What the workflow says; the company and training names are filled in from the dossier. */
export interface NotifyInput extends Omit<NotificationData, 'companyName' | 'trainingName'> {
  /** Unique per message, made by the workflow: a retry never sends twice. */
  id: string;
  audience: Audience;
  template: NotificationTemplate;
}

export interface MailSettings {
  /** SMTP server, e.g. smtp://user:pass@mail.example:587; unset: the outbox collection is the delivery. */
  smtpUrl?: string;
  from: string;
}

/**
 * A refusal for good: the SMTP server's 5xx (such as an unknown mailbox), or an envelope nodemailer
 * cannot send at all (no recipient). Others (4xx, no connection) may pass later.
 */
const refusedForGood = (error: unknown) => {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  return responseCode === undefined ? code === 'EENVELOPE' : responseCode >= 500;
};

/**
 * A partnership's address and a training's name, as notices name them: read once a minute at
 * most rather than at every step (an admin's change reaches the notices within that minute).
 */
function catalogueNames(db: Connection) {
  const cached = <T extends object>(read: (id: string) => Promise<T>) =>
    new LRUCache<string, T>({ max: 1000, ttl: 60_000, fetchMethod: read });
  return {
    partnerships: cached(async (id) => ({ email: (await partnershipModel(db).findById(id).lean())?.email })),
    trainings: cached(async (code) => ({ name: (await trainingModel(db).findById(code).lean())?.name })),
  };
}

export function notificationActivities(db: Connection, mail: MailSettings, workflows: Omit<WebhookSettings, 'allowPrivate'>) {
  const outbox = outboxModel(db);
  const applications = applicationModel(db);
  const recognitions = recognitionModel(db);
  const transport = mail.smtpUrl ? nodemailer.createTransport(mail.smtpUrl) : undefined;
  const names = catalogueNames(db);

  /** Who a notice goes to and what it says, from its dossier (read once for a step's notices). */
  async function render(inputs: NotifyInput[]) {
    const first = inputs[0]!;
    const dossier = first.applicationId
      ? await applications
          .findById(first.applicationId)
          .lean()
          .then((found) => found && { ...found, contact: found.application.contact })
      : await recognitions.findById(first.recognitionId).lean();
    if (!dossier) throw new Error(`dossier ${first.applicationId ?? first.recognitionId} not found`);
    const [partnership, training] = await Promise.all([
      names.partnerships.fetch(dossier.partnershipId),
      names.trainings.fetch(dossier.trainingCode),
    ]);
    const createdAt = new Date().toISOString();
    return inputs.map((input) => ({
      _id: input.id,
      to: input.audience === 'company' ? dossier.contact.email : (partnership?.email ?? ''),
      audience: input.audience,
      template: input.template,
      ...renderNotification(input.template, {
        ...input,
        companyName: dossier.companyName,
        trainingName: training?.name ?? dossier.trainingCode,
      }),
      ...(input.applicationId ? { applicationId: input.applicationId } : {}),
      ...(input.recognitionId ? { recognitionId: input.recognitionId } : {}),
      partnershipId: dossier.partnershipId,
      // Whose it is, so the company finds it among its notices (GET /api/v1/notices).
      ...(input.audience === 'company' ? { enterpriseNumber: dossier.enterpriseNumber } : {}),
      createdAt,
      delivery: { status: transport ? ('pending' as const) : ('not-configured' as const), attempts: 0 },
    }));
  }

  /** Starts a notice's mail workflow once: a retried step finds it started (or done) and starts none. */
  async function startMail(noticeId: string) {
    try {
      await workflows.temporal.workflow.start<NoticeMailWorkflow>(NOTICE_MAIL_WORKFLOW, {
        workflowId: noticeMailWorkflowId(noticeId),
        taskQueue: workflows.taskQueue,
        args: [{ noticeId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /**
   * Records notices of one dossier in the outbox, in order (a retry finds those already there by
   * id and leaves them), then, when SMTP is configured, starts each one's mail workflow
   * (workflows/notice-mail.ts): a mail server that refuses or is away never holds up the step.
   */
  async function deliver(inputs: NotifyInput[]) {
    if (inputs.length === 0) return;
    const messages = await render(inputs);
    await recordNotices(db, messages);
    if (!transport) {
      log.info('notifications in the outbox', { notifications: messages.map((m) => `${m.audience}:${m.template}`) });
      return;
    }
    for (const message of messages) await startMail(message._id);
  }

  /**
   * Mails one notice and records the outcome on it. Sent is recorded right after the server
   * accepted it, so a retried attempt finds it and sends nothing. SMTP itself is at-least-once:
   * should the worker stop between the server's acceptance and that record, the retry sends the
   * mail again (with the same Message-ID, by which a receiving system may recognise it).
   */
  async function mailNotice(noticeId: string) {
    const notice = await outbox.findById(noticeId).lean();
    // Erased meanwhile (retention, a person's request), already sent, or no SMTP any more.
    if (!notice || !transport || notice.delivery?.status === 'sent' || notice.deliveredAt) return;
    const attempts = (notice.delivery?.attempts ?? 0) + 1;
    try {
      await transport.sendMail({
        from: mail.from,
        to: notice.to,
        subject: notice.subject,
        text: notice.text,
        messageId: `<${noticeId}@erkend>`,
      });
    } catch (error) {
      const forGood = refusedForGood(error);
      const lastError = error instanceof Error ? error.message : String(error);
      await outbox.updateOne(
        { _id: noticeId },
        { $set: { delivery: { status: forGood ? 'failed' : 'pending', attempts, lastError } } },
      );
      log.warn('notification not mailed', { notificationId: noticeId, attempts, forGood, error: lastError });
      if (forGood) throw ApplicationFailure.create({ type: MAIL_REFUSED, message: lastError, nonRetryable: true });
      throw error;
    }
    const sentAt = new Date().toISOString();
    await outbox.updateOne({ _id: noticeId }, { $set: { delivery: { status: 'sent', attempts, sentAt }, deliveredAt: sentAt } });
    log.info('notification mailed', { notificationId: noticeId, template: notice.template, audience: notice.audience });
  }

  return {
    /** Renders the Dutch notices of one step (all of one dossier), records them in order and mails them. */
    notifyAll: (inputs: NotifyInput[]): Promise<void> => deliver(inputs),
    mailNotice,
    /** A notice whose tries are used up: failed, for an admin to see and retry (one sent meanwhile stays sent). */
    async markNoticeUndelivered(noticeId: string): Promise<void> {
      await outbox.updateOne({ _id: noticeId, 'delivery.status': 'pending' }, { $set: { 'delivery.status': 'failed' } });
    },
  };
}
