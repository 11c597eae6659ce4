import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OPEN_STATUSES } from '../models/application';
import { LIVE_RECOGNITION_STATUSES } from '../models/recognition';
import { InvalidToken, type TokenVerifier } from '../platform/auth';
import { Problem } from './problem';
import type { ReadModels } from './read-models';
import {
  type TemporalCallObserver,
  type TemporalCalls,
  type TemporalOperation,
  type TemporalOutcome,
  WORKFLOW_STARTS,
} from './temporal-calls';

// Operations metrics of one API process in Prometheus' text format (`GET /metrics`): requests
// per route, calls to Temporal, open and overdue dossiers from the read models (computed when
// scraped, no store query), and Node's own (`erkend_process_*`, `erkend_nodejs_*`).

const PREFIX = 'erkend_';
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const TEMPORAL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 6, 10];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Answers that no route took: unknown paths, and requests refused before routing (429, 413). */
export const UNMATCHED = '(unmatched)';
/** Files served by a mount rather than a route, under one label each. */
const MOUNTS = ['/static/', '/docs/assets/'];

const OPEN = {
  application: OPEN_STATUSES,
  recognition: LIVE_RECOGNITION_STATUSES,
  quality_check: ['open', 'answered', 'overdue'],
} as const;

/**
 * The route pattern that answered (`/api/v1/applications/:id`, `/aanvragen/:id`), never the
 * path with its ids, so the number of series stays that of the routes.
 */
export function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  const mount = MOUNTS.find((prefix) => req.path.startsWith(prefix));
  return mount ? `${mount}*` : UNMATCHED;
}

/** Equal secrets, compared in constant time (both hashed first, so their lengths do not show). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status_class'>;
  private readonly durations: Histogram<'method' | 'route' | 'status_class'>;
  private readonly temporalDurations: Histogram<'operation' | 'outcome'>;
  private readonly starts: Counter<'operation' | 'outcome'>;
  private readonly refusals: Counter<'reason'>;

  constructor(readModels: ReadModels) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.requests = new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route pattern and status class (GET /metrics not counted)',
      labelNames: ['method', 'route', 'status_class'],
      registers,
    });
    this.durations = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time from a request arriving to its answer being sent, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.temporalDurations = new Histogram({
      name: `${PREFIX}temporal_call_duration_seconds`,
      help: 'Calls from the API to Temporal (start, update, signal, query, ...) by operation and outcome (ok, rejected, unavailable, error)',
      labelNames: ['operation', 'outcome'],
      buckets: TEMPORAL_BUCKETS,
      registers,
    });
    this.starts = new Counter({
      name: `${PREFIX}temporal_workflow_starts_total`,
      help: 'Workflow starts asked of Temporal (start, signal-with-start, update-with-start; with-start on a running workflow counts too), by outcome',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.refusals = new Counter({
      name: `${PREFIX}temporal_calls_refused_total`,
      help: 'Calls to Temporal refused by load shedding (answered 503): queue_full, or no_turn before the deadline',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: `${PREFIX}read_models_ready`,
      help: '1 once the read models are loaded; until then the dossier gauges are 0',
      registers,
      collect() {
        this.set(readModels.ready ? 1 : 0);
      },
    });
    new Counter({
      name: `${PREFIX}read_model_reconciliations_total`,
      help: 'Reconciliations of the read models with the store by this process (before each snapshot it writes, and daily)',
      registers,
      collect() {
        this.reset();
        this.inc(readModels.reconciliations.runs);
      },
    });
    new Counter({
      name: `${PREFIX}read_model_divergences_total`,
      help: 'Entries a reconciliation found held otherwise than stored, and corrected, by kind (recognition, application, check, mandate, placement); anything above 0 is a change the feed lost',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, count] of Object.entries(readModels.reconciliations.divergences)) this.inc({ kind }, count);
      },
    });
    new Gauge({
      name: `${PREFIX}open_dossiers`,
      help: "Open dossiers by kind (application, recognition, quality_check) and status, from this process's read models",
      labelNames: ['kind', 'status'],
      registers,
      collect() {
        const counts = new Map<string, number>();
        const add = (kind: string, status: string) => counts.set(`${kind} ${status}`, (counts.get(`${kind} ${status}`) ?? 0) + 1);
        for (const entry of readModels.applications.entries()) add('application', entry.status);
        for (const entry of readModels.recognitions.entries()) add('recognition', entry.status);
        for (const entry of readModels.checks.entries()) add('quality_check', entry.status);
        for (const [kind, statuses] of Object.entries(OPEN)) {
          for (const status of statuses) this.set({ kind, status }, counts.get(`${kind} ${status}`) ?? 0);
        }
      },
    });
    new Gauge({
      name: `${PREFIX}overdue_dossiers`,
      help: 'Open applications past their decision deadline, and quality checks past theirs (kind)',
      labelNames: ['kind'],
      registers,
      collect() {
        const open = new Set<string>(OPEN_STATUSES);
        let applications = 0;
        for (const entry of readModels.applications.entries()) if (entry.overdue && open.has(entry.status)) applications += 1;
        let checks = 0;
        for (const entry of readModels.checks.entries()) if (entry.status === 'overdue') checks += 1;
        this.set({ kind: 'application' }, applications);
        this.set({ kind: 'quality_check' }, checks);
      },
    });
  }

  /** What TemporalCalls tells: each operation timed, starts counted, refusals counted. */
  readonly temporal: TemporalCallObserver = {
    operation: (operation: TemporalOperation, outcome: TemporalOutcome, seconds: number) => {
      this.temporalDurations.observe({ operation, outcome }, seconds);
      if (WORKFLOW_STARTS.has(operation)) this.starts.inc({ operation, outcome });
    },
    refused: (reason) => this.refusals.inc({ reason }),
  };

  /** Calls in flight and waiting, read when scraped. */
  observeCalls(calls: TemporalCalls) {
    const registers = [this.registry];
    new Gauge({
      name: `${PREFIX}temporal_calls_in_flight`,
      help: 'Calls to Temporal in flight in this process',
      registers,
      collect() {
        this.set(calls.inFlight);
      },
    });
    new Gauge({
      name: `${PREFIX}temporal_calls_waiting`,
      help: 'Calls to Temporal waiting for a turn in this process',
      registers,
      collect() {
        this.set(calls.queued);
      },
    });
  }

  /** Counts and times every request answered after it; mount it after `GET /metrics`. */
  requestMetrics(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const labels = {
          method: METHODS.has(req.method) ? req.method : 'other',
          route: routeLabel(req),
          status_class: `${Math.floor(res.statusCode / 100)}xx`,
        };
        this.requests.inc(labels);
        this.durations.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    };
  }

  /**
   * `GET /metrics`: for the metrics token (`METRICS_TOKEN`, compared in constant time) or an
   * admin's bearer token; 401 without either, 403 for another role's token.
   */
  endpoint(access: { token?: string; verifyToken: TokenVerifier }): RequestHandler {
    return async (req, res) => {
      const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const unauthorized = (detail: string) => {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return new Problem(401, 'Unauthorized', detail);
      };
      if (!token) throw unauthorized('A bearer token is required: the metrics token (METRICS_TOKEN) or an admin token');
      if (!(access.token && sameSecret(token, access.token))) {
        let role: string;
        try {
          role = (await access.verifyToken(token)).role;
        } catch (error) {
          if (error instanceof InvalidToken)
            throw unauthorized('The bearer token is neither the metrics token nor a valid token');
          throw error;
        }
        if (role !== 'admin') throw new Problem(403, 'Forbidden', `The role ${role} may not read the metrics; allowed: admin`);
      }
      res.setHeader('Content-Type', this.registry.contentType);
      res.send(await this.registry.metrics());
    };
  }
}
