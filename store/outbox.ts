import type { Connection } from 'mongoose';
import type { OutboxMessage } from '../models/outbox';
import { isDuplicateKey, storedModel } from './stored-model';

/** The notifications sent: locally the outbox is where mail is delivered. */
export function outboxModel(connection: Connection) {
  return storedModel<Omit<OutboxMessage, 'id'>>(connection, 'outbox', [
    [{ createdAt: -1 }],
    [{ applicationId: 1, createdAt: 1 }],
    // A company's and a school's own notices, newest first (GET /api/v1/notices).
    [{ enterpriseNumber: 1, createdAt: -1 }],
    [{ schoolId: 1, createdAt: -1 }],
    // The admin's failed deliveries, newest first (GET /api/v1/admin/outbox?delivery=failed).
    [{ 'delivery.status': 1, createdAt: -1 }],
  ]);
}

/** Whose notices: a company's, by its enterprise, or a school's. */
export type NoticeOwner = { enterpriseNumber: string } | { schoolId: string };

/** The store filter of an owner's notices: those to it, never a partnership's copy of the same dossier. */
export const noticesOf = (owner: NoticeOwner) =>
  'enterpriseNumber' in owner
    ? { audience: 'company' as const, enterpriseNumber: owner.enterpriseNumber }
    : { audience: 'school' as const, schoolId: owner.schoolId };

/**
 * An owner's notices, newest first (ties by id), at most `limit`: with `before` (one of its
 * notices) those older than it, undefined when it has no such notice.
 */
export async function listNotices(
  db: Connection,
  owner: NoticeOwner,
  { read, limit, before }: { read?: boolean; limit: number; before?: string },
) {
  return pageOfNotices(db, noticesOf(owner), read === undefined ? {} : { readAt: { $exists: read } }, { limit, before });
}

/**
 * The notices of `scope` that also pass `filter`, newest first (ties by id), at most `limit`:
 * with `before` (a notice of `scope`) those older than it, undefined when `scope` has no such notice.
 */
export async function pageOfNotices(
  db: Connection,
  scope: Record<string, unknown>,
  filter: Record<string, unknown>,
  { limit, before }: { limit: number; before?: string },
) {
  const outbox = outboxModel(db);
  const query: Record<string, unknown> = { ...scope, ...filter };
  if (before !== undefined) {
    const from = await outbox
      .findOne({ _id: before, ...scope })
      .select({ createdAt: 1 })
      .lean();
    if (!from) return undefined;
    query.$or = [{ createdAt: { $lt: from.createdAt } }, { createdAt: from.createdAt, _id: { $lt: before } }];
  }
  return outbox.find(query).sort({ createdAt: -1, _id: -1 }).limit(limit).lean();
}

/**
 * Marks an owner's notice read at `at`, once (marked again, it keeps its first moment); false when
 * the owner has no such notice.
 */
export async function markNoticeRead(db: Connection, owner: NoticeOwner, id: string, at: Date): Promise<boolean> {
  const outbox = outboxModel(db);
  const mine = { _id: id, ...noticesOf(owner) };
  const marked = await outbox.updateOne({ ...mine, readAt: { $exists: false } }, { $set: { readAt: at.toISOString() } });
  return marked.matchedCount === 1 || (await outbox.exists(mine)) !== null;
}

/**
 * Records notices by their ids, in order; those an earlier attempt recorded are kept as they are,
 * so a retried step records each once.
 */
export async function recordNotices(db: Connection, messages: Array<Omit<OutboxMessage, 'id'> & { _id: string }>) {
  try {
    await outboxModel(db).collection.insertMany(messages as never[], { ordered: false });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** Deletes the notices sent before `before` (retention): one command, whatever their number. */
export async function deleteNoticesBefore(db: Connection, before: Date): Promise<number> {
  return (await outboxModel(db).deleteMany({ createdAt: { $lt: before.toISOString() } })).deletedCount;
}

/** Deletes notices by id (an erasure request), one look-up by `_id` each. */
export async function deleteNotices(db: Connection, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await outboxModel(db).bulkWrite(
    ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
    { ordered: false },
  );
}
