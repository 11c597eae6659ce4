import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkerMetrics } from '../worker/metrics';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';

// GET /metrics as Prometheus scrapes it: requests per route pattern, Temporal starts, open
// dossiers from the read models; for the metrics token or an admin only.

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

const principals = { admin: ADMIN, company: COMPANY, school: SCHOOL, reviewer: reviewerOf('bouw') };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format: one sample per line that is not a comment. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name and (at least) these labels; undefined if none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe('GET /metrics (dev server, FerretDB)', () => {
  const workerMetrics = new WorkerMetrics();
  const stack = suiteStack(principals, { metricsToken: METRICS_TOKEN, workerMetrics });
  const { call, tokens } = stack;
  let workerServer: Server;
  let school: Server;
  const scrape = async (token?: string) => {
    const response = await fetch(`${stack.baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };

  beforeAll(async () => {
    workerServer = await workerMetrics.listen(0, METRICS_TOKEN, '127.0.0.1');
    // A school whose system is down: every delivery fails.
    school = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => school.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    workerServer?.close();
    school?.close();
  });

  it('is not public: 401 without a token or with a wrong one, 403 for a role other than admin', async () => {
    for (const token of [undefined, 'not-the-metrics-token-0123456789']) {
      const answer = await scrape(token);
      expect(answer.status).toBe(401);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.text)).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect((await scrape(tokens.school)).status).toBe(403);
  });

  it('counts requests by route pattern, Temporal starts and open dossiers', async () => {
    const intake = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    expect(intake.status).toBe(202);
    const id = intake.body.id as string;
    for (let i = 0; i < 3; i++) expect((await call('company', 'GET', `/api/v1/applications/${id}`)).status).toBe(200);
    // A page under its route pattern (without a session it sends the browser to sign in).
    const page = await fetch(`${stack.baseUrl}/aanvragen/${id}`, { redirect: 'manual' });
    expect(page.status).toBeLessThan(500);
    await page.text();
    const unknown = await fetch(`${stack.baseUrl}/no-such-path/${id}`);
    expect(unknown.status).toBe(404);
    await unknown.text();

    const answer = await scrape(METRICS_TOKEN);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parse(answer.text);

    const route = { method: 'GET', route: '/api/v1/applications/:id', status_class: '2xx' };
    expect(valueOf(samples, 'erkend_http_requests_total', route)).toBe(3);
    expect(valueOf(samples, 'erkend_http_request_duration_seconds_count', route)).toBe(3);
    expect(valueOf(samples, 'erkend_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(3);
    expect(valueOf(samples, 'erkend_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    expect(
      valueOf(samples, 'erkend_http_requests_total', { method: 'POST', route: '/api/v1/applications', status_class: '2xx' }),
    ).toBe(1);
    expect(valueOf(samples, 'erkend_http_requests_total', { method: 'GET', route: '/aanvragen/:id' })).toBe(1);
    expect(valueOf(samples, 'erkend_http_requests_total', { route: '(unmatched)', status_class: '4xx' })).toBe(1);
    // Never a path with its id, and never the scrapes themselves.
    expect(answer.text).not.toContain(id);
    expect(samples.some((s) => s.labels.route === '/metrics')).toBe(false);

    expect(valueOf(samples, 'erkend_temporal_workflow_starts_total', { operation: 'update_with_start', outcome: 'ok' })).toBe(1);
    expect(
      valueOf(samples, 'erkend_temporal_call_duration_seconds_count', { operation: 'update_with_start', outcome: 'ok' }),
    ).toBe(1);
    expect(valueOf(samples, 'erkend_temporal_calls_in_flight')).toBe(0);

    expect(valueOf(samples, 'erkend_read_models_ready')).toBe(1);
    expect(valueOf(samples, 'erkend_open_dossiers', { kind: 'application', status: intake.body.status as string })).toBe(1);
    expect(valueOf(samples, 'erkend_overdue_dossiers', { kind: 'application' })).toBe(0);

    // Node's own, with the prefix.
    expect(valueOf(samples, 'erkend_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name.startsWith('erkend_nodejs_'))).toBe(true);
  });

  it('answers an admin token too, and is not counted as a request', async () => {
    const first = parse((await scrape(tokens.admin)).text);
    const second = parse((await scrape(tokens.admin)).text);
    const total = (samples: Sample[]) =>
      samples.filter((s) => s.name === 'erkend_http_requests_total').reduce((sum, s) => sum + s.value, 0);
    expect(total(second)).toBe(total(first));
  });

  it('the worker counts webhook deliveries failing, on its own port for the metrics token', async () => {
    const workerUrl = `http://127.0.0.1:${(workerServer.address() as AddressInfo).port}/metrics`;
    expect((await fetch(workerUrl)).status).toBe(401);
    expect((await fetch(workerUrl, { headers: { authorization: `Bearer ${tokens.admin}` } })).status).toBe(401);
    const scrapeWorker = async () =>
      parse(await (await fetch(workerUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text());
    expect(valueOf(await scrapeWorker(), 'erkend_webhook_delivery_failures_total', { reason: 'failed' })).toBe(0);

    const url = `http://127.0.0.1:${(school.address() as AddressInfo).port}/hooks`;
    const subscribed = await call('school', 'POST', '/api/v1/subscriptions', { url, enterpriseNumbers: [SAMPLE_ENTERPRISE] });
    expect(subscribed.status).toBe(201);
    const intake = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${intake.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    expect(decided.status).toBe(200);

    const samples = await eventually(async () => {
      const scraped = await scrapeWorker();
      return (valueOf(scraped, 'erkend_webhook_delivery_failures_total', { reason: 'failed' }) ?? 0) > 0 ? scraped : undefined;
    }, 10_000);
    expect(
      valueOf(samples, 'erkend_worker_activity_duration_seconds_count', { activity: 'deliverWebhook', outcome: 'failed' }),
    ).toBeGreaterThan(0);
    expect(
      valueOf(samples, 'erkend_worker_activity_duration_seconds_count', { activity: 'publishStatusChange', outcome: 'ok' }),
    ).toBe(1);
    expect(valueOf(samples, 'erkend_webhook_delivery_failures_total', { reason: 'address_refused' })).toBe(0);
    expect(samples.some((s) => s.name === 'erkend_process_cpu_user_seconds_total')).toBe(true);

    // The API counted the decision as an update of the dossier's workflow.
    const api = parse((await scrape(METRICS_TOKEN)).text);
    expect(valueOf(api, 'erkend_temporal_call_duration_seconds_count', { operation: 'update', outcome: 'ok' })).toBe(1);
  });
});
