import path from 'node:path';
import type { Principal } from '../platform/auth';
import { type RunningServer, startTemporal } from '../scripts/local-stack';
import { recognitionWorkflowId } from '../workflows/recognition-lifecycle.messages';
import { scratchDir } from './support/environment';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { type Json, type TestStack, apiCaller, eventually, signTokens, startTestStack } from './support/stack';

// A recognition lives for years, so its workflow continues as new whenever Temporal suggests
// it. Here a dev server of this suite's own suggests it after a few dozen events: the state
// that lives only in the workflow (a pending quality check, a renewal waiting for the
// partnership) must come through, and people keep acting on it across the new run.

const principals: Record<string, Principal> = {
  company: { sub: 'company-user', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE },
  reviewer: { sub: 'reviewer-auto', role: 'reviewer', partnershipId: 'auto' },
  school: { sub: 'school-user', role: 'school', schoolId: 'school-1' },
  admin: { sub: 'admin-user', role: 'admin' },
};

describe('continue-as-new keeps a recognition whole (own dev server)', () => {
  let temporal: RunningServer;
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => stack.baseUrl, tokens);

  beforeAll(async () => {
    temporal = await startTemporal({
      dbFile: path.join(scratchDir(), `continue-as-new-${process.pid}`, 'temporal.db'),
      uiPort: null,
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 },
    });
    stack = await startTestStack({ temporalAddress: temporal.address });
    Object.assign(tokens, await signTokens(principals));
  });
  afterAll(async () => {
    await stack?.stop();
    await temporal?.stop();
  });

  it('carries a pending check and a pending renewal into the new run, where they are answered and decided', async () => {
    const application = await call(
      'company',
      'POST',
      '/api/v1/applications',
      sampleApplicationBody({ jointCommittee: '112', trainingCode: 'autotechnieken-duaal' }),
    );
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
      outcome: 'approved',
      reasons: [],
    });
    const id = decided.body.recognitionId as string;
    const handle = stack.temporal.workflow.getHandle(recognitionWorkflowId(id));
    const firstRun = (await handle.describe()).runId;

    // Held only by the workflow: a pending incident check and a renewal with changes.
    const incident = await call('school', 'POST', `/api/v1/recognitions/${id}/incidents`, {
      description: 'Geen mentor aanwezig',
    });
    expect(incident.status).toBe(201);
    const renewal = await call('company', 'POST', `/api/v1/recognitions/${id}/renewal`, { changes: { capacity: 3 } });
    expect(renewal).toMatchObject({ status: 200, body: { renewal: { status: 'requested' } } });

    // Suspensions and reinstatements until Temporal suggests a new run and the workflow takes it.
    let rounds = 0;
    await eventually(async () => {
      if ((await handle.describe()).runId !== firstRun) return true;
      rounds += 1;
      expect(
        (await call('reviewer', 'POST', `/api/v1/recognitions/${id}/suspension`, { reasons: [`Ronde ${rounds}`] })).status,
      ).toBe(200);
      expect((await call('reviewer', 'POST', `/api/v1/recognitions/${id}/reinstatement`, { reasons: [] })).status).toBe(200);
      return undefined;
    }, 60_000);

    // In the new run: the check is still there to answer, the renewal still there to decide.
    const check = (await call('admin', 'GET', `/api/v1/quality-checks/${incident.body.qualityCheckId}`)).body;
    const answered = await call('company', 'POST', `/api/v1/quality-checks/${check.id}/answers`, {
      answers: check.questions.map((q: Json) => ({ id: q.id, ok: true })),
    });
    expect(answered.body).toMatchObject({ status: 'closed', outcome: 'ok' });
    const approved = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/renewal/decision`, {
      outcome: 'approved',
      reasons: [],
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', capacity: 3, renewal: { status: 'approved' } });
    expect(approved.body.history.map((h: Json) => h.status)).toEqual([
      'active',
      ...Array(rounds).fill(['suspended', 'active']).flat(),
    ]);
    expect((await handle.describe()).runId).not.toBe(firstRun);
  });
});
