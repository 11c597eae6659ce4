import { randomUUID } from 'node:crypto';
import type { Activities } from '../../activities';
import { addToDate, dayInBrussels, endOfDayInBrussels } from '../../models/dates';
import { type ImprovementPlan, newImprovementPlan } from '../../models/improvement-plan-rules';
import { DEFAULT_POLICY } from '../../models/policy';
import { improvementPlanWorkflow } from '../../workflows/improvement-plan';
import { improvementPlanWorkflowId, planQuery, respondUpdate, reviewUpdate } from '../../workflows/improvement-plan.messages';
import { recordHistory } from '../support/histories';
import { useStubbedWorkflows } from './stub-activities';

// The improvement plan workflow with stub activities on the time-skipping server: the company
// answers each action, a reviewer marks it done or sends it back, and a plan left past its
// actions' dates is reminded and then overdue. Over HTTP: test/improvement-plans.e2e.test.ts.

function stubs(grace = 'P14D') {
  const written: ImprovementPlan[] = [];
  const notices: string[] = [];
  const activities = {
    getPolicy: async () => ({ ...DEFAULT_POLICY, improvementActionGrace: grace }),
    saveImprovementPlan: async (plan: ImprovementPlan) => {
      written.push(plan);
    },
    notifyAll: async (sent: Parameters<Activities['notifyAll']>[0]) => {
      notices.push(...sent.map((n) => `${n.audience}:${n.template}`));
    },
  } satisfies Partial<Activities>;
  return { activities, written, notices };
}

describe('improvement plan workflow, with stub activities', () => {
  const stubbed = useStubbedWorkflows();

  /** Opens a plan of two actions, due in 10 and 20 days. */
  async function open() {
    const { env, taskQueue } = stubbed;
    const now = new Date(await env.currentTimeMs());
    const today = dayInBrussels(now);
    const checkId = randomUUID();
    const plan = newImprovementPlan({
      id: randomUUID(),
      check: { id: checkId, recognitionId: 'r1', partnershipId: 'bouw', enterpriseNumber: '0403170701' },
      actions: [
        { description: 'Risicoanalyse van de werkplek bijwerken', dueOn: addToDate(today, 'P10D') },
        { description: 'Mentor volgt de mentoropleiding', dueOn: addToDate(today, 'P20D') },
      ],
      by: 'reviewer',
      at: now.toISOString(),
    });
    const handle = await env.client.workflow.start(improvementPlanWorkflow, {
      taskQueue,
      workflowId: improvementPlanWorkflowId(checkId),
      args: [{ plan }],
    });
    return { handle, plan };
  }

  it('when the company answers and a reviewer marks every action done, then the plan is done in time', async () => {
    const stub = stubs();
    await stubbed.withWorker(stub, async () => {
      const { handle } = await open();
      const answered = await handle.executeUpdate(respondUpdate, {
        args: [{ n: 1, message: 'De risicoanalyse is bijgewerkt.', documentIds: ['d1'], by: 'company' }],
      });
      expect(answered.actions[0]).toMatchObject({
        status: 'answered',
        responses: [{ message: 'De risicoanalyse is bijgewerkt.' }],
      });
      const sentBack = await handle.executeUpdate(reviewUpdate, {
        args: [{ n: 1, outcome: 'not-done', note: 'De handtekening ontbreekt.', by: 'reviewer' }],
      });
      expect(sentBack.actions[0]).toMatchObject({ status: 'not-done', review: { note: 'De handtekening ontbreekt.' } });
      await handle.executeUpdate(respondUpdate, { args: [{ n: 1, message: 'Nu ondertekend.', by: 'company' }] });
      await handle.executeUpdate(reviewUpdate, { args: [{ n: 1, outcome: 'done', by: 'reviewer' }] });
      // A reviewer may mark an action done that the company has not answered (seen on a visit).
      const done = await handle.executeUpdate(reviewUpdate, { args: [{ n: 2, outcome: 'done', by: 'reviewer' }] });
      expect(done).toMatchObject({ status: 'done', settledAt: expect.any(String) });
      expect(done.overdueAt).toBeUndefined();
      expect(await handle.result()).toBe('done');
      await recordHistory(handle, 'improvement-plan-done');
    });
    expect(stub.written.map((p) => p.status)).toEqual(['open', 'open', 'open', 'open', 'open', 'done']);
    expect(stub.notices).toEqual([
      'company:improvement_plan_opened',
      'partnership:improvement_action_answered',
      'company:improvement_action_not_done',
      'partnership:improvement_action_answered',
      'company:improvement_plan_done',
    ]);
  });

  it('when an action passes its date, then the company is reminded, and after the grace the plan is overdue and still can be done', async () => {
    const stub = stubs('P5D');
    await stubbed.withWorker(stub, async () => {
      const { handle, plan } = await open();
      await stubbed.env.sleep('30 days');
      const overdue = await handle.query(planQuery);
      expect(overdue).toMatchObject({ status: 'overdue', overdueAt: expect.any(String) });
      // Reminded at the end of each action's day in Brussels; overdue five days after the first.
      for (const action of overdue.actions)
        expect(Date.parse(action.remindedAt!)).toBeGreaterThanOrEqual(endOfDayInBrussels(action.dueOn).getTime());
      expect(Date.parse(overdue.overdueAt!)).toBeGreaterThanOrEqual(
        endOfDayInBrussels(plan.actions[0]!.dueOn).getTime() + 5 * 86_400_000,
      );
      await handle.executeUpdate(reviewUpdate, { args: [{ n: 1, outcome: 'done', by: 'reviewer' }] });
      const done = await handle.executeUpdate(reviewUpdate, { args: [{ n: 2, outcome: 'done', by: 'reviewer' }] });
      expect(done).toMatchObject({ status: 'done', overdueAt: overdue.overdueAt });
      expect(await handle.result()).toBe('done');
      await recordHistory(handle, 'improvement-plan-overdue-done');
    });
    expect(stub.notices).toEqual([
      'company:improvement_plan_opened',
      'company:improvement_action_reminder',
      'partnership:improvement_plan_overdue',
      'company:improvement_action_reminder',
      'company:improvement_plan_done',
    ]);
  });

  it('when an action is unknown or already done, then the update is refused and the plan unchanged', async () => {
    const stub = stubs();
    await stubbed.withWorker(stub, async () => {
      const { handle } = await open();
      await expect(handle.executeUpdate(respondUpdate, { args: [{ n: 3, message: 'x', by: 'company' }] })).rejects.toThrow();
      await handle.executeUpdate(reviewUpdate, { args: [{ n: 1, outcome: 'done', by: 'reviewer' }] });
      await expect(handle.executeUpdate(respondUpdate, { args: [{ n: 1, message: 'x', by: 'company' }] })).rejects.toThrow();
      await expect(
        handle.executeUpdate(reviewUpdate, { args: [{ n: 1, outcome: 'not-done', by: 'reviewer' }] }),
      ).rejects.toThrow();
      expect((await handle.query(planQuery)).actions.map((a) => a.status)).toEqual(['done', 'open']);
      await handle.terminate();
    });
  });
});
