import { dayInBrussels } from '../models/dates';
import { mandateKey } from '../models/mandate';
import { mandateModel } from '../store/mandates';
import { SAMPLE_ENTERPRISE, horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';

// A company gives a school a mandate; the school files an application for the company and
// follows it; without a mandate in force (none, expired, revoked, another school's) it cannot,
// and once its mandate is revoked or past its last day the school no longer sees what it filed.

describe('mandates (dev server, FerretDB)', () => {
  /** How far the API's clock is ahead of the machine's. */
  let ahead = 0;
  const stack = suiteStack(
    {
      company: COMPANY,
      school: SCHOOL,
      otherSchool: { sub: 'other-school-user', role: 'school', schoolId: 'school-2' },
      expiredSchool: { sub: 'expired-school-user', role: 'school', schoolId: 'school-3' },
      endingSchool: { sub: 'ending-school-user', role: 'school', schoolId: 'school-4' },
      reviewer: reviewerOf('bouw'),
      admin: ADMIN,
    },
    { now: () => new Date(Date.now() + ahead) },
  );
  const { call, tokens } = stack;
  const inDays = (days: number) => dayInBrussels(new Date(Date.now() + days * 86_400_000));

  const file = (as: string) => call(as, 'POST', '/api/v1/applications', sampleApplicationBody());

  it('lets a school with a mandate file for the company and follow that dossier, until it is revoked', async () => {
    const refusedBefore = await file('school');
    expect(refusedBefore.status).toBe(403);
    expect(refusedBefore.body.errors).toEqual([
      { path: 'enterpriseNumber', message: expect.stringMatching(/no mandate/), code: 'no-mandate', params: {} },
    ]);

    const granted = await call('company', 'POST', '/api/v1/mandates', { schoolId: 'school-1', validUntil: inDays(30) });
    expect(granted.status).toBe(201);
    expect(granted.body).toEqual({
      id: `${SAMPLE_ENTERPRISE}:school-1`,
      enterpriseNumber: SAMPLE_ENTERPRISE,
      schoolId: 'school-1',
      validUntil: inDays(30),
      grantedAt: expect.any(String),
    });
    expect((await call('company', 'GET', '/api/v1/mandates')).body).toEqual([granted.body]);
    expect((await call('school', 'GET', '/api/v1/mandates')).body).toEqual([granted.body]);
    expect((await call('otherSchool', 'GET', '/api/v1/mandates')).body).toEqual([]);
    expect((await call('admin', 'GET', '/api/v1/mandates')).body).toContainEqual(granted.body);

    const filed = await file('school');
    expect(filed.status).toBe(202);
    expect(filed.body).toMatchObject({
      enterpriseNumber: SAMPLE_ENTERPRISE,
      filedBy: { role: 'school', sub: 'school-user', schoolId: 'school-1' },
    });
    const id = filed.body.id as string;

    // The school follows it; the company sees it as its own; another school does not see it.
    expect((await call('school', 'GET', `/api/v1/applications/${id}`)).body).toMatchObject({
      id,
      filedBy: { schoolId: 'school-1' },
    });
    expect((await call('school', 'GET', '/api/v1/applications')).body.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await call('company', 'GET', `/api/v1/applications/${id}`)).status).toBe(200);
    expect((await call('reviewer', 'GET', `/api/v1/applications/${id}`)).body.filedBy).toEqual(filed.body.filedBy);
    expect((await call('otherSchool', 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
    expect((await call('otherSchool', 'GET', '/api/v1/applications')).body).toEqual([]);
    // A company's own filing records the company.
    const own = await file('company');
    expect(own.body.filedBy).toEqual({ role: 'company', sub: 'company-user' });

    // Another school has no mandate of this company.
    const other = await file('otherSchool');
    expect(other.status).toBe(403);
    expect(other.body.errors[0].path).toBe('enterpriseNumber');

    // The school answers what the check asks for the dossier it filed: the document, then the supplement.
    const asking = await call('school', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    expect(asking.body.status).toBe('info_requested');
    const form = new FormData();
    form.set('kind', 'haccp-attest');
    form.set('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.7\nattest'))]), 'haccp.pdf');
    const upload = () =>
      fetch(`${stack.baseUrl}/api/v1/applications/${asking.body.id}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.school}` },
        body: form,
      });
    expect((await upload()).status).toBe(201);
    const supplemented = await call('school', 'POST', `/api/v1/applications/${asking.body.id}/supplements`, {
      message: 'Attest opgeladen door de trajectbegeleider',
    });
    expect(supplemented.body.status).toBe('in_review');

    // Only the company that gave it revokes it; then the school cannot file any more.
    expect((await call('school', 'DELETE', `/api/v1/mandates/${encodeURIComponent(granted.body.id)}`)).status).toBe(403);
    const revoked = await call('company', 'DELETE', `/api/v1/mandates/${encodeURIComponent(granted.body.id)}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await call('company', 'GET', '/api/v1/mandates')).body).toEqual([revoked.body]);
    const afterRevocation = await file('school');
    expect(afterRevocation.status).toBe(403);
    expect(afterRevocation.body.errors).toEqual([
      { path: 'enterpriseNumber', message: expect.stringMatching(/revoked/), code: 'mandate-revoked', params: {} },
    ]);
    // Nor see the dossiers it filed, their documents or their entries in its list, as if they did not exist.
    expect(await visibleToSchool('school', id)).toEqual({ dossier: 404, documents: 404, listed: false });
    const attest = (await call('company', 'GET', `/api/v1/applications/${asking.body.id}/documents`)).body[0].id as string;
    expect(await visibleToSchool('school', asking.body.id, attest)).toEqual({
      dossier: 404,
      documents: 404,
      download: 404,
      listed: false,
    });
    expect((await call('school', 'GET', '/api/v1/applications')).body).toEqual([]);
    expect((await upload()).status).toBe(404);
    // The company still has them.
    expect((await call('company', 'GET', `/api/v1/applications/${id}`)).status).toBe(200);
  });

  /** What the school gets of a dossier it filed: the dossier, its documents (and one of them), its entry in its list. */
  async function visibleToSchool(as: string, id: string, documentId?: string) {
    const listed = (await call(as, 'GET', '/api/v1/applications')).body as Array<{ id: string }>;
    const download =
      documentId &&
      (await fetch(`${stack.baseUrl}/api/v1/applications/${id}/documents/${documentId}`, {
        headers: { authorization: `Bearer ${tokens[as]}` },
      }));
    return {
      dossier: (await call(as, 'GET', `/api/v1/applications/${id}`)).status,
      documents: (await call(as, 'GET', `/api/v1/applications/${id}/documents`)).status,
      ...(download ? { download: download.status } : {}),
      listed: listed.some((a) => a.id === id),
    };
  }

  it('hides what the school filed once its mandate is past its last day, and shows it again when given anew', async () => {
    const today = dayInBrussels(new Date());
    expect((await call('company', 'POST', '/api/v1/mandates', { schoolId: 'school-4', validUntil: today })).status).toBe(201);
    const filed = await file('endingSchool');
    expect(filed.status).toBe(202);
    const id = filed.body.id as string;
    const form = new FormData();
    form.set('kind', 'risk-analysis');
    form.set('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.7\nrisico'))]), 'risico.pdf');
    const uploaded = await fetch(`${stack.baseUrl}/api/v1/applications/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.endingSchool}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const documentId = ((await uploaded.json()) as { id: string }).id;
    const seen = { dossier: 200, documents: 200, download: 200, listed: true };
    expect(await visibleToSchool('endingSchool', id, documentId)).toEqual(seen);

    try {
      // The next day by the API's clock: the mandate ran until yesterday.
      ahead = 86_400_000;
      expect(await visibleToSchool('endingSchool', id, documentId)).toEqual({
        dossier: 404,
        documents: 404,
        download: 404,
        listed: false,
      });
      expect((await call('company', 'GET', `/api/v1/applications/${id}`)).status).toBe(200);

      const anew = await call('company', 'POST', '/api/v1/mandates', { schoolId: 'school-4', validUntil: inDays(30) });
      expect(anew.status).toBe(201);
      expect(await visibleToSchool('endingSchool', id, documentId)).toEqual(seen);
    } finally {
      ahead = 0;
    }
  });

  it('refuses a mandate past its last day, and one that would end before today', async () => {
    const past = await call('company', 'POST', '/api/v1/mandates', { schoolId: 'school-3', validUntil: inDays(-1) });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('validUntil');

    // A mandate that was in force and ended yesterday (written as the store would hold it).
    const yesterday = inDays(-1);
    await mandateModel(stack.db).collection.insertOne({
      _id: mandateKey(SAMPLE_ENTERPRISE, 'school-3'),
      enterpriseNumber: SAMPLE_ENTERPRISE,
      schoolId: 'school-3',
      validUntil: yesterday,
      grantedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      grantedBy: 'company-user',
      savedAt: new Date().toISOString(),
    } as never);
    const expired = await file('expiredSchool');
    expect(expired.status).toBe(403);
    expect(expired.body.errors).toEqual([
      {
        path: 'enterpriseNumber',
        message: expect.stringContaining(`ended on ${yesterday}`),
        code: 'mandate-ended',
        params: { endedOn: yesterday },
      },
    ]);
  });
});
