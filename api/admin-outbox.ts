import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { DELIVERY_STATUSES, outboxMessage } from '../models/outbox';
import { outboxModel, pageOfNotices } from '../store/outbox';
import { NOTICE_MAIL_WORKFLOW, type NoticeMailWorkflow, noticeMailWorkflowId } from '../workflows/notice-mail.messages';
import { idParam } from './dossier-routes';
import { Problem, notFound } from './problem';
import type { Routes } from './routes';
import type { TemporalCalls } from './temporal-calls';

// The administrator's view of the mail: each notice's delivery, the failed ones first of all,
// and a retry of one that failed. The worker mails (activities/notifications.ts); the API only
// reads the outbox and starts a retry's workflow.

const deliveryQuery = z
  .object({
    delivery: z.enum(DELIVERY_STATUSES).optional().describe('Only the notices whose delivery has this status'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().trim().min(1).max(200).optional().describe("A notice's `id`: the notices older than it (the next page)"),
  })
  .strict();

const withId = <T extends { _id: string }>({ _id, ...fields }: T) => ({ id: _id, ...fields });

export function adminOutboxRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls; taskQueue: string }) {
  const outbox = outboxModel(deps.db);

  const deliveries = routes.add({
    method: 'get',
    path: '/api/v1/admin/outbox',
    summary: 'Notices with their mail delivery, newest first (admin); `delivery=failed` lists those to retry',
    tag: 'Operations',
    roles: ['admin'],
    query: deliveryQuery,
    responses: { 200: { description: 'Newest first (ties by id), at most `limit`', schema: z.array(outboxMessage) } },
    handler: async ({ query }) => {
      const { delivery, limit, before } = query;
      // Paged from any notice: one that failed may have been sent since.
      const found = await pageOfNotices(deps.db, {}, delivery ? { 'delivery.status': delivery } : {}, { limit, before });
      return { status: 200, body: (found ?? []).map(withId) };
    },
  });

  const retry = routes.add({
    method: 'post',
    path: '/api/v1/admin/outbox/:id/retry',
    summary: 'Send a failed notice once more (admin): one try, its outcome on the notice’s `delivery` within seconds',
    tag: 'Operations',
    roles: ['admin'],
    params: idParam,
    responses: {
      202: { description: 'The try started; the notice as it stands (`delivery.status` pending)', schema: outboxMessage },
      409: { description: 'The notice’s delivery has not failed (sent, pending, or not mailed at all)' },
    },
    handler: async ({ params }) => {
      const notice = await outbox.findById(params.id).lean();
      if (!notice) throw notFound(`No notice ${params.id}`);
      const { delivery } = notice;
      if (delivery?.status !== 'failed') {
        throw new Problem(409, 'Conflict', `The notice's delivery is ${delivery?.status ?? 'not mailed'}, not failed`);
      }
      // One workflow per try (its id counts the tries before it): the same retry asked twice sends once.
      try {
        await deps.calls.call((client) =>
          client.workflow.start<NoticeMailWorkflow>(NOTICE_MAIL_WORKFLOW, {
            workflowId: noticeMailWorkflowId(params.id, delivery.attempts),
            taskQueue: deps.taskQueue,
            args: [{ noticeId: params.id, once: true }],
          }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      // Pending, unless the try has already recorded its outcome (it counts one attempt more).
      await outbox.updateOne(
        { _id: params.id, 'delivery.status': 'failed', 'delivery.attempts': delivery.attempts },
        { $set: { 'delivery.status': 'pending' } },
      );
      return { status: 202, body: withId((await outbox.findById(params.id).lean()) ?? notice) };
    },
  });

  return { deliveries, retry };
}
