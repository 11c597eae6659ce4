import { z } from 'zod';

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
    readAt: z
      .string()
      .optional()
      .describe('When the company or school it is for marked it read (POST /api/v1/notices/{id}/read)'),
  })
  .meta({ id: 'OutboxMessage' });

export type OutboxMessage = z.infer<typeof outboxMessage>;
