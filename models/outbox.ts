import { z } from 'zod';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'not-configured'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A notice's mail: recorded by the worker's sending activity, retried by an admin once failed. */
export const noticeDelivery = z
  .object({
    status: z
      .enum(DELIVERY_STATUSES)
      .describe('pending (to be sent, or tried again after a temporary refusal), sent, failed, not-configured (no SMTP_URL)'),
    attempts: z.number().int().min(0).describe('Times the SMTP server was tried, an admin’s retries included'),
    lastError: z.string().optional().describe('The last refusal or connection error, as the SMTP server or connection said it'),
    sentAt: z.string().optional().describe('When the SMTP server accepted it'),
  })
  .meta({ id: 'NoticeDelivery' });

export type NoticeDelivery = z.infer<typeof noticeDelivery>;

export const outboxMessage = z
  .object({
    id: z.string(),
    to: z.string(),
    audience: z.enum(['company', 'partnership', 'school']),
    template: z.string(),
    subject: z.string(),
    text: z.string(),
    applicationId: z.string().optional(),
    recognitionId: z.string().optional(),
    partnershipId: z.string().optional(),
    schoolId: z.string().optional().describe('The school a notice to a school is for'),
    enterpriseNumber: z
      .string()
      .optional()
      .describe("The company a notice to a company is for (its dossier's enterprise), recorded since notices are listed to it"),
    placementId: z.string().optional().describe('The placement a notice of a placement is about'),
    createdAt: z.string(),
    deliveredAt: z.string().optional().describe('Set once the SMTP server accepted it; locally the outbox is the delivery'),
    delivery: noticeDelivery
      .optional()
      .describe('Its mail; absent on a notice that is kept in the outbox only (placements, notices to schools)'),
    readAt: z
      .string()
      .optional()
      .describe('When the company or school it is for marked it read (POST /api/v1/notices/{id}/read)'),
  })
  .meta({ id: 'OutboxMessage' });

export type OutboxMessage = z.infer<typeof outboxMessage>;
