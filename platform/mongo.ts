import mongoose from 'mongoose';

/**
 * A connection of its own (not mongoose's global one), so that a test can hold several and a
 * process closes exactly what it opened. Fails fast when the store is away, so that a request
 * or a readiness probe answers instead of hanging.
 */
export async function connectMongo(uri: string): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5_000,
    // FerretDB, like many managed MongoDB services, does not support retryable writes.
    retryWrites: false,
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
