import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { pingMongo } from '../platform/mongo';
import { pingTemporal } from '../platform/temporal';
import type { Logger } from '../platform/logger';
import { adminOutboxRoutes } from './admin-outbox';
import { adminParkedRoutes } from './admin-parked';
import { applicationRoutes } from './applications';
import { catalogueRoutes } from './catalogue';
import { companyRoutes } from './companies';
import { diagnosticsRoutes } from './diagnostics';
import { documentRoutes } from './documents';
import { importRoutes } from './imports';
import { improvementPlanRoutes } from './improvement-plans';
import type { ApiLimits } from './limits';
import { mandateRoutes } from './mandates';
import { monitoringRoutes } from './monitoring';
import { noticeRoutes } from './notices';
import { operationsRoutes } from './operations';
import { outboxRoutes } from './outbox';
import { personalDataRoutes } from './personal-data';
import { pingRoutes } from './ping';
import { placementRoutes } from './placements';
import { publicRegisterRoutes } from './public-register';
import { certificateRoutes } from './certificate';
import { qualityCheckRoutes } from './quality-checks';
import type { ReadModels } from './read-models';
import { recognitionRoutes } from './recognitions';
import { registerRoutes } from './register';
import { searchingLearnerRoutes } from './searching-learners';
import type { Routes } from './routes';
import type { TemporalCalls } from './temporal-calls';

// Every operation of the API, added to its routes; what this gives back is the API as the
// pages call it in-process: `api.applications.get`, each a typed handle (api/route-spec.ts).

export interface OperationDependencies {
  db: Connection;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  allowPrivateWebhooks: boolean;
  readModels: ReadModels;
  calls: TemporalCalls;
  limits: ApiLimits;
  now: () => Date;
  /** PUBLIC_URL: where people reach the pages (a certificate's verification link). */
  publicUrl?: string;
}

const READINESS_TIMEOUT_MS = 2_000;

export function addOperations(routes: Routes, deps: OperationDependencies) {
  const { limits } = deps;
  const { caps } = limits;
  const probes = operationsRoutes(routes, deps.logger, [
    { name: 'mongodb', check: () => pingMongo(deps.db, READINESS_TIMEOUT_MS) },
    { name: 'temporal', check: () => pingTemporal(deps.temporal, READINESS_TIMEOUT_MS) },
    {
      name: 'register',
      check: async () => {
        if (!deps.readModels.ready) throw new Error('still loading');
      },
    },
  ]);
  const diagnostics = diagnosticsRoutes(routes, deps);
  const catalogue = catalogueRoutes(routes, deps.db);
  const mandates = mandateRoutes(routes, { ...deps, caps });
  const applications = applicationRoutes(routes, { ...deps, catalogue, mandates });
  const recognitions = recognitionRoutes(routes, {
    ...deps,
    catalogue,
    incidentReportsPerSchoolPerDay: limits.incidentReportsPerSchoolPerDay,
  });
  return {
    probes,
    ping: pingRoutes(routes),
    diagnostics,
    catalogue: catalogue.operations,
    mandates: mandates.operations,
    applications,
    recognitions,
    qualityChecks: qualityCheckRoutes(routes, deps),
    improvementPlans: improvementPlanRoutes(routes, deps),
    register: registerRoutes(routes, { ...deps, caps }),
    outbox: outboxRoutes(routes, deps.db),
    monitoring: monitoringRoutes(routes, { ...deps, catalogue }),
    placements: placementRoutes(routes, { ...deps, catalogue, caps }),
    searchingLearners: searchingLearnerRoutes(routes, { ...deps, caps }),
    documents: documentRoutes(routes, { ...deps, mandates, caps }),
    companies: companyRoutes(routes, deps),
    imports: importRoutes(routes, deps),
    personalData: personalDataRoutes(routes, deps),
    admin: { ...adminOutboxRoutes(routes, deps), ...adminParkedRoutes(routes, deps) },
    publicRegister: publicRegisterRoutes(routes, deps),
    certificate: certificateRoutes(routes, deps),
    notices: noticeRoutes(routes, deps),
  };
}

/** The API's operations by area, as the pages call them (they import this type only). */
export type Api = ReturnType<typeof addOperations>;
