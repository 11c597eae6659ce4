import type { Connection } from 'mongoose';
import { z } from 'zod';
import { outboxMessage } from '../models/outbox';
import type { Routes } from './routes';
import { outboxModel } from '../store/outbox';

const outboxQuery = z
  .object({
    applicationId: z.string().trim().min(1).optional(),
    recognitionId: z.string().trim().min(1).optional(),
    to: z.string().trim().min(1).optional(),
    schoolId: z.string().trim().min(1).optional(),
    template: z.string().trim().min(1).max(80).optional().describe('One kind of notice, e.g. placement_proposed'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** The notifications sent, newest first: locally the outbox is where mail is delivered. */
export function outboxRoutes(routes: Routes, db: Connection) {
  const outbox = outboxModel(db);
  const list = routes.add({
    method: 'get',
    path: '/api/v1/outbox',
    summary: 'Notifications sent (admin)',
    tag: 'Operations',
    roles: ['admin'],
    query: outboxQuery,
    responses: { 200: { description: 'Newest first', schema: z.array(outboxMessage) } },
    handler: async ({ query }) => {
      const { limit, ...filter } = query;
      const found = await outbox.find(filter).sort({ createdAt: -1 }).limit(limit).lean();
      return { status: 200, body: found.map(({ _id, ...fields }) => ({ id: _id, ...fields })) };
    },
  });

  return { list };
}
