import { randomUUID } from 'node:crypto';
import { PLACEMENT_PARTIES, SAMPLE_MENTOR } from './support/people';
import { daysFromToday, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';

// What the workplace and the learner say of a placement (contract v3): the mentor's evaluation
// input, which the school reads, and the learner's five answers, which the company and the
// partnership see only aggregated from three; a low average opens a quality check.

describe('placement evaluations and the learner’s voice (dev server, FerretDB)', () => {
  const stack = suiteStack(PLACEMENT_PARTIES);
  const { call } = stack;
  const today = daysFromToday(0);

  /** A recognition approved through its workflow, with `capacity` places. */
  async function recognised(capacity: number): Promise<string> {
    const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ capacity }));
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${filed.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    return decided.body.recognitionId as string;
  }

  /** A running placement at the recognition, on the whole plan. */
  async function running(recognitionId: string): Promise<Json> {
    const proposed = await call('school', 'POST', '/api/v1/placements', {
      recognitionId,
      learnerReference: `LL-${randomUUID().slice(0, 8)}`,
      startsOn: today,
    });
    expect(proposed.status).toBe(201);
    return (await call('company', 'POST', `/api/v1/placements/${proposed.body.id}/acceptance`, { mentor: SAMPLE_MENTOR })).body;
  }

  it('when the mentor records the interim evaluation, then the school reads it per activity; a correction replaces it', async () => {
    const placement = await running(await recognised(1));
    const [first, second] = placement.trainingPlan.activities as string[];
    const evaluate = (body: Json) => call('company', 'POST', `/api/v1/placements/${placement.id}/evaluations`, body);
    const interim = {
      moment: 'interim',
      activities: [
        { code: first, progress: 'practised' },
        { code: second, progress: 'not-started' },
      ],
      comment: 'Goed begonnen',
    };
    expect((await evaluate(interim)).status).toBe(201);
    const corrected = { ...interim, activities: [{ code: first, progress: 'mastered' }] };
    expect((await evaluate(corrected)).status).toBe(201);
    const outside = await evaluate({ moment: 'final', activities: [{ code: 'zwemmen', progress: 'mastered' }] });
    expect([outside.status, outside.body.errors?.[0]]).toEqual([
      400,
      expect.objectContaining({ path: 'activities.0.code', code: 'unknown-activity' }),
    ]);
    const twice = await evaluate({ moment: 'final', activities: [interim.activities[0], interim.activities[0]] });
    expect([twice.status, twice.body.errors?.[0]?.code]).toEqual([400, 'duplicate-activity']);
    expect((await call('school', 'POST', `/api/v1/placements/${placement.id}/evaluations`, interim)).status).toBe(403);

    const read = await call('school', 'GET', `/api/v1/placements/${placement.id}/evaluations`);
    expect(read.body).toEqual([
      expect.objectContaining({ moment: 'interim', activities: corrected.activities, recordedBy: 'company-user' }),
    ]);
    expect((await call('otherSchool', 'GET', `/api/v1/placements/${placement.id}/evaluations`)).status).toBe(404);
  });

  it('when three learners answer low, then the figures show and the workplace gets a quality check; before three, nothing shows', async () => {
    const recognitionId = await recognised(3);
    const placements = [await running(recognitionId), await running(recognitionId), await running(recognitionId)];
    const low = { guidance: 1, learning: 2, safety: 2, atmosphere: 1, recommend: 1 };
    const figures = async () => (await call('company', 'GET', `/api/v1/recognitions/${recognitionId}/learner-feedback`)).body;

    // The school answers for the first learner; the second and third answer through their link.
    const bySchool = await call('school', 'POST', `/api/v1/placements/${placements[0]!.id}/learner-feedback`, {
      answers: low,
      comment: 'Voelt zich alleen gelaten',
    });
    expect(bySchool.status).toBe(201);
    expect(await figures()).toEqual({ answers: 1 });
    const again = await call('school', 'POST', `/api/v1/placements/${placements[0]!.id}/learner-feedback`, {
      answers: { ...low, safety: 4 },
    });
    expect(again.status).toBe(409);

    for (const placement of placements.slice(1)) {
      const link = await call('school', 'POST', `/api/v1/placements/${placement.id}/feedback-link`);
      expect(link.body.url).toMatch(/^\/feedback\/[\w-]{20,}$/);
      const token = (link.body.url as string).split('/').pop()!;
      expect((await call(undefined, 'GET', `/api/v1/learner-feedback/${token}`)).body).toMatchObject({
        companyName: placement.companyName,
      });
      expect((await call(undefined, 'POST', `/api/v1/learner-feedback/${token}`, { answers: low })).status).toBe(201);
      // Used up.
      expect((await call(undefined, 'POST', `/api/v1/learner-feedback/${token}`, { answers: low })).status).toBe(404);
    }

    const shown = await figures();
    expect(shown).toMatchObject({ answers: 3, average: 1.4, questions: { guidance: 1, safety: 2 } });
    expect(JSON.stringify(shown)).not.toContain('alleen gelaten');
    expect((await call('school', 'GET', `/api/v1/placements/${placements[0]!.id}/learner-feedback`)).body).toMatchObject({
      comment: 'Voelt zich alleen gelaten',
      via: 'school',
    });

    const check = await eventually(async () => {
      const checks = (await call('reviewer', 'GET', `/api/v1/quality-checks?recognitionId=${recognitionId}`)).body as Json[];
      return checks.find((c) => c.reason === 'learner-feedback');
    });
    expect(check).toMatchObject({ status: 'open', reason: 'learner-feedback' });
  });
});
