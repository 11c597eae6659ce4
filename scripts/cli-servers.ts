import type { Connection } from 'mongoose';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { dataDirOf } from './dev-auth';

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
