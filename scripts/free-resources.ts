import fs from 'node:fs';
import net from 'node:net';
import type { Logger } from '../platform/logger';
import { ProcessStartError, sleep } from './child-processes';

// What a server needs free before it starts: its ports, and its data files closed by whatever
// had them open (a previous server still stopping), with who holds them when they are not.

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
