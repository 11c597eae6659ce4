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
    createdAt: z.string(),
    deliveredAt: z.string().optional().describe('Set once the SMTP server accepted it; locally the outbox is the delivery'),
  })
  .meta({ id: 'OutboxMessage' });

export type OutboxMessage = z.infer<typeof outboxMessage>;
