import { randomUUID } from 'node:crypto';
import type { Principal } from '../platform/auth';
import { deleteNoticesBefore } from '../store/outbox';
import { loadRecognitions } from '../store/recognitions';
import { ADMIN, COMPANY, OTHER_SCHOOL, SAMPLE_MENTOR, SCHOOL, reviewerOf } from './support/people';
import { daysFromToday, sampleApplicationBody } from './support/sample-application';
import { registerKnows, sampleRecognition } from './support/sample-recognition';
import { type Json, eventually, suiteStack } from './support/stack';

// A company's and a school's own notifications (contract v3): what the outbox holds for each,
// newest first, as the mail had it, marked read one by one; never another tenant's. Over HTTP
// against the dev server and the store, the notices recorded by the workflows as they go.

const OTHER_COMPANY: Principal = { sub: 'other-company', role: 'company', enterpriseNumber: '0200065765' };
const NOTICE_FIELDS = [
  'applicationId',
  'at',
  'id',
  'placementId',
  'read',
  'readAt',
  'recognitionId',
  'subject',
  'template',
  'text',
];

const stack = suiteStack({
  company: COMPANY,
  otherCompany: OTHER_COMPANY,
  reviewer: reviewerOf('bouw'),
  school: SCHOOL,
  otherSchool: OTHER_SCHOOL,
  admin: ADMIN,
});
const { call } = stack;

const notices = async (as: string, query = '') => {
  const answer = await call(as, 'GET', `/api/v1/notices${query}`);
  expect(answer.status).toBe(200);
  return answer.body as unknown as Json[];
};
/** The notices of `as` once one of `template` about `about` is there. */
const noticed = (as: string, template: string, about: (notice: Json) => boolean) =>
  eventually(async () => {
    const found = await notices(as, '?limit=200');
    return found.some((n) => n.template === template && about(n)) ? found : undefined;
  });

let recognitionId: string;
let applicationId: string;

beforeAll(async () => {
  const applied = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ trainingCode: 'ruwbouw-duaal' }));
  applicationId = applied.body.id as string;
  const decided = await call('reviewer', 'POST', `/api/v1/applications/${applicationId}/decision`, {
    outcome: 'approved',
    reasons: ['In orde'],
  });
  recognitionId = decided.body.recognitionId as string;
}, 60_000);

test('when the company is approved and a quality check opens, then it reads those notices newest first, as mailed; no other company or school sees them', async () => {
  const reported = await call('school', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
    description: 'De leerling werkte zonder mentor.',
  });
  expect(reported.status).toBe(201);
  const found = await noticed('company', 'check_opened', (n) => n.recognitionId === recognitionId);

  const ours = found.filter((n) => n.applicationId === applicationId || n.recognitionId === recognitionId);
  const templates = ours.map((n) => n.template);
  expect(templates).toEqual(expect.arrayContaining(['check_opened', 'approved', 'received']));
  expect(templates.indexOf('check_opened')).toBeLessThan(templates.indexOf('approved'));
  expect(templates.indexOf('approved')).toBeLessThan(templates.indexOf('received'));
  const times = found.map((n) => n.at as string);
  expect(times).toEqual([...times].sort().reverse());

  const opened = ours.find((n) => n.template === 'check_opened')!;
  expect(opened).toMatchObject({ recognitionId, read: false, subject: expect.stringContaining('Kwaliteitsopvolging') });
  expect(opened.text).toContain('zelfevaluatie');
  expect(ours.find((n) => n.template === 'received')).toMatchObject({ applicationId, read: false });
  // What the mail held, and nothing of whom it went to.
  for (const notice of found) expect(NOTICE_FIELDS).toEqual(expect.arrayContaining(Object.keys(notice)));

  // The partnership's notices of the same dossier (the incident) are not the company's.
  expect(found.some((n) => n.template === 'incident' || n.template === 'new_application')).toBe(false);
  const ids = new Set(found.map((n) => n.id));
  for (const other of ['otherCompany', 'school', 'otherSchool']) {
    expect((await notices(other, '?limit=200')).filter((n) => ids.has(n.id))).toEqual([]);
  }
  expect((await call('reviewer', 'GET', '/api/v1/notices')).status).toBe(403);
});

test('when a school proposes a placement and the company accepts it, then each party reads its own notice of it, the other school none', async () => {
  const workplace = sampleRecognition({ capacity: 2 });
  await loadRecognitions(stack.db, [workplace]);
  await registerKnows(call, 'school', workplace);
  const proposed = await call('school', 'POST', '/api/v1/placements', {
    recognitionId: workplace.id,
    learnerReference: `LL-${randomUUID().slice(0, 8)}`,
    startsOn: daysFromToday(0),
  });
  expect(proposed.status).toBe(201);
  const placementId = proposed.body.id as string;
  const ofIt = (n: Json) => n.placementId === placementId;

  const forCompany = (await noticed('company', 'placement_proposed', ofIt)).find(ofIt)!;
  expect(forCompany).toMatchObject({
    recognitionId: workplace.id,
    read: false,
    subject: expect.stringContaining('Voorstel van plaatsing'),
  });
  const accepted = await call('company', 'POST', `/api/v1/placements/${placementId}/acceptance`, { mentor: SAMPLE_MENTOR });
  expect(accepted.status).toBe(200);

  const forSchool = (await noticed('school', 'placement_accepted', ofIt)).filter(ofIt);
  expect(forSchool.map((n) => n.template)).toEqual(['placement_accepted']);
  expect(forSchool[0]!.text).toContain('aanvaardt de plaatsing');
  expect((await notices('otherSchool', '?limit=200')).filter(ofIt)).toEqual([]);
  expect((await notices('company', '?limit=200')).filter(ofIt).map((n) => n.template)).toEqual(['placement_proposed']);
});

test('when the company marks a notice read, then it is read from then on, marked again it stays as it was; another tenant’s is not found', async () => {
  const [first] = await notices('company', '?read=false&limit=1');
  expect(first).toBeDefined();
  const read = (as: string, id: string) => call(as, 'POST', `/api/v1/notices/${encodeURIComponent(id)}/read`);

  for (const other of ['otherCompany', 'school']) expect((await read(other, first!.id)).status).toBe(404);
  expect((await read('company', 'no-such-notice')).status).toBe(404);
  expect((await read('reviewer', first!.id)).status).toBe(403);
  expect((await notices('company', '?read=true')).map((n) => n.id)).not.toContain(first!.id);

  expect((await read('company', first!.id)).status).toBe(204);
  const marked = (await notices('company', '?read=true')).find((n) => n.id === first!.id);
  expect(marked).toMatchObject({ read: true, readAt: expect.any(String) });
  expect((await notices('company', '?read=false&limit=200')).map((n) => n.id)).not.toContain(first!.id);

  expect((await read('company', first!.id)).status).toBe(204);
  expect((await notices('company', '?read=true')).find((n) => n.id === first!.id)).toEqual(marked);
});

test('when the company pages through its notices, then each page holds at most `limit`, newest first, and together they are all of them', async () => {
  const all = await notices('company', '?limit=200');
  expect(all.length).toBeGreaterThanOrEqual(4);
  const pages: Json[][] = [];
  let before: string | undefined;
  do {
    const page = await notices('company', `?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    expect(page.length).toBeLessThanOrEqual(2);
    pages.push(page);
    before = page.length === 2 ? page[1]!.id : undefined;
  } while (before);
  expect(pages.flat().map((n) => n.id)).toEqual(all.map((n) => n.id));
  expect((await notices('company')).length).toBe(Math.min(all.length, 50));

  const tooMany = await call('company', 'GET', '/api/v1/notices?limit=201');
  expect([tooMany.status, tooMany.body.errors?.[0]?.path]).toEqual([400, 'query.limit']);
  // A page after a notice that is not the company's: not found, as the notice itself.
  const school = await notices('school', '?limit=1');
  expect((await call('company', 'GET', `/api/v1/notices?before=${encodeURIComponent(school[0]!.id)}`)).status).toBe(404);
});

test('when retention deletes the notices, then their read marks go with them', async () => {
  expect((await notices('company', '?read=true')).length).toBeGreaterThan(0);
  await deleteNoticesBefore(stack.db, new Date(Date.now() + 60_000));
  expect(await notices('company', '?limit=200')).toEqual([]);
  expect(await notices('school', '?limit=200')).toEqual([]);
});
