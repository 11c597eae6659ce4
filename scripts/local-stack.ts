import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import {
  type Exit,
  type ProcessSpec,
  ProcessStartError,
  type RunningProcess,
  describeExit,
  lastLines,
  launch,
  poll,
  sleep,
  waitForListening,
} from './child-processes';
import { type PortUse, waitUntilFree } from './free-resources';
import { cachedExecutable, freePort } from './servers.cjs';

// Starts the local servers (the store and Temporal) as child processes, each on its own ports
// and files, so that a development stack and any number of test runs can share one machine.
// The processes themselves are ./child-processes.ts, what they need free ./free-resources.ts,
// and keeping `npm start`'s running ./supervise.ts, re-exported here for their callers.

export * from './child-processes';
export * from './free-resources';
export * from './supervise';

export interface RunningServer {
  /** What a client connects to: a MongoDB URI or a Temporal host:port. */
  address: string;
  stop: () => Promise<void>;
  /** As in RunningProcess; absent for the upstream downloads, which run inside this process. */
  crashed?: Promise<Exit>;
}

const START_ATTEMPTS = 3;
const START_RETRY_PAUSE_MS = 1000;
const RESOURCES_TIMEOUT_MS = 30_000;

export interface ServerSpec extends Omit<ProcessSpec, 'args' | 'ready'> {
  /** One attempt's arguments and readiness check (a retry gets fresh ports). */
  attempt: () => Promise<{ args: string[]; ready: ProcessSpec['ready'] }>;
  ports: PortUse[];
  files?: string;
  logger?: Logger;
  attempts?: number;
  retryPauseMs?: number;
}

/**
 * Starts a server once its ports and files are free, and again, after a short pause, when it
 * dies while starting (a Temporal dev server can lose a race for one of the ports it picks
 * itself: see the README).
 */
export async function startServer(spec: ServerSpec): Promise<RunningProcess> {
  const attempts = spec.attempts ?? START_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    await waitUntilFree({
      name: spec.name,
      ports: spec.ports,
      files: spec.files,
      timeoutMs: RESOURCES_TIMEOUT_MS,
      logger: spec.logger,
      signal: spec.signal,
    });
    const { args, ready } = await spec.attempt();
    try {
      return await launch({ ...spec, args, ready });
    } catch (error) {
      const exit = error instanceof ProcessStartError ? error.exit : undefined;
      if (!exit || attempt >= attempts || spec.signal?.aborted) throw error;
      const pauseMs = spec.retryPauseMs ?? START_RETRY_PAUSE_MS;
      spec.logger?.warn(
        {
          process: spec.name,
          code: exit.code,
          signal: exit.signal,
          attempt,
          ...(exit.output ? { output: lastLines(exit.output) } : {}),
        },
        `${spec.name} exited with ${describeExit(exit)} while starting${exit.output ? '' : ' (its output is above)'}; trying again in ${pauseMs / 1000} s (attempt ${attempt + 1} of ${attempts})`,
      );
      if (!(await sleep(pauseMs, spec.signal))) throw error;
    }
  }
}

export interface StoreOptions {
  dataDir: string;
  port?: number;
  inheritOutput?: boolean;
  database: string;
  logger?: Logger;
  signal?: AbortSignal;
}

/** FerretDB on SQLite under `dataDir`; mongodb-memory-server where FerretDB could not be built. */
export async function startStore(options: StoreOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const executable = cachedExecutable('ferretdb');
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.join(dataDir, 'state'), { recursive: true });
  if (!executable) return startDownloadedMongo(dataDir, port, options.database);
  const server = await startServer({
    name: 'FerretDB',
    executable,
    attempt: async () => ({
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${dataDir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${path.join(dataDir, 'state')}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=error',
        '--log-format=json',
      ],
      ready: (signal) => waitForListening(port, 30_000, signal),
    }),
    ports: [{ port, use: 'store' }],
    files: `${dataDir}/`,
    inheritOutput: options.inheritOutput ?? false,
    logger: options.logger,
    signal: options.signal,
  });
  return { address: `mongodb://127.0.0.1:${port}/${options.database}`, ...server };
}

async function startDownloadedMongo(dataDir: string, port: number, database: string): Promise<RunningServer> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({
    instance: { port, ip: '127.0.0.1', dbPath: dataDir, storageEngine: 'wiredTiger' },
  });
  return { address: server.getUri(database), stop: async () => void (await server.stop({ doCleanup: false })) };
}

export interface TemporalOptions {
  dbFile: string;
  port?: number;
  /** Web UI port; null for none (tests). */
  uiPort: number | null;
  /** The codec endpoint the Web UI decodes payloads with (the API's /codec). */
  uiCodecEndpoint?: string;
  inheritOutput?: boolean;
  logger?: Logger;
  signal?: AbortSignal;
  /** Dynamic configuration values, e.g. a low `limit.historyCount.suggestContinueAsNew` for a test. */
  dynamicConfig?: Record<string, string | number>;
}

/** The Temporal CLI dev server with its SQLite file; the SDK's downloaded one as a fallback. */
export async function startTemporal(options: TemporalOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const executable = cachedExecutable('temporal-cli');
  const dbFile = path.resolve(options.dbFile);
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  if (!executable) return startDownloadedTemporal(options, port);
  const server = await startServer({
    name: 'Temporal dev server',
    executable,
    attempt: async () => {
      const httpPort = await freePort();
      return {
        args: [
          'server',
          'start-dev',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--http-port',
          String(httpPort),
          '--metrics-port',
          String(await freePort()),
          '--db-filename',
          dbFile,
          '--log-level',
          'warn',
          '--log-format',
          'json',
          ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
          ...uiCodecArgs(options),
          ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]),
        ],
        ready: (signal) => waitForHistory(httpPort, 60_000, signal),
      };
    },
    ports: [
      { port, use: 'Temporal frontend' },
      ...(options.uiPort === null ? [] : [{ port: options.uiPort, use: 'Temporal UI' }]),
    ],
    // The database and its -wal and -shm files.
    files: dbFile,
    inheritOutput: options.inheritOutput ?? false,
    logger: options.logger,
    signal: options.signal,
  });
  return { address: `127.0.0.1:${port}`, ...server };
}

/**
 * Ready means the history service answers: the frontend's port listens from the moment the
 * services are built, before the history service has started (or died at its start). A history
 * request for a workflow that does not exist passes the frontend to the history service and
 * comes back as 404 only when both serve.
 */
function waitForHistory(httpPort: number, timeoutMs: number, signal: AbortSignal) {
  const url = `http://127.0.0.1:${httpPort}/api/v1/namespaces/default/workflows/erkend-readiness-probe/history`;
  const answers = async () => {
    try {
      const response = await fetch(url, { signal });
      return response.status === 404 || `${response.status} ${await response.text()}`;
    } catch (error) {
      return (error as Error).message;
    }
  };
  return poll('the history service did not answer', answers, timeoutMs, signal);
}

const uiCodecArgs = (options: TemporalOptions) =>
  options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : [];

async function startDownloadedTemporal(options: TemporalOptions, port: number): Promise<RunningServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port,
      dbFilename: options.dbFile,
      ui: options.uiPort !== null,
      uiPort: options.uiPort ?? undefined,
      extraArgs: uiCodecArgs(options),
    },
  });
  return { address: env.address, stop: () => env.teardown() };
}
