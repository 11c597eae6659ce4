import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STOPPED_ENTERPRISE_REASON, endRecognitionsOfStoppedEnterprises } from '../api/companies';
import { withCheckDigits } from '../models/identifiers';
import { csvLine, dottedEnterprise, writeKboSample } from '../scripts/kbo-sample';
import { importKbo } from '../store/kbo-import';
import { scratchDir } from './support/environment';
import { newEstablishmentNumber, sampleApplicationBody } from './support/sample-application';
import { type Json, type TestStack, apiCaller, eventually, signTokens, startTestStack } from './support/stack';
import { recordHistory } from './support/histories';
import { recognitionWorkflowId } from '../workflows/recognition-lifecycle.messages';

// With the KBO data loaded, intake knows the companies: an unknown or stopped enterprise and an
// establishment of another enterprise are refused naming the field; an enterprise the KBO then
// says stopped has its recognitions ended with that reason.

describe('intake and recognitions with the KBO data (dev server, FerretDB)', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => stack.baseUrl, tokens);
  const root = path.join(scratchDir(), `kbo-intake-${randomUUID().slice(0, 8)}`);
  let enterprise: { enterpriseNumber: string; establishments: string[] };

  beforeAll(async () => {
    stack = await startTestStack();
    const sample = await writeKboSample({ dir: path.join(root, 'full'), enterprises: 20, seed: 7 });
    await importKbo(stack.db, path.join(root, 'full'));
    enterprise = sample.first.find((e) => e.status === 'active' && e.establishments.length > 1)!;
    Object.assign(
      tokens,
      await signTokens({
        admin: { sub: 'admin', role: 'admin' },
        company: { sub: 'company-user', role: 'company', enterpriseNumber: enterprise.enterpriseNumber },
        reviewer: { sub: 'reviewer-bouw', role: 'reviewer', partnershipId: 'bouw' },
      }),
    );
  });
  afterAll(() => stack.stop());

  const apply = (enterpriseNumber: string, establishmentNumber: string) =>
    call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ enterpriseNumber, establishmentNumber }));

  it('refuses an unknown enterprise and another enterprise’s establishment, and takes a known one', async () => {
    const unknown = await call(
      'admin',
      'POST',
      '/api/v1/applications',
      sampleApplicationBody({ enterpriseNumber: withCheckDigits('09999999') }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'enterpriseNumber', message: expect.stringMatching(/unknown in the KBO/), code: 'unknown-enterprise', params: {} },
    ]);

    const elsewhere = await apply(enterprise.enterpriseNumber, newEstablishmentNumber());
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors).toEqual([
      {
        path: 'establishmentNumber',
        message: expect.stringMatching(/not an establishment of enterprise/),
        code: 'not-an-establishment',
        params: { enterpriseNumber: enterprise.enterpriseNumber },
      },
    ]);

    const known = await apply(enterprise.enterpriseNumber, enterprise.establishments[0]!);
    expect(known.status).toBe(202);
  });

  it('ends the recognitions of an enterprise the KBO says stopped, with that reason, and refuses its new applications', async () => {
    const filed = await apply(enterprise.enterpriseNumber, enterprise.establishments.at(-1)!);
    const approved = await call('reviewer', 'POST', `/api/v1/applications/${filed.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    expect(approved.status).toBe(200);
    const recognitionId = approved.body.recognitionId as string;

    // The daily update deletes the enterprise: stopped.
    const update = path.join(root, 'update');
    fs.mkdirSync(update, { recursive: true });
    fs.writeFileSync(
      path.join(update, 'meta.csv'),
      [csvLine(['Variable', 'Value']), csvLine(['ExtractType', 'update'])].join(''),
    );
    fs.writeFileSync(
      path.join(update, 'enterprise_delete.csv'),
      [csvLine(['EnterpriseNumber']), csvLine([dottedEnterprise(enterprise.enterpriseNumber)])].join(''),
    );
    await importKbo(stack.db, update);

    expect(await endRecognitionsOfStoppedEnterprises(stack)).toMatchObject({ ended: 1 });
    const recognition = await eventually(async () => {
      const answer = (await call('company', 'GET', `/api/v1/recognitions/${recognitionId}`)).body as Json;
      return answer.status === 'ended' ? answer : undefined;
    });
    expect(recognition.history.at(-1)).toMatchObject({ status: 'ended', by: 'kbo', reasons: [STOPPED_ENTERPRISE_REASON] });
    const notices = (await call('admin', 'GET', `/api/v1/outbox?recognitionId=${recognitionId}`)).body as Json[];
    expect(
      notices
        .filter((n) => n.template === 'recognition_ended')
        .map((n) => n.audience)
        .sort(),
    ).toEqual(['company', 'partnership']);
    const handle = stack.temporal.workflow.getHandle(recognitionWorkflowId(recognitionId));
    await handle.result();
    await recordHistory(handle, 'recognition-ended-enterprise-stopped');
    // Again: nothing more to end.
    expect(await endRecognitionsOfStoppedEnterprises(stack)).toMatchObject({ ended: 0 });

    const refused = await apply(enterprise.enterpriseNumber, enterprise.establishments[0]!);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { path: 'enterpriseNumber', message: expect.stringMatching(/stopped/), code: 'stopped-enterprise', params: {} },
    ]);
  });
});
