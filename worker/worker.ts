import { type NativeConnection, Runtime, Worker, type WorkerOptions, makeTelemetryFilterString } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { createActivities } from '../activities';
import type { MailSettings } from '../activities/notifications';
import type { WebhookSettings } from '../activities/webhooks';
import type { Logger } from '../platform/logger';
import type { WorkerMetrics } from './metrics';

let runtimeInstalled = false;

/** Routes the Temporal SDK's own logs into the process's structured JSON log, once per process. */
export function installTemporalLogging(logger: Logger) {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const temporalLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    logger: {
      log: (level, message, meta) =>
        temporalLogger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')](meta ?? {}, message),
      trace: (message, meta) => temporalLogger.trace(meta ?? {}, message),
      debug: (message, meta) => temporalLogger.debug(meta ?? {}, message),
      info: (message, meta) => temporalLogger.info(meta ?? {}, message),
      warn: (message, meta) => temporalLogger.warn(meta ?? {}, message),
      error: (message, meta) => temporalLogger.error(meta ?? {}, message),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

export interface ErkendWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Connection;
  mail: MailSettings;
  webhooks: WebhookSettings;
  /** A prebuilt bundle (tests build one for all suites); otherwise the workflows are bundled now. */
  workflowBundlePath?: string;
  /** Workflows kept in memory between their tasks (WORKER_MAX_CACHED_WORKFLOWS); see README. */
  maxCachedWorkflows?: number;
  /** Every activity attempt timed, webhook failures counted (WORKER_METRICS_PORT). */
  metrics?: WorkerMetrics;
  /** Payload encryption (`payloadDataConverter`), the same as the clients'; in clear without it. */
  dataConverter?: DataConverter;
}

/**
 * A recognition wakes a few times a year, so most of 50,000 live workflows sleep: keeping 1,000
 * in memory holds the worker near 700 MiB (measured by npm run bench:scale), and one that wakes
 * after leaving the cache replays its history first, which continue-as-new keeps short.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;

export function workflowSource(bundlePath?: string): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('../workflows') };
}

export function createWorker(options: ErkendWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ db: options.db, mail: options.mail, webhooks: options.webhooks }),
    dataConverter: options.dataConverter,
    // Date arithmetic that meets an impossible value fails the update or the workflow, visibly,
    // instead of failing its workflow task again and again (no retry can heal a value).
    workflowFailureErrorTypes: { '*': ['DateOutOfRange'] },
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    ...(options.metrics ? { interceptors: { activity: [options.metrics.activityInterceptor] } } : {}),
    ...workflowSource(options.workflowBundlePath),
  });
}
