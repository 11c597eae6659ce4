import { connect } from 'node:net';
import { SignJWT } from 'jose';
import type { Principal } from '../platform/auth';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { type Json, TEST_JWT_SECRET, type TestStack, apiCaller, signTokens, startTestStack } from './support/stack';

// What an attacker or an unlucky operator tried, and what must hold: bounded values, tokens
// that expire, headers, lying bodies, bursts, load and incident spam.

const principals: Record<string, Principal> = {
  admin: { sub: 'admin-user', role: 'admin' },
  company: { sub: 'company-user', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE },
  reviewer: { sub: 'reviewer-bouw', role: 'reviewer', partnershipId: 'bouw' },
  school: { sub: 'school-user', role: 'school', schoolId: 'school-1' },
  otherSchool: { sub: 'school-2-user', role: 'school', schoolId: 'school-2' },
  burster: { sub: 'burster', role: 'school', schoolId: 'school-3' },
  searcher: { sub: 'searcher', role: 'school', schoolId: 'school-4' },
  parallelSchool: { sub: 'parallel-school', role: 'school', schoolId: 'school-5' },
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6].map((n) => [
      `submitter${n}`,
      { sub: `submitter-${n}`, role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE },
    ]),
  ),
};

describe('hardening (dev server, FerretDB)', () => {
  let stack: TestStack;
  let strict: TestStack;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => stack.baseUrl, tokens);
  const callStrict = apiCaller(() => strict.baseUrl, tokens);

  beforeAll(async () => {
    [stack, strict] = await Promise.all([
      startTestStack({ limits: { incidentReportsPerSchoolPerDay: 2 } }),
      startTestStack({
        limits: { perMinute: 5, searchesPerMinute: 2, temporal: { deadlineMs: 8_000, concurrency: 1, queue: 0 } },
      }),
    ]);
    Object.assign(tokens, await signTokens(principals));
  });
  afterAll(() => Promise.all([stack?.stop(), strict?.stop()]));

  describe('values that could break a dossier', () => {
    it.each([
      ['validity', 'P999999Y'],
      ['decisionDeadline', 'P2Y'],
      ['qualityCheckInterval', 'PT0S'],
      ['renewalNotice', 'P100Y'],
    ])('refuses a policy %s of %s, naming the field', async (field, value) => {
      const answer = await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', { [field]: value });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          path: field,
          message: expect.stringMatching(/^must be from /),
          code: 'duration-out-of-range',
          params: expect.any(Object),
        },
      ]);
    });

    it('accepts durations from seconds to years within the bounds', async () => {
      const answer = await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', {
        validity: 'P10Y',
        decisionDeadline: 'PT30S',
      });
      expect(answer.status).toBe(200);
      expect((await call('admin', 'PUT', '/api/v1/partnerships/metaal/policy', {})).status).toBe(200);
    });

    it('refuses dates outside any dossier’s life, naming the field', async () => {
      const body = sampleApplicationBody();
      body.mentors[0]!.birthDate = '0001-01-01';
      body.mentors[0]!.criminalRecordExtractDate = '9999-12-31';
      const answer = await call('company', 'POST', '/api/v1/applications', body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: Json) => e.path)).toEqual(['mentors.0.birthDate', 'mentors.0.criminalRecordExtractDate']);
    });
  });

  it('refuses a token without an expiry', async () => {
    const forever = await new SignJWT({ ...principals.admin })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const answer = await call(forever, 'GET', '/api/v1/outbox');
    expect(answer.status).toBe(401);
    expect(answer.body.detail).toMatch(/exp/);
  });

  describe('headers', () => {
    it('keeps personal data out of caches and browsers out of mischief', async () => {
      const response = await fetch(`${stack.baseUrl}/api/v1/applications`, {
        headers: { authorization: `Bearer ${tokens.company}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      // A request id to quote to an operator: the caller's own when it sends a plain one.
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const traced = await fetch(`${stack.baseUrl}/healthz`, { headers: { 'x-request-id': 'school-system-4711' } });
      expect(traced.headers.get('x-request-id')).toBe('school-system-4711');
    });

    it('serves the API docs under a Content-Security-Policy without inline scripts', async () => {
      const response = await fetch(`${stack.baseUrl}/docs`);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(await response.text()).not.toMatch(/<script>[^<]/);
      expect((await fetch(`${stack.baseUrl}/docs/init.js`)).status).toBe(200);
    });
  });

  it('refuses a body that declares more than the limit at once, and closes the connection', async () => {
    const { port, hostname } = new URL(stack.baseUrl);
    const started = Date.now();
    const { head, closed } = await new Promise<{ head: string; closed: boolean }>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve({ head: received, closed: true }));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => {
        socket.destroy();
        resolve({ head: received, closed: false });
      });
      socket.write(
        `POST /api/v1/applications HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${tokens.company}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{}',
      );
    });
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(head).toMatch(/application\/problem\+json/);
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  describe('bursts and load', () => {
    it('answers 429 with Retry-After past the per-caller limit, and other callers go on', async () => {
      const answers = [];
      for (let i = 0; i < 6; i += 1) answers.push(await callStrict('burster', 'GET', '/api/v1/subscriptions'));
      expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(answers[5]).toMatchObject({ status: 429, type: expect.stringContaining('application/problem+json') });
      const response = await fetch(`${strict.baseUrl}/api/v1/subscriptions`, {
        headers: { authorization: `Bearer ${tokens.burster}` },
      });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await callStrict('otherSchool', 'GET', '/api/v1/subscriptions')).status).toBe(200);
    });

    it('limits the company-name search, which scans the store, harder', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await callStrict('searcher', 'GET', '/api/v1/register/companies?name=Bouw')).status);
      expect(statuses).toEqual([200, 200, 429]);
    });

    it('sheds intake it cannot take at once (503 with Retry-After) instead of queueing it, and loses nothing it accepted', async () => {
      const answers = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((n) => callStrict(`submitter${n}`, 'POST', '/api/v1/applications', sampleApplicationBody())),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.every((s) => s === 202 || s === 503)).toBe(true);
      expect(statuses).toContain(202);
      expect(statuses).toContain(503);
      const shed = answers.find((a) => a.status === 503)!;
      expect(shed.body.detail).toMatch(/try again/);
      for (const accepted of answers.filter((a) => a.status === 202)) {
        expect((await callStrict('admin', 'GET', `/api/v1/applications/${accepted.body.id}`)).body.status).toBe('in_review');
      }
    });
  });

  describe('incident reports', () => {
    let recognitionId: string;
    beforeAll(async () => {
      const application = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
      const decided = await call('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
        outcome: 'approved',
        reasons: [],
      });
      recognitionId = decided.body.recognitionId;
    });

    it('adds a further report to the incident check still pending instead of opening another', async () => {
      const first = await call('school', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
        description: 'Leerling zonder begeleiding',
      });
      const second = await call('otherSchool', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
        description: 'Opnieuw geen mentor',
      });
      expect(first.status).toBe(201);
      expect(second).toMatchObject({ status: 201, body: { qualityCheckId: first.body.qualityCheckId } });
      const checks = (await call('admin', 'GET', `/api/v1/quality-checks?recognitionId=${recognitionId}`)).body as Json[];
      expect(checks.filter((c) => c.reason === 'incident')).toHaveLength(1);
      expect(checks[0]!.reports).toEqual([{ at: expect.any(String), by: 'school-2-user', description: 'Opnieuw geen mentor' }]);
    });

    it('takes a limited number of reports per school per day', async () => {
      // school-1 reported once above; the limit of this stack is two a day.
      expect(
        (await call('school', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, { description: 'Derde melding' }))
          .status,
      ).toBe(201);
      const refused = await call('school', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
        description: 'Vierde melding',
      });
      expect(refused.status).toBe(429);
      expect(refused.body.detail).toMatch(/at most 2 incidents a day/);
      expect(
        (await call('reviewer', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, { description: 'Door de consulent' }))
          .status,
      ).toBe(201);
    });

    it('keeps to the limit when a school sends its reports all at once', async () => {
      const statuses = await Promise.all(
        [1, 2, 3, 4, 5].map(
          async (n) =>
            (
              await call('parallelSchool', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
                description: `Melding ${n}`,
              })
            ).status,
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(2);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    });
  });
});
