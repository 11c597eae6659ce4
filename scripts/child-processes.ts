import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

// Child processes that the local stack runs: started until ready, stopped in order, and never
// left behind when this process ends.

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what it wrote, unless that went to the terminal. */
  output: string;
}

export interface RunningProcess {
  /** Its process id, for a benchmark that kills it as a crash would (scripts/bench-support.ts). */
  pid: number | undefined;
  stop: () => Promise<void>;
  /** Settles when the process ends without having been asked to stop; never after `stop`. */
  crashed: Promise<Exit>;
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
  return { pid: child.pid, stop, crashed: exited.then((exit) => (stopRequested ? NEVER : exit)) };
}

/** Starts a process and resolves with the function that stops it. */
export async function startProcess(spec: ProcessSpec): Promise<() => Promise<void>> {
  return (await launch(spec)).stop;
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
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
export async function poll(
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
