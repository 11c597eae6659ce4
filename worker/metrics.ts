import { createHash, timingSafeEqual } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { WEBHOOK_ADDRESS_REFUSED } from '../models/failures';

// Operations metrics of one worker process, on a port of its own (WORKER_METRICS_PORT) for the
// metrics token: every activity attempt by outcome, and webhook deliveries failing, which only
// the worker sees (a school that is down is retried by Temporal, invisible to the API).

const PREFIX = 'erkend_';
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** How an activity attempt ended: done, failed (Temporal retries it per its policy), or failed for good. */
type Outcome = 'ok' | 'failed' | 'non_retryable';

function outcomeOf(error: unknown): Outcome {
  return error instanceof ApplicationFailure && error.nonRetryable ? 'non_retryable' : 'failed';
}

export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly attempts: Histogram<'activity' | 'outcome'>;
  private readonly webhookFailures: Counter<'reason'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.attempts = new Histogram({
      name: `${PREFIX}worker_activity_duration_seconds`,
      help: 'Activity attempts by activity type and outcome (ok; failed: Temporal retries it per its policy; non_retryable)',
      labelNames: ['activity', 'outcome'],
      buckets: BUCKETS,
      registers,
    });
    this.webhookFailures = new Counter({
      name: `${PREFIX}webhook_delivery_failures_total`,
      help: 'Webhook deliveries that failed: failed (the school answered other than 2xx or was unreachable; retried) or address_refused (never deliverable; the subscription is marked undeliverable)',
      labelNames: ['reason'],
      registers,
    });
    this.webhookFailures.inc({ reason: 'failed' }, 0);
    this.webhookFailures.inc({ reason: 'address_refused' }, 0);
  }

  /** For `Worker.create({ interceptors: { activity: [...] } })`: times every activity attempt. */
  readonly activityInterceptor: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      execute: async (input, next) => {
        const activity = ctx.info.activityType;
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const result = await next(input);
          this.attempts.observe({ activity, outcome: 'ok' }, seconds());
          return result;
        } catch (error) {
          const outcome = outcomeOf(error);
          this.attempts.observe({ activity, outcome }, seconds());
          if (activity === 'deliverWebhook') {
            const refused = error instanceof ApplicationFailure && error.type === WEBHOOK_ADDRESS_REFUSED;
            this.webhookFailures.inc({ reason: refused ? 'address_refused' : 'failed' });
          }
          throw error;
        }
      },
    },
  });

  /**
   * `GET /metrics` on its own port, for `Authorization: Bearer <token>` only (compared in
   * constant time); 401 problem+json otherwise.
   */
  async listen(port: number, token: string, host?: string): Promise<Server> {
    const expected = createHash('sha256').update(token).digest();
    const server = createServer((req, res) => {
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const allowed = given !== undefined && timingSafeEqual(createHash('sha256').update(given).digest(), expected);
      if (!allowed) {
        const problem = { type: 'https://erkend.dev/problems/unauthorized', title: 'Unauthorized', status: 401 };
        res
          .writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' })
          .end(JSON.stringify({ ...problem, detail: 'The metrics token is required (Authorization: Bearer <METRICS_TOKEN>)' }));
        return;
      }
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    return server;
  }
}
