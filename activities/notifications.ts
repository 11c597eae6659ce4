import { log } from '@temporalio/activity';
import type { Connection } from 'mongoose';
import nodemailer from 'nodemailer';
import { type Audience, type NotificationData, type NotificationTemplate, renderNotification } from '../models/notifications';
import { applicationModel } from '../store/applications';
import { partnershipModel, trainingModel } from '../store/catalogue';
import { outboxModel } from '../store/outbox';
import { recognitionModel } from '../store/recognitions';

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

export function notificationActivities(db: Connection, mail: MailSettings) {
  const outbox = outboxModel(db);
  const applications = applicationModel(db);
  const partnerships = partnershipModel(db);
  const trainings = trainingModel(db);
  const recognitions = recognitionModel(db);
  const transport = mail.smtpUrl ? nodemailer.createTransport(mail.smtpUrl) : undefined;

  const activities = {
    /**
     * Renders a Dutch notification about an application or a recognition and delivers it:
     * recorded in the outbox first (idempotent by id), then sent over SMTP when one is configured.
     */
    async notify(input: NotifyInput): Promise<void> {
      const existing = await outbox.findById(input.id).lean();
      if (existing?.deliveredAt || (existing && !transport)) return;
      const dossier = input.applicationId
        ? await applications
            .findById(input.applicationId)
            .lean()
            .then((found) => found && { ...found, contact: found.application.contact })
        : await recognitions.findById(input.recognitionId).lean();
      if (!dossier) throw new Error(`dossier ${input.applicationId ?? input.recognitionId} not found`);
      const partnership = await partnerships.findById(dossier.partnershipId).lean();
      const training = await trainings.findById(dossier.trainingCode).lean();
      const to = input.audience === 'company' ? dossier.contact.email : (partnership?.email ?? '');
      const { subject, text } = renderNotification(input.template, {
        ...input,
        companyName: dossier.companyName,
        trainingName: training?.name ?? dossier.trainingCode,
      });
      if (!existing) {
        await outbox.updateOne(
          { _id: input.id },
          {
            $setOnInsert: {
              to,
              audience: input.audience,
              template: input.template,
              subject,
              text,
              applicationId: input.applicationId,
              recognitionId: input.recognitionId,
              partnershipId: dossier.partnershipId,
              createdAt: new Date().toISOString(),
            },
          },
          { upsert: true },
        );
      }
      if (!transport) {
        log.info('notification in the outbox', { notificationId: input.id, template: input.template, audience: input.audience });
        return;
      }
      await transport.sendMail({ from: mail.from, to, subject, text, messageId: `<${input.id}@erkend>` });
      await outbox.updateOne({ _id: input.id }, { $set: { deliveredAt: new Date().toISOString() } });
      log.info('notification mailed', { notificationId: input.id, template: input.template, audience: input.audience });
    },

    /** The notices of one step, in order; a retry skips those already delivered. */
    async notifyAll(inputs: NotifyInput[]): Promise<void> {
      for (const input of inputs) await activities.notify(input);
    },
  };
  return activities;
}
