import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import {
  type RunningProcess,
  type SupervisionPolicy,
  launch,
  portHolders,
  startServer,
  startStore,
  supervise,
  waitForListening,
  waitUntilFree,
} from '../scripts/local-stack';
import { freePort } from '../scripts/servers.cjs';
import { scratchDir } from './support/environment';

// npm start's supervision and server start-up, with real child processes.

const dir = path.join(scratchDir(), `supervision-${randomUUID().slice(0, 8)}`);
fs.mkdirSync(dir, { recursive: true });

// Records each start ("<time> <pid>") in a file, then crashes with exit code 3 after `lifeMs`
// for its first `crashes` starts, and keeps running after that.
const crasher = path.join(dir, 'crasher.js');
fs.writeFileSync(
  crasher,
  `const fs = require('node:fs');
const [file, crashes, lifeMs] = process.argv.slice(2);
fs.appendFileSync(file, Date.now() + ' ' + process.pid + '\\n');
const starts = fs.readFileSync(file, 'utf8').trim().split('\\n').length;
if (starts <= Number(crashes)) setTimeout(() => process.exit(3), Number(lifeMs));
else setInterval(() => undefined, 1000);
`,
);

// Dies while starting the first time, saying why; listens on the port the second time.
const flakyServer = path.join(dir, 'flaky-server.js');
fs.writeFileSync(
  flakyServer,
  `const fs = require('node:fs');
const [port, file, failures] = process.argv.slice(2);
fs.appendFileSync(file, 'start\\n');
if (fs.readFileSync(file, 'utf8').trim().split('\\n').length <= Number(failures)) {
  console.error('panic: listen tcp 127.0.0.1:' + port + ': bind: address already in use');
  process.exit(2);
}
require('node:net').createServer().listen(Number(port), '127.0.0.1');
`,
);

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

const starts = (file: string) =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => ({ at: Number(line.split(' ')[0]), pid: Number(line.split(' ')[1]) }))
    : [];

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function superviseCrasher(options: { crashes: number; lifeMs: number; policy: Partial<SupervisionPolicy> }) {
  const file = path.join(dir, `starts-${randomUUID().slice(0, 8)}`);
  const { logger, lines } = capturingLogger();
  let gaveUp: string | undefined;
  const supervised = supervise<RunningProcess>({
    name: 'crasher',
    logger,
    policy: options.policy,
    onGiveUp: (reason) => {
      gaveUp = reason;
    },
    start: (signal) =>
      launch({
        name: 'crasher',
        executable: process.execPath,
        args: [crasher, file, String(options.crashes), String(options.lifeMs)],
        ready: () => until(() => (starts(file).length ? true : undefined)).then(() => undefined),
        inheritOutput: false,
        signal,
      }),
  });
  return { supervised, file, lines, gaveUp: () => gaveUp };
}

describe('supervise', () => {
  it('restarts a crashed process after pauses that double, and logs each crash and restart', async () => {
    const policy = { initialDelayMs: 200, maxDelayMs: 10_000, maxCrashes: 5, windowMs: 60_000, stableAfterMs: 60_000 };
    const { supervised, file, lines, gaveUp } = superviseCrasher({ crashes: 3, lifeMs: 50, policy });
    const { stop } = await supervised;
    await until(() => (starts(file).length === 4 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const times = starts(file).map(({ at }) => at);
    expect(times).toHaveLength(4);
    // Each gap: the 50 ms the process lived, then 200, 400, 800 ms of backoff.
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(50 + 200 * 2 ** i));
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);

    const crashes = lines.filter((line) => line.level === 50);
    expect(
      crashes.map(({ process, code, signal, attempt, restartInMs }) => ({ process, code, signal, attempt, restartInMs })),
    ).toEqual([
      { process: 'crasher', code: 3, signal: null, attempt: 1, restartInMs: 200 },
      { process: 'crasher', code: 3, signal: null, attempt: 2, restartInMs: 400 },
      { process: 'crasher', code: 3, signal: null, attempt: 3, restartInMs: 800 },
    ]);
    expect(crashes[0]!.msg).toBe('crasher crashed (exit code 3); restarting in 0.2 s (attempt 1)');
    expect(lines.filter((line) => line.msg === 'crasher restarted (attempt 3)')).toHaveLength(1);
    expect(gaveUp()).toBeUndefined();

    const { pid } = starts(file).at(-1)!;
    expect(alive(pid)).toBe(true);
    await stop();
    expect(alive(pid)).toBe(false);
  });

  it('gives up for good after repeated crashes within the window', async () => {
    const policy = { initialDelayMs: 50, maxDelayMs: 100, maxCrashes: 3, windowMs: 60_000, stableAfterMs: 60_000 };
    const { supervised, file, lines, gaveUp } = superviseCrasher({ crashes: 100, lifeMs: 20, policy });
    const { stop } = await supervised;
    const reason = await until(gaveUp);
    expect(reason).toBe('crasher crashed 3 times within 60 s; giving up');
    expect(lines.at(-1)).toMatchObject({ level: 60, process: 'crasher', code: 3, attempt: 3, msg: reason });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(starts(file)).toHaveLength(3);
    await stop();
  });

  it('counts crashes afresh after a process ran stably', async () => {
    const policy = { initialDelayMs: 50, maxDelayMs: 1000, maxCrashes: 2, windowMs: 60_000, stableAfterMs: 150 };
    const { supervised, file, lines, gaveUp } = superviseCrasher({ crashes: 4, lifeMs: 250, policy });
    const { stop } = await supervised;
    await until(() => (starts(file).length === 5 ? true : undefined));
    expect(gaveUp()).toBeUndefined();
    expect(lines.filter((line) => line.level === 50).map((line) => line.attempt)).toEqual([1, 1, 1, 1]);
    await stop();
  });

  it('stops at once during a pause before a restart, and restarts no more', async () => {
    const policy = { initialDelayMs: 5000, maxDelayMs: 5000 };
    const { supervised, file, lines } = superviseCrasher({ crashes: 1, lifeMs: 20, policy });
    const { stop } = await supervised;
    await until(() => (lines.some((line) => line.level === 50) ? true : undefined));
    const stopping = Date.now();
    await stop();
    expect(Date.now() - stopping).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(starts(file)).toHaveLength(1);
  });

  it('restarts a killed FerretDB on the same port', async () => {
    const port = await freePort();
    const { logger, lines } = capturingLogger();
    const store = await supervise({
      name: 'FerretDB',
      logger,
      policy: { initialDelayMs: 100 },
      onGiveUp: () => undefined,
      start: (signal) => startStore({ dataDir: path.join(dir, 'store'), port, database: 'supervision', signal }),
    });
    try {
      const [holder] = portHolders(port);
      expect(holder).toMatch(/ferretdb/);
      process.kill(Number(/^pid (\d+)/.exec(holder!)![1]), 'SIGKILL');
      await until(() => (lines.some((line) => line.msg === 'FerretDB restarted (attempt 1)') ? true : undefined));
      expect(lines[0]).toMatchObject({ process: 'FerretDB', signal: 'SIGKILL', attempt: 1 });
      await waitForListening(port, 5000);
      expect(store.first.address).toBe(`mongodb://127.0.0.1:${port}/supervision`);
    } finally {
      await store.stop();
    }
  });
});

describe('server start-up', () => {
  it('waits until a busy port is free, saying once what it waits for', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { logger, lines } = capturingLogger();
    setTimeout(() => blocker.close(), 400);
    const started = Date.now();
    await waitUntilFree({ name: 'test server', ports: [{ port, use: 'frontend' }], timeoutMs: 5000, logger });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toMatch(new RegExp(`^test server waits for port ${port} \\(frontend\\) held by pid ${process.pid} `));
  });

  it('refuses after the timeout, naming the busy port and file and who holds them', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const dbFile = path.join(dir, 'busy.db');
    const fd = fs.openSync(dbFile, 'w');
    try {
      await expect(
        waitUntilFree({ name: 'test server', ports: [{ port, use: 'frontend' }], files: dbFile, timeoutMs: 300 }),
      ).rejects.toThrow(
        new RegExp(
          `^test server cannot start: port ${port} \\(frontend\\) held by pid ${process.pid} .*; ${dbFile} open in pid ${process.pid} .*still after 0.3 s`,
        ),
      );
    } finally {
      fs.closeSync(fd);
      blocker.close();
    }
  });

  it('starts a server again when it dies while starting, with its last output in the log', async () => {
    const port = await freePort();
    const file = path.join(dir, `flaky-${randomUUID().slice(0, 8)}`);
    const { logger, lines } = capturingLogger();
    const server = await startServer({
      name: 'flaky server',
      executable: process.execPath,
      attempt: async () => ({
        args: [flakyServer, String(port), file, '1'],
        ready: (signal) => waitForListening(port, 5000, signal),
      }),
      ports: [{ port, use: 'test' }],
      inheritOutput: false,
      logger,
      retryPauseMs: 100,
    });
    try {
      expect(lines).toEqual([
        expect.objectContaining({
          level: 40,
          process: 'flaky server',
          code: 2,
          attempt: 1,
          output: `panic: listen tcp 127.0.0.1:${port}: bind: address already in use`,
          msg: 'flaky server exited with exit code 2 while starting; trying again in 0.1 s (attempt 2 of 3)',
        }),
      ]);
      await waitForListening(port, 1000);
    } finally {
      await server.stop();
    }
  });

  it('gives up on a server that keeps dying while starting, saying why', async () => {
    const port = await freePort();
    const file = path.join(dir, `flaky-${randomUUID().slice(0, 8)}`);
    await expect(
      startServer({
        name: 'flaky server',
        executable: process.execPath,
        attempt: async () => ({
          args: [flakyServer, String(port), file, '5'],
          ready: (signal) => waitForListening(port, 5000, signal),
        }),
        ports: [{ port, use: 'test' }],
        inheritOutput: false,
        retryPauseMs: 50,
      }),
    ).rejects.toThrow(/^flaky server exited with exit code 2 before it was ready\npanic: listen tcp .*address already in use$/);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
