import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cachedExecutable, freePort, waitForPort } from './servers.cjs';

// Starts the local servers as child processes, each on its own ports and files, so that a
// development stack and any number of test runs can share one machine.

export interface RunningServer {
  /** What a client connects to: a MongoDB URI or a Temporal host:port. */
  address: string;
  stop: () => Promise<void>;
}

export interface ProcessSpec {
  name: string;
  executable: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves once the process serves; rejects when it does not in time. */
  ready: () => Promise<void>;
  /** Output goes to the terminal (npm start) or is kept for the error message (tests). */
  inheritOutput: boolean;
  /** Called when the process ends before it was asked to stop. */
  onUnexpectedExit?: (code: number | null) => void;
}

const children = new Set<ChildProcess>();

// A last resort for an exit that skipped the orderly stop: no server outlives this process.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startProcess(spec: ProcessSpec): Promise<() => Promise<void>> {
  const child = spawn(spec.executable, spec.args, { env: spec.env ?? process.env, stdio: ['ignore', spec.inheritOutput ? 'inherit' : 'pipe', spec.inheritOutput ? 'inherit' : 'pipe'] });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => children.delete(child));

  const failedEarly = exited.then((code) => {
    throw new Error(`${spec.name} exited with ${code} before it was ready\n${output}`);
  });
  try {
    await Promise.race([spec.ready(), failedEarly]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${spec.name} did not start: ${(error as Error).message}\n${output}`);
  }
  let stopping = false;
  failedEarly.catch((error) => {
    if (!stopping) spec.onUnexpectedExit?.(child.exitCode);
    return error;
  });

  return async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

export interface StoreOptions {
  dataDir: string;
  port?: number;
  inheritOutput?: boolean;
  database: string;
}

/** FerretDB on SQLite under `dataDir`; mongodb-memory-server where FerretDB could not be built. */
export async function startStore(options: StoreOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const executable = cachedExecutable('ferretdb');
  fs.mkdirSync(path.join(options.dataDir, 'state'), { recursive: true });
  if (!executable) return startDownloadedMongo(options.dataDir, port, options.database);
  const stop = await startProcess({
    name: 'FerretDB',
    executable,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${path.resolve(options.dataDir)}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${path.resolve(options.dataDir, 'state')}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
      '--log-format=json',
    ],
    ready: () => waitForPort(port, 30_000),
    inheritOutput: options.inheritOutput ?? false,
  });
  return { address: `mongodb://127.0.0.1:${port}/${options.database}`, stop };
}

async function startDownloadedMongo(dataDir: string, port: number, database: string): Promise<RunningServer> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { port, ip: '127.0.0.1', dbPath: dataDir, storageEngine: 'wiredTiger' } });
  return { address: server.getUri(database), stop: async () => void (await server.stop({ doCleanup: false })) };
}

export interface TemporalOptions {
  dbFile: string;
  port?: number;
  /** Web UI port; null for none (tests). */
  uiPort: number | null;
  inheritOutput?: boolean;
}

/** The Temporal CLI dev server with its SQLite file; the SDK's downloaded one as a fallback. */
export async function startTemporal(options: TemporalOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const executable = cachedExecutable('temporal-cli');
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  if (!executable) return startDownloadedTemporal(options, port);
  const stop = await startProcess({
    name: 'Temporal dev server',
    executable,
    args: [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--http-port', String(await freePort()),
      '--metrics-port', String(await freePort()),
      '--db-filename', path.resolve(options.dbFile),
      '--log-level', 'warn',
      '--log-format', 'json',
      ...(options.uiPort === null ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    ],
    ready: () => waitForPort(port, 60_000),
    inheritOutput: options.inheritOutput ?? false,
  });
  return { address: `127.0.0.1:${port}`, stop };
}

async function startDownloadedTemporal(options: TemporalOptions, port: number): Promise<RunningServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ip: '127.0.0.1', port, dbFilename: options.dbFile, ui: options.uiPort !== null, uiPort: options.uiPort ?? undefined },
  });
  return { address: env.address, stop: () => env.teardown() };
}

/** Polls a readiness URL until it answers 2xx. */
export async function waitForReady(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = await response.text();
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms: ${last}`);
}
