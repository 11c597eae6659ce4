import mongoose from 'mongoose';

/** How long a request may wait on the store before the API answers 503 instead. */
export interface StoreDeadlines {
  /** Finding a server to talk to (a stopped or unreachable store). */
  selectionMs: number;
  /** Silence on an open connection while an answer is due (a paused store). */
  socketMs: number;
}

/** For the API: a person or a school system waits on these, so a few seconds at most. */
export const API_STORE_DEADLINES: StoreDeadlines = { selectionMs: 2_000, socketMs: 3_000 };
/** For the worker: activities have 30 s each and are retried, so the store may take longer. */
export const WORKER_STORE_DEADLINES: StoreDeadlines = { selectionMs: 5_000, socketMs: 25_000 };

/**
 * A connection of its own (not mongoose's global one), so that a test can hold several and a
 * process closes exactly what it opened. Every operation has a deadline: when the store is
 * away or stalls, a request fails within seconds (503) instead of hanging.
 */
export async function connectMongo(uri: string, deadlines: StoreDeadlines = API_STORE_DEADLINES): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: deadlines.selectionMs,
    connectTimeoutMS: deadlines.selectionMs,
    waitQueueTimeoutMS: deadlines.selectionMs,
    socketTimeoutMS: deadlines.socketMs,
    // No queue of our own in front of the driver's: a command sent while the connection is
    // down fails at once, with the driver's own deadlines, rather than waiting in a buffer.
    bufferCommands: false,
    // FerretDB, like many managed MongoDB services, does not support retryable writes. Reads are
    // not retried by the driver either: that would double a request's wait on a stalled store,
    // and the caller is told to retry (503, Retry-After) as Temporal retries an activity.
    retryWrites: false,
    retryReads: false,
  });
  await connection.asPromise();
  return connection;
}

export async function pingMongo(connection: mongoose.Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) {
    throw new Error('not connected');
  }
  await withTimeout(db.command({ ping: 1 }), timeoutMs);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
