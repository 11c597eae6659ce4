import type { Server } from 'node:http';
import { createTokenVerifier } from '../platform/auth';
import { loadApiConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { connectMongo } from '../platform/mongo';
import { payloadDataConverter } from '../platform/payload-codec';
import { connectTemporal } from '../platform/temporal';
import { oidcSettingsFrom } from '../pages/oidc';
import { startHousekeeping } from '../api/housekeeping';
import { limitsFrom } from '../api/limits';
import { ReadModels } from '../api/read-models';
import { listen } from '../api/server';
import { createApp } from './app';
import { seedSampleCatalogue } from '../store/catalogue';

async function main() {
  // Refused before any connection, with what to set (development sign-in in production, …).
  const config = loadApiConfig();
  const logger = createLogger('erkend-api', config.LOG_LEVEL);
  const db = await connectMongo(config.MONGODB_URI);
  // Its payload codecs also serve the Web UI's codec endpoint (api/codec.ts).
  const temporal = await connectTemporal(
    config.TEMPORAL_ADDRESS,
    config.TEMPORAL_NAMESPACE,
    payloadDataConverter(config.PAYLOAD_ENCRYPTION_KEY, logger),
  );
  const verifyToken = createTokenVerifier({
    jwtSecret: config.AUTH_JWT_SECRET,
    jwksUrl: config.AUTH_JWKS_URL,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: config.AUTH_ALGORITHMS,
  });
  await seedSampleCatalogue(db);
  const readModels = new ReadModels(db, logger);
  const app = createApp({
    db,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger,
    verifyToken,
    allowPrivateWebhooks: config.WEBHOOK_ALLOW_PRIVATE,
    readModels,
    limits: limitsFrom(config),
    developmentSignIn: config.DEV_SIGN_IN,
    oidc: oidcSettingsFrom(config),
    metricsToken: config.METRICS_TOKEN,
    trustProxy: config.TRUST_PROXY,
    publicUrl: config.PUBLIC_URL,
  });
  const server: Server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, 'api listening');
  const housekeeping = startHousekeeping(db, logger);
  let stopping = false;
  // Readiness waits for the read models to be loaded; the API answers everything else meanwhile.
  // A store that is slow or away at start (a busy machine, a failover) is waited for, a second
  // and then twice as long each time up to half a minute, rather than ending the process.
  void (async () => {
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        return await readModels.start();
      } catch (error) {
        logger.error({ err: error, attempt }, 'read models not loaded; trying again');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** (attempt - 1))));
      }
    }
  })();

  // Graceful: stop accepting, let requests in flight finish, then close the connections.
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping');
    const stopped = Promise.all([readModels.stop(), housekeeping.stop()]);
    server.close(async () => {
      await stopped;
      await temporal.connection.close();
      await db.close();
      logger.info('api stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  createLogger('erkend-api').fatal({ err: error }, 'api failed');
  process.exit(1);
});
