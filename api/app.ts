import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import express from 'express';
import type { Connection } from 'mongoose';
import { pingMongo } from '../platform/mongo';
import { pingTemporal } from '../platform/temporal';
import type { TokenVerifier } from '../platform/auth';
import type { Logger } from '../platform/logger';
import { applicationRoutes } from './applications';
import { catalogueRoutes } from './catalogue';
import { diagnosticsRoutes } from './diagnostics';
import { docsPage, swaggerAssets } from './docs';
import { operationsRoutes } from './operations';
import { outboxRoutes } from './outbox';
import { qualityCheckRoutes } from './quality-checks';
import { recognitionRoutes } from './recognitions';
import { registerRoutes } from './register';
import type { RegisterFeed } from './register-feed';
import { problemHandler, unknownRoute } from './problem';
import { Routes } from './routes';

export interface ApiDependencies {
  db: Connection;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** WEBHOOK_ALLOW_PRIVATE: local development only. */
  allowPrivateWebhooks: boolean;
  register: RegisterFeed;
}

const READINESS_TIMEOUT_MS = 2_000;

export function createApp(deps: ApiDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });

  const router = express.Router();
  const routes = new Routes(router, deps.verifyToken);
  operationsRoutes(routes, [
    { name: 'mongodb', check: () => pingMongo(deps.db, READINESS_TIMEOUT_MS) },
    { name: 'temporal', check: () => pingTemporal(deps.temporal, READINESS_TIMEOUT_MS) },
    {
      name: 'register',
      check: async () => {
        if (!deps.register.ready) throw new Error('still loading');
      },
    },
  ]);
  diagnosticsRoutes(routes, deps);
  const catalogue = catalogueRoutes(routes, deps.db);
  applicationRoutes(routes, { ...deps, catalogue });
  recognitionRoutes(routes, { ...deps, catalogue });
  qualityCheckRoutes(routes, deps);
  registerRoutes(routes, deps);
  outboxRoutes(routes, deps.db);

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
  app.use('/docs/assets', swaggerAssets());
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });
  app.use(router);
  app.use(unknownRoute);
  app.use(problemHandler(deps.logger));
  return app;
}
