import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { payloadDataConverter } from '../platform/payload-codec';
import { connectTemporal } from '../platform/temporal';
import { WorkerMetrics } from './metrics';
import { ensureRetentionSchedule } from './retention-schedule';
import { createWorker, installTemporalLogging } from './worker';

async function main() {
  const config = loadConfig();
  const logger = createLogger('erkend-worker', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const db = await connectMongo(config.MONGODB_URI, WORKER_STORE_DEADLINES);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const dataConverter = payloadDataConverter(config.PAYLOAD_ENCRYPTION_KEY, logger);
  // Activities that start or signal other workflows (webhook deliveries) use a client of their own.
  const temporal = await connectTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE, dataConverter);
  const metrics = config.WORKER_METRICS_PORT === undefined ? undefined : new WorkerMetrics();
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    mail: { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM },
    webhooks: { temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE },
    workflowBundlePath: process.env.ERKEND_WORKFLOW_BUNDLE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    metrics,
    dataConverter,
  });
  // The nightly retention run; without it personal data outlives its period, which an operator must see.
  await ensureRetentionSchedule(temporal, config.TEMPORAL_TASK_QUEUE).then(
    (outcome) => logger.info({ outcome }, 'retention schedule ensured'),
    (error: unknown) =>
      logger.error({ err: error }, 'retention schedule could not be ensured; personal data is not erased on schedule'),
  );
  // The config requires METRICS_TOKEN with WORKER_METRICS_PORT.
  const metricsServer = metrics && (await metrics.listen(config.WORKER_METRICS_PORT!, config.METRICS_TOKEN!));
  if (metricsServer) logger.info({ port: config.WORKER_METRICS_PORT }, 'worker metrics listening');
  // The SDK shuts the worker down gracefully on SIGINT and SIGTERM: running activities finish,
  // then run() resolves.
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  await worker.run();
  metricsServer?.close();
  await connection.close();
  await temporal.connection.close();
  await db.close();
  logger.info('worker stopped');
}

main().catch((error) => {
  createLogger('erkend-worker').fatal({ err: error }, 'worker failed');
  process.exit(1);
});
