import fs from 'node:fs';
import type { RunningServer } from '../../scripts/local-stack';

export default async function globalTeardown() {
  const state = (globalThis as Record<string, unknown>).__erkendTestServers as
    { servers: RunningServer[]; scratch: string } | undefined;
  if (!state) return;
  await Promise.all(state.servers.map((server) => server.stop()));
  fs.rmSync(state.scratch, { recursive: true, force: true });
}
