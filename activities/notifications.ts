import { log } from '@temporalio/activity';
import type { Connection } from 'mongoose';
import nodemailer from 'nodemailer';
import { type Audience, type NotificationData, type NotificationTemplate, renderNotification } from '../models/notifications';
import { applicationModel } from '../store/applications';
import { partnershipModel, trainingModel } from '../store/catalogue';
import { outboxModel, recordNotices } from '../store/outbox';
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
      partnerships.findById(dossier.partnershipId).lean(),
      trainings.findById(dossier.trainingCode).lean(),
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
    }));
  }

  /**
   * Records notices of one dossier in the outbox, in order (a retry finds those already there by
   * id and leaves them), then mails those not yet mailed when SMTP is configured.
   */
  async function deliver(inputs: NotifyInput[]) {
    if (inputs.length === 0) return;
    const messages = await render(inputs);
    await recordNotices(db, messages);
    if (!transport) {
      log.info('notifications in the outbox', { notifications: messages.map((m) => `${m.audience}:${m.template}`) });
      return;
    }
    for (const message of messages) {
      if ((await outbox.findById(message._id).lean())?.deliveredAt) continue;
      await transport.sendMail({
        from: mail.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message._id}@erkend>`,
      });
      await outbox.updateOne({ _id: message._id }, { $set: { deliveredAt: new Date().toISOString() } });
      log.info('notification mailed', { notificationId: message._id, template: message.template, audience: message.audience });
    }
  }

  return {
    /** Renders the Dutch notices of one step (all of one dossier) and delivers them, in order. */
    notifyAll: (inputs: NotifyInput[]): Promise<void> => deliver(inputs),
  };
}
