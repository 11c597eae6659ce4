import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import express, { type Request, type RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { TokenVerifier } from '../platform/auth';
import type { Logger } from '../platform/logger';
import { type Api, addOperations } from './api';
import { codecRoutes } from './codec';
import { docsPage, docsScript, swaggerAssets } from './docs';
import { MAX_DOCUMENT_BYTES } from '../models/document';
import { MAX_IMPORT_BYTES } from '../store/imports';
import { DEFAULT_LIMITS, type ApiLimits, addressKey, declaredLengthLimit, perCaller } from './limits';
import { PUBLIC_API_PATHS } from './public-register';
import { Metrics } from './metrics';
import type { ReadModels } from './read-models';
import { problemHandler, unknownRoute } from './problem';
import { requestLog } from './request-log';
import { Routes } from './routes';
import { docsHeaders, securityHeaders } from './security-headers';
import { TemporalCalls } from './temporal-calls';
import { uploadOf } from './uploads';

export interface ApiDependencies {
  db: Connection;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** WEBHOOK_ALLOW_PRIVATE: local development only. */
  allowPrivateWebhooks: boolean;
  readModels: ReadModels;
  /** Defaults: DEFAULT_LIMITS. */
  limits?: Partial<ApiLimits>;
  /** DEV_SIGN_IN: the sign-in page offers development identities, the codec lets the local Web UI in (local development and tests only). */
  developmentSignIn?: boolean;
  /** METRICS_TOKEN: a bearer token that may read GET /metrics (besides an admin's). */
  metricsToken?: string;
  /** TRUST_PROXY: the proxies whose X-Forwarded-* say the client's address and scheme (default: none). */
  trustProxy?: false | number | string[];
  /** The clock the routes tell today by (default: the system's); tests set the moment. */
  now?: () => Date;
  /** PUBLIC_URL: where people reach the pages, for links outside them (default: the request's host). */
  publicUrl?: string;
}

const isRead = (req: Request) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';

/** What the API gives what is served beside it: its operations to call in-process, and its limits. */
export interface BuiltApi {
  routes: Routes;
  api: Api;
  limits: ApiLimits;
}

/**
 * The API's app. `beside` (the pages, from the composition root in server/) is mounted after the
 * API's routes and before its answers for an unknown route and for a failure.
 */
export function createApi(deps: ApiDependencies, beside?: (built: BuiltApi) => RequestHandler): express.Express {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? (() => new Date());
  const metrics = new Metrics(deps.readModels);
  const calls = new TemporalCalls(deps.temporal, limits.temporal, metrics.temporal);
  metrics.observeCalls(calls);
  const app = express();
  app.disable('x-powered-by');
  // The client's address (rate limits) and scheme (Secure cookies) as the proxy in front says them.
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(securityHeaders);
  app.use(requestLog(deps.logger));
  // Before the request metrics (a scrape is not counted) and outside /api (not rate-limited).
  app.get('/metrics', metrics.endpoint({ token: deps.metricsToken, verifyToken: deps.verifyToken }));
  app.use('/codec', codecRoutes(deps));
  app.use(metrics.requestMetrics());
  // Uploads have their own limits, enforced while they stream (api/documents.ts, store/imports.ts).
  // The page's upload form may declare more, so its person sees the refusal on the page.
  const bodyLimit = declaredLengthLimit(limits.maxBodyBytes);
  const uploadLimit = declaredLengthLimit(MAX_DOCUMENT_BYTES + 64 * 1024);
  const pageUploadLimit = declaredLengthLimit(5 * MAX_DOCUMENT_BYTES);
  const importLimit = declaredLengthLimit(MAX_IMPORT_BYTES);
  const uploadLimits = { document: uploadLimit, 'document-form': pageUploadLimit, import: importLimit };
  const limitOf = (req: express.Request) => {
    const upload = uploadOf(req.method, req.path);
    return upload ? uploadLimits[upload] : bodyLimit;
  };
  app.use((req, res, next) => limitOf(req)(req, res, next));
  app.use('/api', perCaller('API', limits.perMinute), perCaller('write', limits.writesPerMinute, 60_000, isRead));
  // The name search scans the store where no index serves it (FerretDB): the strictest limit.
  app.use('/api/v1/register/companies', perCaller('company search', limits.searchesPerMinute));
  // The public register answers anyone, without a token: per address, its own limit.
  app.use(PUBLIC_API_PATHS, perCaller('public register', limits.publicPerMinute, 60_000, undefined, addressKey));
  app.use(express.json({ limit: limits.maxBodyBytes, type: ['application/json', 'application/*+json'] }));

  const router = express.Router();
  const routes = new Routes(router, deps.verifyToken);
  const api = addOperations(routes, { ...deps, limits, now, calls });

  const openapi = new OpenApiGeneratorV31(routes.registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Erkend API',
      version: '1',
      description: 'Recognition of learning companies (erkende leerondernemingen) for dual learning in Flanders.',
    },
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/docs', docsHeaders);
  app.use('/docs/assets', swaggerAssets());
  app.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(docsScript);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });
  app.use(router);
  app.use(routes.methodNotAllowed());
  if (beside) app.use(beside({ routes, api, limits }));
  app.use(unknownRoute);
  app.use(problemHandler(deps.logger));
  return app;
}
