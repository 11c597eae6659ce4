import type { Connection } from 'mongoose';
import type { OutboxMessage } from '../models/outbox';
import { isDuplicateKey, storedModel } from './stored-model';

/** The notifications sent: locally the outbox is where mail is delivered. */
export function outboxModel(connection: Connection) {
  return storedModel<Omit<OutboxMessage, 'id'>>(connection, 'outbox', [
    [{ createdAt: -1 }],
    [{ applicationId: 1, createdAt: 1 }],
  ]);
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
