import path from 'node:path';
import type { Principal } from '../platform/auth';
import { createLogger } from '../platform/logger';
import { dataDirOf, developmentSecret, developmentTokens } from './dev-auth';
import { type RunningServer, startProcess, startStore, startTemporal, waitForReady } from './local-stack';

// `npm start`: the embedded servers (unless MONGODB_URI / TEMPORAL_ADDRESS point elsewhere),
// then the worker and the API as child processes, as they run in production.

const logger = createLogger('erkend-start');
const root = path.resolve(__dirname, '..');
const dataDir = dataDirOf();
const port = Number(process.env.PORT ?? 3000);

const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  logger.info('stopping every process of the stack');
  // Reverse order: API and worker before the servers they use.
  for (const stop of stops.reverse()) await stop().catch((error) => logger.error({ err: error }, 'stop failed'));
  process.exit(exitCode);
}

function nodeProcess(name: string, entry: string, env: NodeJS.ProcessEnv, ready: () => Promise<void>) {
  return startProcess({
    name,
    executable: process.execPath,
    args: ['--import', 'tsx', path.join(root, entry)],
    env,
    ready,
    inheritOutput: true,
    onUnexpectedExit: (code) => {
      logger.error({ process: name, code }, `${name} exited unexpectedly; stopping the stack`);
      void stopAll(1);
    },
  });
}

function describe(principal: Principal): string {
  switch (principal.role) {
    case 'company':
      return `company ${principal.enterpriseNumber}`;
    case 'reviewer':
      return `reviewer ${principal.partnershipId}`;
    case 'school':
      return `school ${principal.schoolId}`;
    default:
      return principal.role;
  }
}

async function main() {
  const started = Date.now();
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    const store: RunningServer = await startStore({
      dataDir: path.join(dataDir, 'store'),
      port: Number(process.env.ERKEND_STORE_PORT ?? 27017),
      database: 'erkend',
      inheritOutput: true,
    });
    stops.push(store.stop);
    mongoUri = store.address;
  }
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const temporal = await startTemporal({
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      port: 7233,
      uiPort: 8233,
      inheritOutput: true,
    });
    stops.push(temporal.stop);
    temporalAddress = temporal.address;
  }

  // Without an identity provider, tokens are signed with a development secret kept in DATA_DIR.
  const devSecret = process.env.AUTH_JWKS_URL ? undefined : developmentSecret(dataDir);
  const env = {
    ...process.env,
    MONGODB_URI: mongoUri,
    TEMPORAL_ADDRESS: temporalAddress,
    PORT: String(port),
    ...(devSecret ? { AUTH_JWT_SECRET: devSecret } : {}),
  };
  stops.push(await nodeProcess('worker', 'worker/main.ts', env, async () => undefined));
  const api = `http://localhost:${port}`;
  stops.push(await nodeProcess('api', 'api/main.ts', env, () => waitForReady(`${api}/readyz`, 60_000)));

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const tokens = devSecret && !process.env.AUTH_JWT_SECRET ? await developmentTokens(devSecret) : [];
  process.stdout.write(
    [
      '',
      `Erkend is ready (${seconds}s):`,
      `  API          ${api}`,
      `  API docs     ${api}/docs`,
      ...(process.env.TEMPORAL_ADDRESS ? [] : ['  Temporal UI  http://localhost:8233']),
      `  data         ${dataDir}`,
      ...(tokens.length
        ? [
            '',
            'Development tokens (valid 30 days; more with `npm run token -- --role reviewer --partnership horeca`):',
            ...tokens.map(({ principal, token }) => `  ${describe(principal).padEnd(30)} ${token}`),
          ]
        : []),
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  logger.fatal({ err: error }, 'start failed');
  void stopAll(1);
});
