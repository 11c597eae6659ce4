import type { Connection } from 'mongoose';
import { z } from 'zod';
import { storedModel } from './store';

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
    createdAt: z.string(),
    deliveredAt: z.string().optional().describe('Set once the SMTP server accepted it; locally the outbox is the delivery'),
  })
  .meta({ id: 'OutboxMessage' });

export type OutboxMessage = z.infer<typeof outboxMessage>;

export function outboxModel(connection: Connection) {
  return storedModel<Omit<OutboxMessage, 'id'>>(connection, 'outbox', [[{ createdAt: -1 }], [{ applicationId: 1, createdAt: 1 }]]);
}
