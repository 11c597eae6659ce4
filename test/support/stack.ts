import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import { createApp } from '../../server/app';
import type { ApiLimits } from '../../api/limits';
import { ReadModels } from '../../api/read-models';
import type { OidcSettings } from '../../pages/oidc';
import { startHousekeeping } from '../../api/housekeeping';
import { type RequestDeadlines, listen } from '../../api/server';
import { type Principal, createTokenVerifier, signToken } from '../../platform/auth';
import { createLogger } from '../../platform/logger';
import { connectMongo } from '../../platform/mongo';
import { payloadDataConverter, payloadKeysSchema } from '../../platform/payload-codec';
import { connectTemporal } from '../../platform/temporal';
import type { WorkerMetrics } from '../../worker/metrics';
import { createWorker, installTemporalLogging } from '../../worker/worker';
import { temporalAddress, uniqueMongoUri, workflowBundlePath } from './environment';
import { seedSampleCatalogue } from '../../store/catalogue';

export type TestStackOptions = NonNullable<Parameters<typeof startTestStack>[0]>;

export interface TestStack {
  baseUrl: string;
  db: Connection;
  temporal: Client;
  taskQueue: string;
  /** Stops it; `keepDatabase` leaves the data for a stack started after it (a restart). */
  stop: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

export const TEST_JWT_SECRET = 'erkend-test-secret-erkend-test-secret-0123456789';

/** A bearer token for the test stack. */
export const tokenFor = (principal: Principal) => signToken(TEST_JWT_SECRET, principal, '1h');

/** The fixed payload key of the test stacks (id `test`): histories recorded with it replay. */
export const TEST_PAYLOAD_KEY = `test:${Buffer.alloc(32, 'erkend-test-payload-key').toString('base64')}`;
export const testDataConverter = payloadDataConverter(payloadKeysSchema.parse(TEST_PAYLOAD_KEY));

export const testLogger = createLogger('erkend-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/**
 * The API and a worker as production runs them, against the shared dev server and a database
 * of this suite's own, on a task queue of its own.
 */
export async function startTestStack(
  options: {
    mongoUri?: string;
    temporalAddress?: string;
    /** The API accepts subscriptions to loopback and private addresses (default true). */
    allowPrivateWebhooks?: boolean;
    /** The worker delivers to them (default true: test receivers listen on loopback). */
    deliverToPrivate?: boolean;
    limits?: Partial<ApiLimits>;
    /** The pages sign in at this OpenID Connect provider. */
    oidc?: OidcSettings;
    /** METRICS_TOKEN: a bearer token that may read GET /metrics. */
    metricsToken?: string;
    /** The worker times its activities and counts webhook failures here. */
    workerMetrics?: WorkerMetrics;
    /** A restart's task queue: the one of the stack it follows up on. */
    taskQueue?: string;
    /** How long a client may take to send a request (default: production's). */
    deadlines?: Partial<RequestDeadlines>;
    /** The API's clock, which tells it what day it is (default: the system's). */
    now?: () => Date;
    /** TRUST_PROXY: the proxies whose X-Forwarded-* the API believes (default: none). */
    trustProxy?: false | number | string[];
    /** SMTP_URL: the worker mails each notice there (default: none, the outbox only). */
    smtpUrl?: string;
  } = {},
): Promise<TestStack> {
  installTemporalLogging(testLogger);
  const taskQueue = options.taskQueue ?? `test-${randomUUID().slice(0, 8)}`;
  const db = await connectMongo(options.mongoUri ?? uniqueMongoUri());
  const temporal = await connectTemporal(options.temporalAddress ?? temporalAddress(), 'default', testDataConverter);
  const workerConnection = await NativeConnection.connect({ address: options.temporalAddress ?? temporalAddress() });
  const worker: Worker = await createWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    db,
    mail: { smtpUrl: options.smtpUrl, from: 'Erkend <test@erkend.local>' },
    webhooks: { temporal, taskQueue, allowPrivate: options.deliverToPrivate ?? true },
    workflowBundlePath: workflowBundlePath(),
    metrics: options.workerMetrics,
    dataConverter: testDataConverter,
  });
  const running = worker.run();
  await seedSampleCatalogue(db);
  const readModels = new ReadModels(db, testLogger);
  await readModels.start();
  const app = createApp({
    db,
    temporal,
    taskQueue,
    logger: testLogger,
    verifyToken: createTokenVerifier({ jwtSecret: TEST_JWT_SECRET }),
    allowPrivateWebhooks: options.allowPrivateWebhooks ?? true,
    readModels,
    developmentSignIn: true,
    oidc: options.oidc,
    metricsToken: options.metricsToken,
    now: options.now,
    trustProxy: options.trustProxy,
    // Suites poll the API and pages many times a minute; the limits themselves have suites of their own.
    limits: {
      perMinute: 100_000,
      writesPerMinute: 100_000,
      searchesPerMinute: 100_000,
      pagesPerAddressPerMinute: 100_000,
      signInsPerMinute: 100_000,
      ...options.limits,
    },
  });
  const server: Server = await listen(app, 0, '127.0.0.1', options.deadlines);
  const housekeeping = startHousekeeping(db, testLogger);
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    temporal,
    taskQueue,
    stop: async ({ keepDatabase = false } = {}) => {
      await readModels.stop();
      await housekeeping.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await running;
      await workerConnection.close();
      await temporal.connection.close();
      if (!keepDatabase) await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

/** Polls until `probe` returns a value, for what a workflow writes asynchronously. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type Json = Record<string, any>;

/** Signs a token for each named principal. */
export async function signTokens(principals: Record<string, Principal>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(principals).map(async ([name, principal]) => [name, await tokenFor(principal)]),
  );
  return Object.fromEntries(entries);
}

/**
 * Calls the API as a named principal (a raw string is sent as the token itself; undefined sends
 * none) and returns status, content type and parsed body.
 */
export function apiCaller(baseUrl: () => string, tokens: Record<string, string>) {
  return async (as: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${tokens[as] ?? as}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : undefined) as Json,
    };
  };
}

/** A suite's stack: the stack's fields, and its API called as one of the suite's principals. */
export type SuiteStack = Omit<TestStack, 'stop'> & { tokens: Record<string, string>; call: ReturnType<typeof apiCaller> };

/**
 * A stack of the suite's own, started before its tests and stopped after them, with a token for
 * each of `principals`. Its fields are there once the suite's first `beforeAll` has run.
 */
export function suiteStack(principals: Record<string, Principal> = {}, options: TestStackOptions = {}): SuiteStack {
  let started: TestStack | undefined;
  const running = () => {
    if (!started) throw new Error("the suite's stack has not started");
    return started;
  };
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    started = await startTestStack(options);
    Object.assign(tokens, await signTokens(principals));
  });
  afterAll(() => started?.stop());
  return {
    get baseUrl() {
      return running().baseUrl;
    },
    get db() {
      return running().db;
    },
    get temporal() {
      return running().temporal;
    },
    get taskQueue() {
      return running().taskQueue;
    },
    tokens,
    call: apiCaller(() => running().baseUrl, tokens),
  };
}
