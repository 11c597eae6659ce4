import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import { cachedExecutable, freePort } from './servers.cjs';

// Starts the local servers as child processes, each on its own ports and files, so that a
// development stack and any number of test runs can share one machine; and keeps the processes
// of `npm start` running (supervise).

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what it wrote, unless that went to the terminal. */
  output: string;
}

export interface RunningProcess {
  stop: () => Promise<void>;
  /** Settles when the process ends without having been asked to stop; never after `stop`. */
  crashed: Promise<Exit>;
}

export interface RunningServer {
  /** What a client connects to: a MongoDB URI or a Temporal host:port. */
  address: string;
  stop: () => Promise<void>;
  /** As in RunningProcess; absent for the upstream downloads, which run inside this process. */
  crashed?: Promise<Exit>;
}

export interface ProcessSpec {
  name: string;
  executable: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Resolves once the process serves; rejects when it does not in time. Its `signal` aborts
   * when the start has failed otherwise, so the check can stop polling. */
  ready: (signal: AbortSignal) => Promise<void>;
  /** Output goes to the terminal (npm start), or is kept for the error messages (tests). */
  inheritOutput: boolean;
  /** Aborting it while the process starts stops the process and rejects the start. */
  signal?: AbortSignal;
}

/** A start that failed; `exit` is set when the process died while starting. */
export class ProcessStartError extends Error {
  constructor(
    message: string,
    readonly exit?: Exit,
  ) {
    super(message);
  }
}

const children = new Set<ChildProcess>();

// A last resort for an exit that skipped the orderly stop: no server outlives this process.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

let parentDeathSignal: string[] | null | undefined;

// On Linux the kernel can send a child SIGTERM when this process dies, even by SIGKILL (the tsx
// command line kills a script that takes over 60 ms to acknowledge Ctrl-C, and a terminal's
// close or an IDE's stop button may too): util-linux `setpriv --pdeathsig` sets that up and then
// runs the program itself, so the process id stays the server's. Elsewhere children are
// stopped by the 'exit' hook above and by the terminal's Ctrl-C, which reaches their process
// group.
function parentDeathPrefix(): string[] | null {
  if (parentDeathSignal === undefined) {
    const probe = process.platform === 'linux' ? spawnSync('setpriv', ['--help'], { encoding: 'utf8' }) : undefined;
    parentDeathSignal =
      probe?.status === 0 && probe.stdout.includes('--pdeathsig') ? ['setpriv', '--pdeathsig', 'TERM', '--'] : null;
  }
  return parentDeathSignal;
}

export const describeExit = (exit: Exit) => (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);

/** The last lines of a process's output, for a log line or an error message. */
export const lastLines = (output: string, count = 12) => output.trimEnd().split('\n').slice(-count).join('\n');

/** A message, then the end of the output on lines of their own, if there is any. */
const withOutput = (message: string, output: string) => (output.trim() ? `${message}\n${lastLines(output)}` : message);

const NEVER = new Promise<never>(() => undefined);

/** Starts a process and resolves once it is ready. */
export async function launch(spec: ProcessSpec): Promise<RunningProcess> {
  const prefix = parentDeathPrefix();
  const [command, ...args] = [...(prefix ?? []), spec.executable, ...spec.args];
  const child = spawn(command!, args, {
    env: spec.env ?? process.env,
    // Inherited output stays on the terminal if this process dies first: a child writing into
    // a pipe nobody reads any more may hang on its way out.
    stdio: ['ignore', spec.inheritOutput ? 'inherit' : 'pipe', spec.inheritOutput ? 'inherit' : 'pipe'],
    // Where the kernel stops children with us, they get a process group of their own, so that
    // Ctrl-C reaches this process alone and it stops them in order, dependents first.
    detached: prefix !== null,
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, output: `${output}\n${error.message}` }));
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
  void exited.then(() => children.delete(child));

  let stopRequested = false;
  const stop = async () => {
    stopRequested = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ProcessStartError(`${spec.name} was stopped while starting`));
    if (spec.signal?.aborted) onAbort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const died = exited.then((exit) => {
    throw new ProcessStartError(
      withOutput(`${spec.name} exited with ${describeExit(exit)} before it was ready`, exit.output),
      exit,
    );
  });
  const readiness = new AbortController();
  try {
    await Promise.race([spec.ready(readiness.signal), died, aborted]);
  } catch (error) {
    await stop();
    if (error instanceof ProcessStartError) throw error;
    throw new ProcessStartError(withOutput(`${spec.name} did not start: ${(error as Error).message}`, output));
  } finally {
    readiness.abort();
    spec.signal?.removeEventListener('abort', onAbort);
  }
  died.catch(() => undefined);
  aborted.catch(() => undefined);
  return { stop, crashed: exited.then((exit) => (stopRequested ? NEVER : exit)) };
}

/** Starts a process and resolves with the function that stops it. */
export async function startProcess(spec: ProcessSpec): Promise<() => Promise<void>> {
  return (await launch(spec)).stop;
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', done);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Polls `check` until it returns true; rejects after `timeoutMs` with its last complaint, or
 * as soon as `signal` aborts. */
async function poll(
  what: string,
  check: () => Promise<true | string>,
  timeoutMs: number,
  signal?: AbortSignal,
  intervalMs = 100,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result === true) return;
    if (Date.now() >= deadline) throw new Error(`${what} within ${timeoutMs} ms: ${result}`);
    if (!(await sleep(intervalMs, signal))) throw new Error(`stopped waiting: ${what}`);
  }
}

/** Waits until something accepts connections on the port. */
export function waitForListening(port: number, timeoutMs: number, signal?: AbortSignal) {
  const accepts = () =>
    new Promise<true | string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', (error) => resolve(error.message));
    });
  return poll(`nothing listened on port ${port}`, accepts, timeoutMs, signal);
}

/** Polls a readiness URL until it answers 2xx. */
export function waitForReady(url: string, timeoutMs: number, signal?: AbortSignal) {
  const ready = async () => {
    try {
      const response = await fetch(url, { signal });
      return response.ok || (await response.text());
    } catch (error) {
      return (error as Error).message;
    }
  };
  return poll(`${url} not ready`, ready, timeoutMs, signal, 250);
}

// --- What a server needs free before it starts ---------------------------------------------

export interface PortUse {
  port: number;
  /** What the server uses it for, for the message. */
  use: string;
}

/** Whether a server could listen on the port now; like the servers, with SO_REUSEADDR, so a
 * port whose last connections are only in TIME_WAIT counts as free. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Processes (id and command line) with an open file descriptor that `matches`; Linux only. */
function processesWith(matches: (link: string) => boolean): string[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        return matches(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let commandLine = '?';
    try {
      commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 200);
    } catch {
      // It ended meanwhile.
    }
    found.push(`pid ${pid} (${commandLine})`);
  }
  return found;
}

/** The processes with a socket on this local port; Linux only, else empty. */
export function portHolders(port: number): string[] {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const [, local, , , , , , , , inode] = line.trim().split(/\s+/);
      if (local && inode && inode !== '0' && parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(inode);
    }
  }
  return inodes.size ? processesWith((link) => inodes.has(link.slice('socket:['.length, -1))) : [];
}

/** The processes with a file open whose path starts with `prefix`; Linux only, else empty. */
export function fileHolders(prefix: string): string[] {
  return processesWith((link) => link.startsWith(prefix));
}

export interface Resources {
  /** Who is waiting, for the messages. */
  name: string;
  ports: PortUse[];
  /** Path prefix of the server's data files: another process with one open (a previous server
   * still stopping) would have it fail on a locked database. */
  files?: string;
  timeoutMs: number;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Waits until the ports are free and no process has the files open, saying once what it waits
 * for; rejects after `timeoutMs` naming what is still in use and, where it can tell, by whom.
 */
export async function waitUntilFree(resources: Resources): Promise<void> {
  const deadline = Date.now() + resources.timeoutMs;
  let reported = false;
  for (;;) {
    const busy: string[] = [];
    for (const { port, use } of resources.ports) {
      if (await portIsFree(port)) continue;
      const holders = portHolders(port);
      busy.push(`port ${port} (${use})${holders.length ? ` held by ${holders.join(', ')}` : ''}`);
    }
    const files = resources.files ? fileHolders(resources.files) : [];
    if (files.length) busy.push(`${resources.files} open in ${files.join(', ')}`);
    if (!busy.length) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `${resources.name} cannot start: ${busy.join('; ')}, still after ${resources.timeoutMs / 1000} s. Stop that process or choose other ports.`,
      );
    }
    if (!reported) {
      resources.logger?.warn({ process: resources.name, busy }, `${resources.name} waits for ${busy.join('; ')}`);
      reported = true;
    }
    if (!(await sleep(200, resources.signal))) throw new ProcessStartError(`${resources.name} was stopped while starting`);
  }
}

// --- Servers -------------------------------------------------------------------------------

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

// --- Supervision ---------------------------------------------------------------------------

export interface SupervisionPolicy {
  /** Pause before the first restart, doubled after each further crash up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** After this many crashes within `windowMs` the process is given up for good. */
  maxCrashes: number;
  windowMs: number;
  /** A process that ran this long before it crashed counts its crashes afresh. */
  stableAfterMs: number;
}

export const DEFAULT_SUPERVISION: SupervisionPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 120_000,
  stableAfterMs: 60_000,
};

export interface SupervisionSpec<T extends { stop: () => Promise<void>; crashed?: Promise<Exit> }> {
  name: string;
  /** Starts the process once and resolves when it is ready; `signal` aborts a start under way. */
  start: (signal: AbortSignal) => Promise<T>;
  logger: Logger;
  /** Aborted when the whole stack stops: no restart from then on. */
  signal?: AbortSignal;
  /** Called once, when the process crashed too often; the caller stops everything. */
  onGiveUp: (reason: string) => void;
  policy?: Partial<SupervisionPolicy>;
}

export interface Supervised<T> {
  /** What the first start resolved with. */
  first: T;
  stop: () => Promise<void>;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/**
 * Starts a process and restarts it whenever it crashes, after a pause that doubles with each
 * crash; gives up (onGiveUp) after `maxCrashes` crashes within `windowMs`. A failed first start
 * rejects: the stack is not up yet, so there is nothing to keep running.
 */
export async function supervise<T extends { stop: () => Promise<void>; crashed?: Promise<Exit> }>(
  spec: SupervisionSpec<T>,
): Promise<Supervised<T>> {
  const policy = { ...DEFAULT_SUPERVISION, ...spec.policy };
  const halted = new AbortController();
  const halt = () => halted.abort();
  spec.signal?.addEventListener('abort', halt, { once: true });
  if (spec.signal?.aborted) halt();

  const first = await spec.start(halted.signal);
  let current: { stop: () => Promise<void> } = first;
  let recovering = Promise.resolve();
  const crashes: number[] = [];

  const watch = (running: T, startedAt: number) => {
    void running.crashed?.then((exit) => {
      if (!halted.signal.aborted) recovering = recover(exit, startedAt);
    });
  };

  async function recover(failure: Exit | Error, startedAt: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now - startedAt >= policy.stableAfterMs) crashes.length = 0;
      crashes.push(now);
      while (crashes[0]! <= now - policy.windowMs) crashes.shift();
      const attempt = crashes.length;
      const what =
        failure instanceof Error
          ? { fields: { err: failure.message }, text: 'failed to restart' }
          : { fields: { code: failure.code, signal: failure.signal }, text: `crashed (${describeExit(failure)})` };
      if (attempt >= policy.maxCrashes) {
        const reason = `${spec.name} crashed ${attempt} times within ${seconds(policy.windowMs)}; giving up`;
        spec.logger.fatal({ process: spec.name, ...what.fields, attempt }, reason);
        halt();
        spec.onGiveUp(reason);
        return;
      }
      const delay = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      spec.logger.error(
        { process: spec.name, ...what.fields, attempt, restartInMs: delay },
        `${spec.name} ${what.text}; restarting in ${seconds(delay)} (attempt ${attempt})`,
      );
      if (!(await sleep(delay, halted.signal))) return;
      startedAt = Date.now();
      try {
        const running = await spec.start(halted.signal);
        current = running;
        if (halted.signal.aborted) return;
        spec.logger.info({ process: spec.name, attempt }, `${spec.name} restarted (attempt ${attempt})`);
        watch(running, startedAt);
        return;
      } catch (error) {
        if (halted.signal.aborted) return;
        failure = error as Error;
      }
    }
  }

  watch(first, Date.now());
  return {
    first,
    stop: async () => {
      halt();
      spec.signal?.removeEventListener('abort', halt);
      await recovering;
      await current.stop();
    },
  };
}
