import type { Connection } from 'mongoose';
import { z } from 'zod';
import { type Notice, noticeListQuery, noticeView } from '../models/notice';
import type { OutboxMessage } from '../models/outbox';
import type { Principal } from '../platform/auth';
import { type NoticeOwner, listNotices, markNoticeRead } from '../store/outbox';
import { notFound } from './problem';
import type { Routes } from './routes';

// A company's and a school's own notifications (contract v3): the notices the outbox holds for
// it, newest first, and each marked read. Whose a notice is, is recorded with it (the company's
// enterprise, the school); another tenant's notice is not found.

interface Dependencies {
  db: Connection;
  now: () => Date;
}

// A notice's id is made by the step that sent it: a placement's id with its party and kind, an event's with a school.
const noticeParam = z.object({ id: z.string().trim().min(1).max(200) });

const ownerOf = (principal: Extract<Principal, { role: 'company' | 'school' }>): NoticeOwner =>
  principal.role === 'company' ? { enterpriseNumber: principal.enterpriseNumber } : { schoolId: principal.schoolId };

/** A stored notice as its owner reads it: what the mail said and what it concerns, never to whom it went. */
const toNotice = (message: Omit<OutboxMessage, 'id'> & { _id: string }): Notice => ({
  id: message._id,
  at: message.createdAt,
  template: message.template,
  subject: message.subject,
  text: message.text,
  ...(message.applicationId ? { applicationId: message.applicationId } : {}),
  ...(message.recognitionId ? { recognitionId: message.recognitionId } : {}),
  ...(message.placementId ? { placementId: message.placementId } : {}),
  read: message.readAt !== undefined,
  ...(message.readAt ? { readAt: message.readAt } : {}),
});

export function noticeRoutes(routes: Routes, deps: Dependencies) {
  const list = routes.add({
    method: 'get',
    path: '/api/v1/notices',
    summary: 'The company’s or school’s own notifications, newest first, read or not',
    tag: 'Notices',
    roles: ['company', 'school'],
    query: noticeListQuery,
    responses: {
      200: {
        description: 'Newest first, at most `limit`; the next page with `before` the last one’s id',
        schema: z.array(noticeView),
      },
      404: { description: '`before` is none of your notices' },
    },
    handler: async ({ query, principal }) => {
      const read = query.read === undefined ? undefined : query.read === 'true';
      const found = await listNotices(deps.db, ownerOf(principal), { read, limit: query.limit, before: query.before });
      // As a placement list for another's recognition: a page after a notice that is not this reader's is not found.
      if (!found) throw notFound(`No notice ${query.before} to page from`);
      return { status: 200, body: found.map(toNotice) };
    },
  });

  const markRead = routes.add({
    method: 'post',
    path: '/api/v1/notices/:id/read',
    summary: 'Mark one of the company’s or school’s notices read; marked again, it keeps its first moment',
    tag: 'Notices',
    roles: ['company', 'school'],
    params: noticeParam,
    responses: { 204: { description: 'Read' }, 404: { description: 'No such notice of yours' } },
    handler: async ({ params, principal }) => {
      if (!(await markNoticeRead(deps.db, ownerOf(principal), params.id, deps.now()))) throw notFound(`No notice ${params.id}`);
      return { status: 204 };
    },
  });

  return { list, markRead };
}
