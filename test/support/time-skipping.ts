import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import { WORKER_STORE_DEADLINES, connectMongo } from '../../platform/mongo';
import { installTemporalLogging } from '../../worker/worker';
import { startTimeSkippingServer, timeSkippingWorker } from '../../scripts/time-skipping';
import { testServerLauncher, uniqueMongoUri, workflowBundlePath } from './environment';
import { testDataConverter, testLogger } from './stack';
import { seedSampleCatalogue } from '../../store/catalogue';

export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  db: Connection;
  taskQueue: string;
  worker: Worker;
  stop: () => Promise<void>;
}

/**
 * Temporal's time-skipping test server (the Java one from Maven Central, through the cached
 * launcher) with the real worker and activities against a database of this suite's own.
 */
export async function startTimeSkippingStack(): Promise<TimeSkippingStack> {
  installTemporalLogging(testLogger);
  const env = await startTimeSkippingServer(testServerLauncher(), testDataConverter);
  const db = await connectMongo(uniqueMongoUri(), WORKER_STORE_DEADLINES);
  await seedSampleCatalogue(db);
  const taskQueue = `time-skipping-${randomUUID().slice(0, 8)}`;
  const worker = await timeSkippingWorker(env, {
    db,
    taskQueue,
    workflowBundlePath: workflowBundlePath(),
    dataConverter: testDataConverter,
  });
  return {
    env,
    db,
    taskQueue,
    worker,
    stop: async () => {
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await env.teardown();
    },
  };
}

/**
 * A time-skipping stack of its own for each test, with its worker running: awaiting a result
 * lets the test server's clock run far ahead, and the next test should start from today.
 */
export function useTimeSkippingStack(): TimeSkippingStack {
  const stack = {} as TimeSkippingStack;
  let running: Promise<void>;
  beforeEach(async () => {
    Object.assign(stack, await startTimeSkippingStack());
    running = stack.worker.run();
  });
  afterEach(async () => {
    stack.worker.shutdown();
    await running;
    await stack.stop();
  });
  return stack;
}
