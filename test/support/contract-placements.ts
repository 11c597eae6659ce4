import { call, type contractCalls, yesterday } from './contract-calls';
import { daysFromToday } from './sample-application';

// The contract walk's placement agreements (contract v3), in the walk's order: learners still
// searching, a proposal accepted (the searching learner placed), one declined, one ended early,
// the mentor's evaluation and the learner's answers, v2's end. Called by
// test/contract-walk.e2e.test.ts with its recognition.

export async function walkPlacementAgreements(
  { step, walk, stepWhen }: ReturnType<typeof contractCalls>,
  recognitionId: string,
  validFrom: string,
  recognition: { params: { id: string } },
) {
  const learner = { recognitionId, learnerReference: 'LL-2026-017', startsOn: validFrom, endsOn: daysFromToday(300) };
  // The school's learners still searching: one is placed below, one found a workplace elsewhere.
  const searching = { learnerReference: 'LL-2026-017', trainingCode: 'ruwbouw-duaal', postcode: '9000', since: yesterday };
  const elsewhere = { ...searching, learnerReference: 'LL-2026-020' };
  const [, gone] = await walk([
    call('school', 'POST /api/v1/searching-learners', 201, { body: searching, fields: ['id'], is: searching }),
    call('school', 'POST /api/v1/searching-learners', 201, { body: elsewhere, fields: ['id'] }),
  ]);
  await step(call('school', 'DELETE /api/v1/searching-learners/{id}', 204, { params: { id: gone!.id as string } }));
  const propose = async (learnerReference: string) => ({
    params: {
      id: (
        await step(
          call('school', 'POST /api/v1/placements', 201, {
            body: { ...learner, learnerReference },
            fields: ['id', 'answerDue'],
            is: { status: 'proposed' },
          }),
        )
      ).id,
    },
  });
  const placed = await propose(learner.learnerReference);
  const accepted = { mentor: { firstName: 'Jan', lastName: 'Peeters' } };
  await walk([
    call('company', 'GET /api/v1/placements/{id}', 200, { ...placed, is: { status: 'proposed' } }),
    call('company', 'POST /api/v1/placements/{id}/acceptance', 200, { ...placed, body: accepted, is: { status: 'active' } }),
  ]);
  const taken = call('company', 'GET /api/v1/recognitions/{id}', 200, {
    ...recognition,
    is: { placements: { active: 1, proposed: 0 }, freeCapacity: 2 },
  });
  await stepWhen(taken, (answer) => answer.placements.active === 1);
  // The learner searching under the placement's code is placed now that it is active.
  const placedLearner = call('school', 'GET /api/v1/searching-learners', 200, {
    is: [expect.objectContaining({ learnerReference: 'LL-2026-017', status: 'placed', placementId: placed.params.id })],
  });
  await stepWhen(placedLearner, (answer) => answer[0]?.status === 'placed');
  const declined = await propose('LL-2026-018');
  const terminated = await propose('LL-2026-019');
  await walk([
    call('company', 'POST /api/v1/placements/{id}/decline', 200, {
      ...declined,
      body: { reason: 'Geen mentor vrij' },
      is: { status: 'declined' },
    }),
    call('company', 'POST /api/v1/placements/{id}/acceptance', 200, { ...terminated, body: accepted }),
    call('company', 'POST /api/v1/placements/{id}/termination', 200, {
      ...terminated,
      body: { endedOn: validFrom, reason: 'company-choice' },
      is: { status: 'terminated' },
    }),
    call('company', 'POST /api/v1/placements/{id}/evaluations', 201, {
      ...placed,
      body: { moment: 'interim', activities: [{ code: 'metselwerk-uitvoeren', progress: 'practised' }] },
      fields: ['moment', 'activities', 'recordedAt'],
    }),
    call('school', 'GET /api/v1/placements/{id}/evaluations', 200, {
      ...placed,
      is: [expect.objectContaining({ moment: 'interim' })],
    }),
    call('school', 'POST /api/v1/placements/{id}/learner-feedback', 201, {
      ...placed,
      body: { answers: { guidance: 4, learning: 3, safety: 4, atmosphere: 4, recommend: 3 } },
      is: { average: 3.6 },
    }),
    call('school', 'POST /api/v1/placements/{id}/end', 200, { ...placed, body: { endedOn: validFrom } }),
    call('school', 'GET /api/v1/placements', 200, {
      is: expect.arrayContaining([expect.objectContaining({ ...placed.params, recognitionId })]),
    }),
    call('company', 'GET /api/v1/placements?recognitionId={recognitionId}', 200, {
      params: { recognitionId },
      is: expect.arrayContaining([expect.objectContaining(declined.params)]),
    }),
  ]);
}
