import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startStore, startTemporal, type RunningServer } from '../../scripts/local-stack';
import { cachedExecutable } from '../../scripts/servers.cjs';

// Once per `npm test`: throw-away servers on free ports and one workflow bundle for all suites.
// Suites read what they need from the environment (see ./environment.ts).

export default async function globalSetup() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'erkend-test-'));
  const servers: RunningServer[] = [];
  const [store, temporal, bundle] = await Promise.all([
    process.env.MONGODB_URI ? undefined : startStore({ dataDir: path.join(scratch, 'store'), database: 'erkend' }),
    process.env.TEMPORAL_ADDRESS ? undefined : startTemporal({ dbFile: path.join(scratch, 'temporal.db'), uiPort: null }),
    bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger }),
  ]);
  if (store) servers.push(store);
  if (temporal) servers.push(temporal);

  const bundlePath = path.join(scratch, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  const launcher = cachedExecutable('temporal-test-server');
  process.env.ERKEND_TEST_MONGODB_URI = process.env.MONGODB_URI ?? store!.address;
  process.env.ERKEND_TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? temporal!.address;
  process.env.ERKEND_WORKFLOW_BUNDLE = bundlePath;
  if (launcher) process.env.ERKEND_TEST_SERVER_LAUNCHER = launcher;
  process.env.ERKEND_TEST_SCRATCH = scratch;
  (globalThis as Record<string, unknown>).__erkendTestServers = { servers, scratch };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`workflow bundle: ${message}\n`),
  error: (message: string) => process.stderr.write(`workflow bundle: ${message}\n`),
};
