import type { ConnectionPlugin } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Connection } from 'mongoose';
import { createWorker } from '../worker/worker';

// Temporal's time-skipping test server with the real worker and activities on it: the
// time-skipping suites (test/support/time-skipping.ts) and `npm run bench:lifetime` start both alike.

/**
 * The client's keepalive pings every 30 s, also without calls; the Java test server allows one
 * every 5 minutes and answers more with GOAWAY ("excess pings"), after which a long run such as
 * bench:lifetime was seen to wait forever. Pings here are rarer than the server's limit.
 */
const rarePings: ConnectionPlugin = {
  name: 'erkend-rare-keepalive-pings',
  configureConnection: (options) => ({
    ...options,
    channelArgs: { ...options.channelArgs, 'grpc.keepalive_time_ms': 6 * 60_000, 'grpc.keepalive_permit_without_calls': 0 },
  }),
};

/** The time-skipping server, through `launcher` (the cached executable) when there is one. */
export function startTimeSkippingServer(launcher: string | null | undefined, dataConverter?: DataConverter) {
  return TestWorkflowEnvironment.createTimeSkipping({
    ...(dataConverter ? { client: { dataConverter } } : {}),
    ...(launcher ? { server: { executable: { type: 'existing-path', path: launcher } } } : {}),
    plugins: [rarePings],
  });
}

/** The real worker on the time-skipping server, its activities writing to `db` and delivering webhooks anywhere. */
export function timeSkippingWorker(
  env: TestWorkflowEnvironment,
  options: { db: Connection; taskQueue: string; workflowBundlePath: string; dataConverter?: DataConverter },
) {
  return createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    db: options.db,
    mail: { from: 'Erkend <test@erkend.local>' },
    webhooks: { temporal: env.client, taskQueue: options.taskQueue, allowPrivate: true },
    workflowBundlePath: options.workflowBundlePath,
    dataConverter: options.dataConverter,
  });
}
