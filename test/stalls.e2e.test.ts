import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Principal } from '../platform/auth';
import { type RunningServer, startStore, startTemporal } from '../scripts/local-stack';
import { scratchDir } from './support/environment';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { type TestStack, apiCaller, eventually, signTokens, startTestStack } from './support/stack';

// A store or a Temporal that stalls (the process stopped, as a long GC pause, a full disk or a
// frozen VM would) must not hang a request: the API answers 503 within seconds, naming the
// dependency, with Retry-After, and serves again once it is back. These servers are this
// suite's own, so stopping them disturbs no other suite.

const principals: Record<string, Principal> = {
  company: { sub: 'company-user', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE },
  admin: { sub: 'admin-user', role: 'admin' },
};

/** The pid of the server whose command line names `marker` (its own data path). */
const pidOf = (marker: string) => Number(execFileSync('pgrep', ['-f', marker]).toString().trim().split('\n')[0]);

describe('stalled dependencies (own FerretDB and dev server)', () => {
  const dir = path.join(scratchDir(), `stalls-${process.pid}`);
  const storeDir = path.join(dir, 'store');
  const temporalDb = path.join(dir, 'temporal.db');
  let store: RunningServer;
  let temporal: RunningServer;
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => stack.baseUrl, tokens);

  beforeAll(async () => {
    [store, temporal] = await Promise.all([
      startStore({ dataDir: storeDir, database: 'stalls' }),
      startTemporal({ dbFile: temporalDb, uiPort: null }),
    ]);
    stack = await startTestStack({ mongoUri: store.address, temporalAddress: temporal.address });
    Object.assign(tokens, await signTokens(principals));
  });
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([store?.stop(), temporal?.stop()]);
  });

  /** Stops the process for the length of `during`, and lets it go on whatever happens. */
  async function stalled<T>(marker: string, during: () => Promise<T>): Promise<T> {
    const pid = pidOf(marker);
    process.kill(pid, 'SIGSTOP');
    try {
      return await during();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }

  const timed = async <T>(request: Promise<T>) => {
    const started = Date.now();
    const answer = await request;
    return { answer, ms: Date.now() - started };
  };

  it('answers 503 naming the store within seconds while it stalls, and serves again after', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;

    const [read, write] = await stalled(storeDir, () =>
      Promise.all([
        timed(call('company', 'GET', `/api/v1/applications/${id}`)),
        timed(call('company', 'POST', '/api/v1/applications', sampleApplicationBody())),
      ]),
    );
    process.stdout.write(
      `store stalled: read answered ${read.answer.status} in ${read.ms} ms, intake ${write.answer.status} in ${write.ms} ms\n`,
    );
    for (const { answer, ms } of [read, write]) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 503, dependency: 'mongodb' });
      expect(ms).toBeLessThan(10_000);
    }

    const after = await eventually(async () => {
      const answer = await call('company', 'GET', `/api/v1/applications/${id}`);
      return answer.status === 200 ? answer : undefined;
    }, 30_000);
    expect(after.body.status).toBe('in_review');
  });

  it('answers 503 naming Temporal within seconds while it stalls, with Retry-After, and serves again after', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    const id = submitted.body.id as string;

    const started = Date.now();
    const response = await stalled(temporalDb, () =>
      fetch(`${stack.baseUrl}/api/v1/applications/${id}/withdrawal`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.company}` },
      }),
    );
    const ms = Date.now() - started;
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ dependency: 'temporal' });
    expect(ms).toBeLessThan(12_000);
    process.stdout.write(`Temporal stalled: withdrawal answered 503 in ${ms} ms\n`);

    // Once Temporal is back the withdrawal goes through (or already went through: it was sent).
    const withdrawn = await eventually(async () => {
      const answer = await call('company', 'POST', `/api/v1/applications/${id}/withdrawal`);
      if (answer.status !== 200 && answer.status !== 409) return undefined;
      const dossier = (await call('company', 'GET', `/api/v1/applications/${id}`)).body;
      return dossier.status === 'withdrawn' ? dossier : undefined;
    }, 30_000);
    expect(withdrawn.status).toBe('withdrawn');
  });
});
