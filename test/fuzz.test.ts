import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../platform/auth';
import { formatFigures, fuzz } from '../scripts/fuzz';
import { scratchDir } from './support/environment';
import { type TestStack, startTestStack, tokenFor } from './support/stack';

// schemathesis against a stack of the suite's own, once per role with every check on: no 5xx and
// no violation of the OpenAPI document. Bounded by requests, not time: a fixed seed and
// examples per operation make the same requests on any machine (about 3,000, most of them the
// coverage phase's, once per operation), so a slower machine takes longer, never does less.
// Its timeout is three times and more what it takes with a second `npm test` beside it on two
// cores (it took up to 407 s there before the slowest coverage phases were left out; 75 s alone).
// `npm run fuzz -- --max-examples 200` runs long against `npm start`.

const MAX_EXAMPLES = 10;
const SEED = 1;
/**
 * Operations whose coverage cases take schemathesis itself 8 to 22 s each to generate (nested
 * bodies, URL formats): the suite spares them that phase, `npm run fuzz` runs it.
 */
const WITHOUT_COVERAGE = [
  'PUT /api/v1/partnerships/{id}',
  'POST /api/v1/applications/{id}/supplements',
  'POST /api/v1/subscriptions',
  'POST /api/v1/applications',
  'POST /api/v1/recognitions/{id}/renewal',
];

describe('the API under schemathesis', () => {
  let stack: TestStack;
  const running = new AbortController();
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    running.abort();
    await stack.stop();
  });

  it('answers every role without a 5xx or a violation of its OpenAPI document', async () => {
    // A coordinator calls a reviewer's operations and the policy ones the admin's run covers: the
    // suite spares its minute, and `npm run fuzz` runs it with the development coordinator.
    const tokens: Record<Exclude<Role, 'coordinator'>, string> = {
      admin: await tokenFor({ sub: 'fuzz-admin', role: 'admin' }),
      company: await tokenFor({ sub: 'fuzz-company', role: 'company', enterpriseNumber: '0403170701' }),
      reviewer: await tokenFor({ sub: 'fuzz-reviewer', role: 'reviewer', partnershipId: 'bouw' }),
      school: await tokenFor({ sub: 'fuzz-school', role: 'school', schoolId: 'school-1' }),
    };
    const reportDir = fs.mkdtempSync(path.join(scratchDir(), 'fuzz-'));
    const output: string[] = [];
    const figures = await fuzz({
      baseUrl: stack.baseUrl,
      tokens,
      maxExamples: MAX_EXAMPLES,
      seed: SEED,
      withoutCoverage: WITHOUT_COVERAGE,
      reportDir,
      output: (line) => output.push(line),
      signal: running.signal,
    });

    const failed = figures.some((f) => f.serverErrors > 0 || f.violations > 0 || f.findings.length > 0);
    // The figures always; schemathesis' account of each failure (with a curl to repeat it) when there is one.
    process.stdout.write(`${formatFigures(figures)}\n${failed ? `${output.join('\n')}\n` : ''}`);
    expect(figures.map((f) => f.role)).toEqual(['admin', 'company', 'reviewer', 'school']);
    for (const f of figures) expect(f.requests).toBeGreaterThan(100);
    expect(figures.reduce((sum, f) => sum + f.requests, 0)).toBeLessThan(6_000);
    expect(figures.map(({ role, serverErrors, violations, findings }) => ({ role, serverErrors, violations, findings }))).toEqual(
      figures.map(({ role }) => ({ role, serverErrors: 0, violations: 0, findings: [] })),
    );
  }, 900_000);
});
