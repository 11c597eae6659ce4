import { randomUUID } from 'node:crypto';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { daysFromToday, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';

// The learner is only ever the school's pseudonymous code (issue 22): every call that names a
// learner refuses a national number and any field besides the code, and after a placement's
// whole life the store holds the learner nowhere but as that code. Over HTTP against the dev
// server, then every collection of the suite's database read as JSON.

/** Eleven digits with or without the usual separators, standing alone: a national number. */
const NATIONAL_NUMBER = /(?<![\p{L}\p{N}])\d{2}[. -]?\d{2}[. -]?\d{2}[. -]?\d{3}[. -]?\d{2}(?![\p{L}\p{N}])/u;
/** Keys that would name a learner or hold their national number, in any case. */
const LEARNER_KEY = /^(learner(First|Last)?Name|nationalNumber|rijksregisternummer|insz)$/i;

describe('learners are pseudonymous codes only (dev server, FerretDB)', () => {
  const stack = suiteStack(PLACEMENT_PARTIES);
  const { call } = stack;
  const today = daysFromToday(0);
  const code = () => `LL-${randomUUID().slice(0, 8)}`;
  let recognitionId = '';
  let trainingCode = '';

  beforeAll(async () => {
    const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ capacity: 3 }));
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${filed.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    recognitionId = decided.body.recognitionId as string;
    trainingCode = (await call('company', 'GET', `/api/v1/recognitions/${recognitionId}`)).body.trainingCode as string;
  });

  const propose = (body: Json) => call('school', 'POST', '/api/v1/placements', { recognitionId, startsOn: today, ...body });
  const register = (body: Json) =>
    call('school', 'POST', '/api/v1/searching-learners', { trainingCode, postcode: '9000', since: today, ...body });
  const refusal = (answer: Json) => [answer.status, answer.body.errors?.[0]?.code];

  it('refuses a national number wherever a learner is named, and any field besides the code', async () => {
    for (const number of ['85073003328', '85.07.30-033.28', '85 07 30 033 28']) {
      expect(refusal(await propose({ learnerReference: number }))).toEqual([400, 'national-number']);
      expect(refusal(await register({ learnerReference: number }))).toEqual([400, 'national-number']);
      const listed = await call('school', 'GET', `/api/v1/placements?learnerReference=${encodeURIComponent(number)}`);
      expect(refusal(listed)).toEqual([400, 'national-number']);
    }
    for (const extra of [{ learnerName: 'Lotte Maes' }, { firstName: 'Lotte' }, { nationalNumber: '85073003328' }]) {
      expect((await propose({ learnerReference: code(), ...extra })).status).toBe(400);
      expect((await register({ learnerReference: code(), ...extra })).status).toBe(400);
    }
    expect((await call('school', 'GET', '/api/v1/placements?learnerName=Lotte')).status).toBe(400);
  });

  it('after a placement’s whole life, the store holds the learner only as the school’s code', async () => {
    const [ran, linked, searching] = [code(), code(), code()];
    // The learner searches, is proposed, accepted (and so placed), evaluated, heard, and leaves early.
    expect((await register({ learnerReference: ran })).status).toBe(201);
    expect((await register({ learnerReference: searching })).status).toBe(201);
    const placements: string[] = [];
    for (const learnerReference of [ran, linked]) {
      const { id } = (await propose({ learnerReference })).body;
      const accepted = await call('company', 'POST', `/api/v1/placements/${id}/acceptance`, { mentor: SAMPLE_MENTOR });
      expect(accepted.body.status).toBe('active');
      placements.push(id as string);
    }
    const [first, second] = placements as [string, string];
    const [activity] = (await call('school', 'GET', `/api/v1/placements/${first}`)).body.trainingPlan.activities as string[];
    const evaluation = { moment: 'final', activities: [{ code: activity, progress: 'mastered' }], comment: 'Zelfstandig' };
    expect((await call('company', 'POST', `/api/v1/placements/${first}/evaluations`, evaluation)).status).toBe(201);
    const answers = { guidance: 4, learning: 4, safety: 3, atmosphere: 4, recommend: 4 };
    expect((await call('school', 'POST', `/api/v1/placements/${first}/learner-feedback`, { answers })).status).toBe(201);
    const { url } = (await call('school', 'POST', `/api/v1/placements/${second}/feedback-link`)).body;
    const token = (url as string).split('/').pop();
    // The learner, without an account.
    const extra = await call(undefined, 'POST', `/api/v1/learner-feedback/${token}`, { answers, learnerName: 'Lotte' });
    expect(extra.status).toBe(400);
    expect((await call(undefined, 'POST', `/api/v1/learner-feedback/${token}`, { answers, comment: 'Fijn' })).status).toBe(201);
    const ended = await call('school', 'POST', `/api/v1/placements/${first}/termination`, {
      endedOn: today,
      reason: 'learner-choice',
    });
    expect(ended.body.status).toBe('terminated');
    await eventually(async () => {
      const notices = (await call('admin', 'GET', '/api/v1/outbox?limit=1000')).body as Json[];
      return notices.some((n) => n.id.startsWith(first) && n.template === 'placement_terminated_find_workplace') || undefined;
    });
    const placed = (await call('school', 'GET', '/api/v1/searching-learners?status=placed')).body as Json[];
    expect(placed.map((l) => l.learnerReference)).toEqual([ran]);

    // Every document of every collection, walked value by value.
    const found: string[] = [];
    const walk = (collection: string, path: string, value: unknown): void => {
      if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (LEARNER_KEY.test(key)) found.push(`${collection}: key ${path}${key}`);
          walk(collection, `${path}${key}.`, child);
        }
        return;
      }
      const text = String(value);
      // What the store keeps as JSON text (the change feed's listings, read-model snapshots) is read as what it holds.
      if (/^[[{]/.test(text)) return walk(collection, path, JSON.parse(text));
      if (NATIONAL_NUMBER.test(text)) found.push(`${collection}: national number at ${path}`);
      const key = path.split('.').at(-2) ?? '';
      for (const learner of [ran, linked, searching]) {
        if (text.includes(learner) && !allowed(collection, key, text)) found.push(`${collection}: ${learner} at ${path}`);
      }
    };
    for (const { name } of await stack.db.listCollections()) {
      for (const doc of await stack.db.collection(name).find({}).toArray()) walk(name, '', JSON.parse(JSON.stringify(doc)));
    }
    expect(found).toEqual([]);
  });
});

/**
 * Where the learner's code may be: a field named learnerReference; the notices' subject and text,
 * which tell the school and the company about the learner by code; and the key `<school>|<code>`
 * that finds a learner still searching (store/searching-learners.ts), gone once they are placed
 * or deleted.
 */
function allowed(collection: string, key: string, text: string): boolean {
  if (key === 'learnerReference') return true;
  if (collection === 'outbox') return key === 'text' || key === 'subject';
  return collection === 'searching_learner_keys' && key === '_id' && text.startsWith('school-1|');
}
