import type { Json } from './stack';
import { POLICY, call, type contractCalls, every } from './contract-calls';
import { daysFromToday } from './sample-application';

// The contract walk's improvement plan (contract v3, "A recognition's life"): a reviewer's
// evaluation with actions answers `{ improvementPlanId }`; the company lists and reads its plan
// and answers the action, the reviewer marks it done, and the plan is done. Called by
// test/contract-walk.e2e.test.ts after the quality checks.

const PLAN = ['id', 'recognitionId', 'status', 'actions'];

export async function walkImprovementPlans({ step, walk, stepWhen }: ReturnType<typeof contractCalls>, recognitionId: string) {
  const recognition = { params: { id: recognitionId } };
  const reported = await step(
    call('reviewer', 'POST /api/v1/recognitions/{id}/incidents', 201, {
      ...recognition,
      body: { description: 'De leerling werkt zonder valbeveiliging.' },
      fields: ['qualityCheckId'],
    }),
  );
  const check = { params: { id: reported.qualityCheckId as string } };
  const oneNo = { answers: POLICY.selfAssessment.map(({ id }, i) => ({ id, ok: i !== 0 })) };
  const evaluation = {
    outcome: 'improvement-needed',
    actions: [{ description: 'Valbeveiliging plaatsen op de steigers', dueOn: daysFromToday(30) }],
  };
  const [, opened] = await walk([
    call('company', 'POST /api/v1/quality-checks/{id}/answers', 200, { ...check, body: oneNo, is: { status: 'answered' } }),
    call('reviewer', 'POST /api/v1/quality-checks/{id}/evaluation', 200, {
      ...check,
      body: evaluation,
      fields: ['improvementPlanId'],
    }),
  ]);
  const plan = { params: { id: (opened as Json).improvementPlanId as string, n: '1' } };
  await stepWhen(
    call('company', 'GET /api/v1/improvement-plans?recognitionId={recognitionId}&status={status}', 200, {
      params: { recognitionId, status: 'open' },
      fields: every(PLAN),
    }),
    (answer) => answer.some((p: Json) => p.id === plan.params.id),
  );
  await walk([
    call('reviewer', 'GET /api/v1/improvement-plans/{id}', 200, { ...plan, fields: PLAN, is: { status: 'open' } }),
    call('company', 'POST /api/v1/improvement-plans/{id}/actions/{n}/response', 200, {
      ...plan,
      body: { message: 'De valbeveiliging staat er.' },
      fields: PLAN,
    }),
    call('reviewer', 'POST /api/v1/improvement-plans/{id}/actions/{n}/review', 200, {
      ...plan,
      body: { outcome: 'done' },
      is: { status: 'done' },
    }),
  ]);
}
