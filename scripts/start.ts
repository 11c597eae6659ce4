import path from 'node:path';
import type { Principal } from '../platform/auth';
import { createLogger } from '../platform/logger';
import { dataDirOf, developmentPayloadKey, developmentSecret, developmentTokens } from './dev-auth';
import {
  type Exit,
  type PortUse,
  launch,
  startStore,
  startTemporal,
  supervise,
  waitForReady,
  waitUntilFree,
} from './local-stack';

// `npm start`: the embedded servers (unless MONGODB_URI / TEMPORAL_ADDRESS point elsewhere),
// then the worker and the API as child processes, as they run in production. Each process is
// restarted when it crashes (see `supervise`), so one crash does not take the stack down.

const logger = createLogger('erkend-start');
const root = path.resolve(__dirname, '..');
const dataDir = dataDirOf();
const port = Number(process.env.PORT ?? 3000);

/** What runs, in start order; stopped in reverse, dependents first. */
const stack: Array<{ stop: () => Promise<void> }> = [];
const stopping = new AbortController();
let started: Promise<void> = Promise.resolve();

async function stopAll(exitCode: number, reason?: string) {
  if (stopping.signal.aborted) return;
  stopping.abort();
  logger.info('stopping every process of the stack');
  // A start under way is aborted by the signal and settles first.
  await started.catch(() => undefined);
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    await entry.stop().catch((error) => logger.error({ err: error }, 'stop failed'));
  }
  if (reason) process.stderr.write(`\nErkend stopped: ${reason}\n`);
  process.exit(exitCode);
}

function supervised<T extends { stop: () => Promise<void>; crashed?: Promise<Exit> }>(
  name: string,
  start: (signal: AbortSignal) => Promise<T>,
) {
  return supervise({
    name,
    start,
    logger,
    signal: stopping.signal,
    onGiveUp: (reason) => void stopAll(1, `${reason}. Its output above says why.`),
  });
}

function nodeProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  ports: PortUse[],
  ready: (signal: AbortSignal) => Promise<void>,
) {
  return supervised(name, async (signal) => {
    // Else the readiness check could reach a previous stack's process still stopping.
    await waitUntilFree({ name, ports, timeoutMs: 30_000, logger, signal });
    return launch({
      name,
      executable: process.execPath,
      args: ['--import', 'tsx', path.join(root, entry)],
      env,
      ready,
      inheritOutput: true,
      signal,
    });
  });
}

function describe(principal: Principal): string {
  switch (principal.role) {
    case 'company':
      return `company ${principal.enterpriseNumber}`;
    case 'reviewer':
    case 'coordinator':
      return `${principal.role} ${principal.partnershipId}`;
    case 'school':
      return `school ${principal.schoolId}`;
    default:
      return principal.role;
  }
}

async function main() {
  const startedAt = Date.now();

  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    const storeOptions = {
      dataDir: path.join(dataDir, 'store'),
      port: Number(process.env.ERKEND_STORE_PORT ?? 27017),
      database: 'erkend',
      inheritOutput: true,
      logger,
    };
    const store = await supervised('FerretDB', (signal) => startStore({ ...storeOptions, signal }));
    stack.push(store);
    mongoUri = store.first.address;
  }
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const temporalOptions = {
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      port: 7233,
      uiPort: 8233,
      // The API decodes the payloads for the Web UI (they are encrypted: see PAYLOAD_ENCRYPTION_KEY).
      uiCodecEndpoint: `http://localhost:${port}/codec`,
      inheritOutput: true,
      logger,
    };
    const temporal = await supervised('Temporal dev server', (signal) => startTemporal({ ...temporalOptions, signal }));
    stack.push(temporal);
    temporalAddress = temporal.first.address;
  }

  // Without an identity provider, tokens are signed with a development secret kept in DATA_DIR.
  const devSecret = process.env.AUTH_JWKS_URL ? undefined : developmentSecret(dataDir);
  const env = {
    ...process.env,
    MONGODB_URI: mongoUri,
    TEMPORAL_ADDRESS: temporalAddress,
    PORT: String(port),
    PAYLOAD_ENCRYPTION_KEY: developmentPayloadKey(dataDir),
    ...(devSecret ? { AUTH_JWT_SECRET: devSecret } : {}),
    // The sign-in page offers development identities only on this local stack, without a provider
    // and outside production (the API refuses to start with them otherwise).
    ...(devSecret && !process.env.AUTH_JWT_SECRET && !process.env.OIDC_ISSUER && process.env.NODE_ENV !== 'production'
      ? { DEV_SIGN_IN: 'true' }
      : {}),
  };
  stack.push(await nodeProcess('worker', 'worker/main.ts', env, [], async () => undefined));
  const api = `http://localhost:${port}`;
  stack.push(
    await nodeProcess('api', 'server/main.ts', env, [{ port, use: 'API' }], (signal) =>
      waitForReady(`${api}/readyz`, 60_000, signal),
    ),
  );

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const tokens = devSecret && !process.env.AUTH_JWT_SECRET ? await developmentTokens(devSecret) : [];
  process.stdout.write(
    [
      '',
      `Erkend is ready (${seconds}s):`,
      `  pages        ${api}/`,
      `  API          ${api}/api/v1`,
      `  API docs     ${api}/docs`,
      ...(process.env.TEMPORAL_ADDRESS ? [] : ['  Temporal UI  http://localhost:8233']),
      `  data         ${dataDir}`,
      ...(env.DEV_SIGN_IN
        ? [
            '',
            `Open ${api}/ and pick a development identity on the sign-in page (Aanmelden):`,
            '  the company "Onderneming 0403.170.701" applies, "Als beoordelaar" of its partnership decides,',
            '  and "School" checks the workplace in the register.',
          ]
        : []),
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

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
started = main();
started.catch((error) => {
  if (stopping.signal.aborted) return;
  logger.fatal({ err: error }, 'start failed');
  void stopAll(1, `it did not start. ${(error as Error).message.split('\n')[0]}`);
});
