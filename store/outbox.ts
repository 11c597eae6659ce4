import type { Connection } from 'mongoose';
import type { OutboxMessage } from '../models/outbox';
import { storedModel } from './stored-model';

/** The notifications sent: locally the outbox is where mail is delivered. */
export function outboxModel(connection: Connection) {
  return storedModel<Omit<OutboxMessage, 'id'>>(connection, 'outbox', [
    [{ createdAt: -1 }],
    [{ applicationId: 1, createdAt: 1 }],
  ]);
}
