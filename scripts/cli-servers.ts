import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { payloadDataConverter, payloadKeysSchema } from '../platform/payload-codec';
import { connectTemporal } from '../platform/temporal';
import { dataDirOf, developmentPayloadKey } from './dev-auth';

// How a command-line tool (`npm run kbo:import`, `npm run import`) finds the servers: those of
// `npm start` with the same environment, MONGODB_URI / TEMPORAL_ADDRESS when set, else the
// local stack of DATA_DIR on npm start's default ports (scripts/start.ts).

export interface CliServers {
  mongoUri: string;
  temporalAddress: string;
  temporalNamespace: string;
  /** The worker's task queue: where an import's workflows run. */
  taskQueue: string;
  /** Where the local stack keeps its data, for the message when it is not running. */
  dataDir: string;
  local: boolean;
}

export function cliServers(env: NodeJS.ProcessEnv = process.env): CliServers {
  return {
    mongoUri: env.MONGODB_URI ?? `mongodb://127.0.0.1:${Number(env.ERKEND_STORE_PORT ?? 27017)}/erkend`,
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'erkend',
    dataDir: dataDirOf(env),
    local: !env.MONGODB_URI,
  };
}

/** The store, with the worker's deadlines (a batch may take seconds); says what to start when it is away. */
export async function connectCliStore(servers: CliServers = cliServers()): Promise<Connection> {
  try {
    return await connectMongo(servers.mongoUri, WORKER_STORE_DEADLINES);
  } catch (error) {
    const hint = servers.local
      ? `start the stack of ${servers.dataDir} first (npm start), or set MONGODB_URI`
      : 'check MONGODB_URI';
    throw new Error(`no store at ${servers.mongoUri} (${(error as Error).message}): ${hint}`);
  }
}

/**
 * A Temporal client that encrypts and decrypts payloads as the stack's workers do: with
 * PAYLOAD_ENCRYPTION_KEY, else (outside production) the key npm start keeps in DATA_DIR.
 */
export async function connectCliTemporal(servers: CliServers = cliServers(), env = process.env): Promise<Client> {
  const given = env.NODE_ENV === 'production' ? env.PAYLOAD_ENCRYPTION_KEY : developmentPayloadKey(servers.dataDir, env);
  const keys = payloadKeysSchema.safeParse(given);
  if (!keys.success) {
    throw new Error(
      `PAYLOAD_ENCRYPTION_KEY: ${given === undefined ? 'set the key of the workers' : keys.error.issues[0]!.message}`,
    );
  }
  return connectTemporal(servers.temporalAddress, servers.temporalNamespace, payloadDataConverter(keys.data));
}
