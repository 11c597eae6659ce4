import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { connectTemporal } from '../platform/temporal';
import { type RunningProcess, launch, poll, startStore, startTemporal, waitForReady } from './local-stack';
import { freePort } from './servers.cjs';

// What the benchmarks share: a fresh stack in a scratch folder, its processes as production
// runs them, a pool of concurrent clients, and percentiles.

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** A process of the stack that a benchmark stops, or crashes and starts again as an orchestrator would. */
export interface BenchProcess {
  stop: () => Promise<void>;
  /** Sends the signal (SIGKILL: a crash, nothing tidied up); resolves once the process has ended. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** Starts it again with the same settings (an API on its own port); resolves once it serves. */
  restart: () => Promise<void>;
}

export interface BenchStack {
  scratch: string;
  mongoUri: string;
  temporalAddress: string;
  /** Starts the API (and the worker, when asked) against this stack; answers the API's base URL. */
  startApp: (options?: { worker?: boolean; env?: NodeJS.ProcessEnv }) => Promise<string>;
  /** Starts an API of its own, to stop again (start-up measured). */
  startApi: (env?: NodeJS.ProcessEnv) => Promise<BenchProcess & { base: string; readyMs: number }>;
  /** Starts a worker; resolves once it polls its task queue (its workflows bundled). */
  startWorker: (env?: NodeJS.ProcessEnv) => Promise<BenchProcess>;
  stop: () => Promise<void>;
}

/** A fresh store and Temporal dev server in a scratch folder, removed again by `stop`. */
export async function startBenchStack(name: string): Promise<BenchStack> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `erkend-bench-${name}-`));
  const stops: Array<() => Promise<void>> = [];
  process.stderr.write(`Starting a fresh store and Temporal in ${scratch}\n`);
  const [store, temporal] = await Promise.all([
    startStore({ dataDir: path.join(scratch, 'store'), database: 'bench' }),
    startTemporal({ dbFile: path.join(scratch, 'temporal.db'), uiPort: null }),
  ]);
  stops.push(store.stop, temporal.stop);
  const root = path.join(__dirname, '..');
  const node = (name: string, entry: string, env: NodeJS.ProcessEnv, ready: (signal: AbortSignal) => Promise<void>) =>
    launch({
      name,
      executable: process.execPath,
      // BENCH_PROFILE_DIR: each process writes a CPU profile there when it stops (open it in Chrome's DevTools).
      args: [
        ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
        '--import',
        'tsx',
        path.join(root, entry),
      ],
      env: {
        ...process.env,
        MONGODB_URI: store.address,
        TEMPORAL_ADDRESS: temporal.address,
        AUTH_JWT_SECRET: BENCH_SECRET,
        LOG_LEVEL: 'warn',
        ...env,
      },
      ready,
      inheritOutput: false,
    });
  /** A process started by `start`, stopped with the stack, and crashed and started again when a benchmark asks. */
  async function restartable(start: () => Promise<RunningProcess>): Promise<BenchProcess> {
    let current = await start();
    stops.push(() => current.stop());
    return {
      stop: () => current.stop(),
      kill: async (signal) => {
        if (current.pid !== undefined) process.kill(current.pid, signal);
        await current.crashed;
      },
      restart: async () => {
        current = await start();
      },
    };
  }

  /** The API as a process of its own, timed from its start until `/readyz` answers 200. */
  async function startApi(env: NodeJS.ProcessEnv = {}) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A benchmark is one caller sending as fast as it can: the per-caller limits are lifted.
    const limits = {
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
      RATE_LIMIT_SEARCHES_PER_MINUTE: '100000000',
    };
    const started = Date.now();
    const api = await restartable(() =>
      node('api', 'server/main.ts', { PORT: String(port), ...limits, ...env }, (signal) =>
        waitForReady(`${base}/readyz`, 15 * 60_000, signal),
      ),
    );
    return { ...api, base, readyMs: Date.now() - started };
  }

  // A worker serves once Temporal lists a poller of its task queue that was not there before it started.
  let client: Client | undefined;
  const pollers = async (taskQueue: string) => {
    client ??= await connectTemporal(temporal.address, 'default');
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return new Set(pollers.map((poller) => poller.identity));
  };
  const startWorker = (env: NodeJS.ProcessEnv = {}) => {
    const taskQueue = env.TEMPORAL_TASK_QUEUE ?? process.env.TEMPORAL_TASK_QUEUE ?? 'erkend';
    return restartable(async () => {
      const before = await pollers(taskQueue);
      return node('worker', 'worker/main.ts', env, (signal) =>
        poll(
          `no new worker polled ${taskQueue}`,
          async () => [...(await pollers(taskQueue))].some((identity) => !before.has(identity)) || 'not yet',
          15 * 60_000,
          signal,
          250,
        ),
      );
    });
  };

  return {
    scratch,
    mongoUri: store.address,
    temporalAddress: temporal.address,
    startApp: async ({ worker = true, env = {} } = {}) => {
      if (worker) await startWorker(env);
      return (await startApi(env)).base;
    },
    startApi,
    startWorker,
    stop: async () => {
      await client?.connection.close();
      for (const stop of stops.reverse()) await stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Runs `count` calls of `one(i)` with `concurrency` in flight; answers each call's milliseconds and outcome. */
export async function drive<T>(count: number, concurrency: number, one: (i: number) => Promise<T>) {
  const results: Array<{ ms: number; outcome: T }> = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = process.hrtime.bigint();
        const outcome = await one(i);
        results.push({ ms: Number(process.hrtime.bigint() - t) / 1e6, outcome });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { results, seconds, perSecond: count / seconds };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** The stack's processes (this process's children) by role, with the CPU seconds each has used. */
export function processCpu(): Record<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const usage: Record<string, number> = {};
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const role = roleOf(command);
      usage[role] = (usage[role] ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // The process ended meanwhile.
    }
  }
  usage.bench = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  return usage;
}

/** CPU milliseconds per unit of work, per role, between two readings of processCpu. */
export function cpuPer(before: Record<string, number>, after: Record<string, number>, units: number): string {
  return Object.keys(after)
    .filter((role) => role !== 'other')
    .map((role) => `${role} ${(((after[role]! - (before[role] ?? 0)) * 1000) / units).toFixed(1)}`)
    .join(', ');
}

/** CPU milliseconds per unit of work in all the stack's processes, between two readings of processCpu. */
export function cpuTotal(before: Record<string, number>, after: Record<string, number>, units: number): number {
  const roles = Object.keys(after).filter((role) => role !== 'other');
  return (roles.reduce((sum, role) => sum + after[role]! - (before[role] ?? 0), 0) * 1000) / units;
}

/** The resident memory of the stack's processes by role, in MiB. */
export function processRss(): Record<string, number> {
  const rss: Record<string, number> = {};
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      if (Number(/PPid:\s+(\d+)/.exec(status)?.[1]) !== process.pid) continue;
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const role = roleOf(command);
      rss[role] = (rss[role] ?? 0) + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      // The process ended meanwhile.
    }
  }
  return rss;
}

function roleOf(command: string): string {
  if (/worker\/main/.test(command)) return 'worker';
  if (/server\/main/.test(command)) return 'api';
  if (/ferretdb/.test(command)) return 'store';
  if (/temporal/.test(command)) return 'temporal';
  return 'other';
}

/** What a benchmark found: its lines, its goal and whether it was met, and its ratio. */
export interface BenchReport {
  title: string;
  lines: string[];
  goal: string;
  met: boolean;
  ratio: number;
}

/** Runs a benchmark and prints its report, ending in `ratio: X`; a failure exits with 1. */
export function runBenchmark(bench: () => Promise<BenchReport>) {
  bench()
    .then(({ title, lines, goal, met, ratio }) => {
      process.stdout.write(
        [
          '',
          `${title}, ${os.cpus().length} cores`,
          ...lines.map((line) => `  ${line}`),
          `Goal (${goal}): ${met ? 'met' : 'NOT met'}`,
          `ratio: ${ratio.toFixed(2)}`,
          '',
        ].join('\n'),
      );
    })
    .catch((error: Error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    });
}
