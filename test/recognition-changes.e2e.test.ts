import { outboxModel } from '../store/outbox';
import { approvedRecognition, daysAgo, daysFromToday } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';

// A recognition's changes during its validity over HTTP (dev server, FerretDB): what the
// policy allows is in force at once, the rest waits for the partnership; each is on the timeline.

describe('changes during validity', () => {
  const stack = suiteStack({
    company: COMPANY,
    otherCompany: { sub: 'other', role: 'company', enterpriseNumber: '0202239951' },
    reviewer: reviewerOf('bouw'),
    school: SCHOOL,
    admin: ADMIN,
  });
  const { call } = stack;
  const recognition = async (id: string) => (await call('company', 'GET', `/api/v1/recognitions/${id}`)).body as Json;
  const change = (id: string, body: Json, who = 'company') => call(who, 'POST', `/api/v1/recognitions/${id}/changes`, body);
  const mailOf = async (id: string) =>
    (await outboxModel(stack.db).find({ recognitionId: id }).lean()).map((m) => `${m.audience}:${m.template}`);
  const types = (timeline: Json[]) => timeline.map((entry) => entry.type);

  beforeAll(async () => {
    // The default policy, with one place more allowed without review.
    const body = { capacityIncreaseWithoutReview: 1 };
    expect((await call('admin', 'PUT', '/api/v1/partnerships/bouw/policy', body)).status).toBe(200);
  });

  it('applies a new contact and one place more at once, and shows them on the recognition, its timeline and the register', async () => {
    const id = await approvedRecognition(call, 'reviewer');
    const before = await recognition(id);
    const contact = { name: 'Els Janssens', email: 'els@devries.example' };
    const applied = await change(id, { contact, capacity: before.capacity + 1 });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, appliedFields: ['contact', 'capacity'] });
    expect(applied.body.reviewDue).toBeUndefined();

    const after = await recognition(id);
    expect(after).toMatchObject({ contact, capacity: before.capacity + 1 });
    const entry = after.timeline.find((e: Json) => e.type === 'change');
    expect(entry).toMatchObject({
      by: 'company-user',
      data: { applied: ['contact', 'capacity'], capacity: { from: before.capacity, to: before.capacity + 1 } },
    });
    // The timeline says which fields changed, never the people's data.
    expect(JSON.stringify(after.timeline)).not.toContain('Els');
    expect(types(after.timeline)[0]).toBe('status');

    // The register's schools see the new number of places.
    await eventually(async () => {
      const found = await call(
        'admin',
        'GET',
        `/api/v1/register/search?trainingCode=${after.trainingCode}&postcode=${after.address.postcode}`,
      );
      const item = (found.body.items as Json[] | undefined)?.find((i) => i.recognitionId === id);
      return item?.capacity === before.capacity + 1 ? true : undefined;
    });
  });

  it('puts a new address and more places than the policy allows before the partnership, which approves them', async () => {
    const id = await approvedRecognition(call, 'reviewer');
    const before = await recognition(id);
    const address = { street: 'Stationsstraat 12', postcode: '9000', municipality: 'Gent' };
    const contact = { name: 'Els Janssens', email: 'els@devries.example' };
    const asked = await change(id, { contact, address, capacity: before.capacity + 3 });
    expect(asked.body).toMatchObject({ applied: false, appliedFields: ['contact'], reviewFields: ['capacity', 'address'] });
    expect(Date.parse(asked.body.reviewDue)).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    const waiting = await recognition(id);
    expect(waiting).toMatchObject({ contact, capacity: before.capacity, address: before.address });
    expect(waiting.pendingChange).toMatchObject({ id: asked.body.changeId, values: { address, capacity: before.capacity + 3 } });
    await eventually(async () => ((await mailOf(id)).includes('partnership:change_to_review') ? true : undefined));
    // The partnership finds it among the changes to review, with its due date.
    const toReview = await call('reviewer', 'GET', '/api/v1/recognitions?attention=change-pending');
    expect(toReview.body.find((r: Json) => r.id === id)?.pendingChange).toMatchObject({ due: asked.body.reviewDue });

    // One change waits at a time; a change in force at once still goes.
    const second = await change(id, { address: { ...address, street: 'Stationsstraat 14' } });
    expect(second.status).toBe(409);
    expect((await change(id, { capacity: before.capacity - 1 })).body).toMatchObject({ applied: true });
    // Another company, and the reviewer of another partnership, do not reach it.
    expect((await change(id, { capacity: 1 }, 'otherCompany')).status).toBe(404);

    const decided = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/changes/${asked.body.changeId}/decision`, {
      outcome: 'approved',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ address, capacity: before.capacity + 3 });
    expect(decided.body.pendingChange).toBeUndefined();
    const again = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/changes/${asked.body.changeId}/decision`, {
      outcome: 'approved',
    });
    expect(again.status).toBe(409);
    await eventually(async () => ((await mailOf(id)).includes('company:change_decided') ? true : undefined));

    const { timeline } = await recognition(id);
    expect(timeline.filter((e: Json) => e.type === 'change-decided')).toEqual([
      expect.objectContaining({
        by: 'reviewer-bouw',
        data: expect.objectContaining({ outcome: 'approved', fields: ['capacity', 'address'] }),
      }),
    ]);
  });

  it('refuses a change that names nothing, fewer places than placements take, and a mentor who can never qualify', async () => {
    const id = await approvedRecognition(call, 'reviewer');
    const empty = await change(id, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0]).toMatchObject({ code: 'change-required' });
    // Two learners proposed take two places: one place is too few.
    for (const learnerReference of ['LL-change-1', 'LL-change-2']) {
      const proposed = await call('school', 'POST', '/api/v1/placements', {
        recognitionId: id,
        learnerReference,
        startsOn: daysFromToday(0),
      });
      expect(proposed.body).toMatchObject({ status: 'proposed' });
    }
    const tooFew = await change(id, { capacity: 1 });
    expect(tooFew.status).toBe(400);
    expect(tooFew.body.errors[0]).toMatchObject({ path: 'capacity', code: 'capacity-below-placements', params: { occupied: 2 } });
    const young = await change(id, {
      mentors: [
        {
          firstName: 'Tom',
          lastName: 'Jong',
          birthDate: daysAgo(20 * 365),
          yearsOfExperience: 1,
          criminalRecordExtractDate: daysAgo(10),
        },
      ],
    });
    expect(young.status).toBe(400);
    expect(young.body.errors[0]).toMatchObject({ path: 'mentors.0.birthDate', code: 'mentor-too-young' });
  });

  it('puts a mentor with an old criminal-record extract before the partnership, and applies one who meets the rules with a light check', async () => {
    const id = await approvedRecognition(call, 'reviewer');
    const before = await recognition(id);
    const kept = before.mentors[0];
    const oldExtract = {
      firstName: 'Piet',
      lastName: 'Claes',
      birthDate: '1980-03-01',
      yearsOfExperience: 12,
      criminalRecordExtractDate: daysAgo(500),
    };
    const asked = await change(id, { mentors: [kept, oldExtract] });
    expect(asked.body).toMatchObject({ applied: false, reviewFields: ['mentors'] });
    const rejected = await call('reviewer', 'POST', `/api/v1/recognitions/${id}/changes/${asked.body.changeId}/decision`, {
      outcome: 'rejected',
      reasons: ['Bezorg een recent uittreksel uit het strafregister'],
    });
    expect(rejected.body.mentors).toHaveLength(1);

    const fresh = { ...oldExtract, criminalRecordExtractDate: daysAgo(10) };
    const applied = await change(id, { mentors: [kept, fresh] });
    expect(applied.body).toMatchObject({ applied: true, appliedFields: ['mentors'] });
    const after = await recognition(id);
    expect(after.mentors.map((m: Json) => m.lastName)).toEqual([kept.lastName, 'Claes']);
    // A new mentor without the mentor training gets the condition; the change opens the light check.
    expect(after.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ mentorName: 'Piet Claes' })]));
    expect(after.timeline.filter((e: Json) => e.type === 'change').map((e: Json) => e.data.mentors ?? e.data.review)).toEqual([
      ['mentors'],
      { added: 1, removed: 0 },
    ]);
    expect(types(after.timeline)).toContain('check-opened');
    expect(after.timeline.find((e: Json) => e.type === 'check-opened' && e.data.reason === 'mentor-change')).toBeDefined();
  });
});
