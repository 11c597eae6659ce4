import { addToDate, dayInBrussels } from '../models/dates';
import type { QualityCheck } from '../models/quality-check';
import { improvementPlanModel } from '../store/improvement-plans';
import { improvementPlanWorkflowId, respondUpdate, reviewUpdate } from '../workflows/improvement-plan.messages';
import { answerCheckUpdate, evaluateCheckUpdate, reportIncidentUpdate } from '../workflows/recognition-lifecycle.messages';
import { DAY, recognitionLifecycle } from './support/recognition-lifecycle';
import { eventually } from './support/stack';
import { useTimeSkippingStack } from './support/time-skipping';

// Improvement plans on the time-skipping server with the real worker and activities: a
// recognition's evaluation with actions opens a plan, which the company answers and a reviewer
// closes (the recognition then opens its follow-up check), and another plan left unanswered is
// reminded past its date and goes overdue after the policy's grace (P14D by default), the
// partnership's task. Over HTTP: test/improvement-plans.e2e.test.ts.

describe('improvement plans (time-skipping server)', () => {
  const stack = useTimeSkippingStack();
  const { checksOf, mailOf, start } = recognitionLifecycle(stack);

  /** A recognition whose incident check a reviewer evaluated with actions due in 10 and 20 days. */
  async function planned() {
    const { recognition, handle } = await start();
    const checkId = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ description: 'Leerling werkt zonder valbeveiliging', by: 'school-1', schoolId: 'school-1' }],
    });
    const check = (await checksOf(recognition.id)).find((c) => c.id === checkId) as QualityCheck;
    await handle.executeUpdate(answerCheckUpdate, {
      args: [
        {
          checkId,
          answers: check.questions.map((q) => ({ id: q.id, ok: q.id !== 'safety' })),
          by: 'company-user',
        },
      ],
    });
    const today = dayInBrussels(new Date(await stack.env.currentTimeMs()));
    const opened = await handle.executeUpdate(evaluateCheckUpdate, {
      args: [
        {
          checkId,
          outcome: 'improvement-needed',
          actions: [
            { description: 'Valbeveiliging plaatsen', dueOn: addToDate(today, 'P10D') },
            { description: 'Risicoanalyse bijwerken', dueOn: addToDate(today, 'P20D') },
          ],
          by: 'reviewer-1',
        },
      ],
    });
    expect(opened.improvementPlanId).toEqual(expect.any(String));
    const plan = stack.env.client.workflow.getHandle(improvementPlanWorkflowId(checkId));
    const stored = async () => (await improvementPlanModel(stack.db).findById(opened.improvementPlanId!).lean())!;
    return { recognition, plan, stored };
  }

  it('an improvement plan through to done: answered, one sent back, all done, and the follow-up check opens', async () => {
    const { recognition, plan, stored } = await planned();
    await plan.executeUpdate(respondUpdate, { args: [{ n: 1, message: 'Geplaatst.', by: 'company-user' }] });
    await plan.executeUpdate(reviewUpdate, {
      args: [{ n: 1, outcome: 'not-done', note: 'Leuning ontbreekt', by: 'reviewer-1' }],
    });
    await plan.executeUpdate(respondUpdate, { args: [{ n: 1, message: 'Leuning erbij.', by: 'company-user' }] });
    await plan.executeUpdate(reviewUpdate, { args: [{ n: 1, outcome: 'done', by: 'reviewer-1' }] });
    await plan.executeUpdate(reviewUpdate, { args: [{ n: 2, outcome: 'done', by: 'reviewer-1' }] });
    expect(await plan.result()).toBe('done');
    expect(await stored()).toMatchObject({ status: 'done', settledAt: expect.any(String) });
    expect((await stored()).overdueAt).toBeUndefined();
    const done = await eventually(async () => {
      const sent = await mailOf(recognition.id);
      return sent.includes('company:improvement_plan_done') ? sent : undefined;
    });
    expect(done).toEqual(
      expect.arrayContaining([
        'company:improvement_plan_opened',
        'partnership:improvement_action_answered',
        'company:improvement_action_not_done',
        'company:improvement_plan_done',
      ]),
    );
    // The recognition heard of it: the follow-up check closes the loop.
    const followUp = await eventually(async () =>
      (await checksOf(recognition.id, 'open')).find((c) => c.trigger === 'verbeterplan uitgevoerd'),
    );
    expect(followUp).toMatchObject({ status: 'open' });
  });

  it('another that goes overdue: reminded past each action’s date, overdue after the grace with a task for the partnership', async () => {
    const { recognition, stored } = await planned();
    await stack.env.sleep(11 * DAY);
    const reminded = await eventually(async () => ((await stored()).actions[0]!.remindedAt ? stored() : undefined));
    expect(reminded).toMatchObject({ status: 'open', actions: [{ status: 'open' }, { status: 'open' }] });
    await stack.env.sleep(15 * DAY);
    const overdue = await eventually(async () => ((await stored()).overdueAt ? stored() : undefined));
    expect(overdue).toMatchObject({ status: 'overdue', overdueAt: expect.any(String) });
    expect(overdue.actions.map((a) => a.remindedAt)).toEqual([expect.any(String), expect.any(String)]);
    const mail = await eventually(async () => {
      const sent = await mailOf(recognition.id);
      return sent.includes('partnership:improvement_plan_overdue') ? sent : undefined;
    });
    expect(mail.filter((m) => m === 'company:improvement_action_reminder')).toHaveLength(2);
    expect(mail).toContain('partnership:improvement_plan_overdue');
    // Overdue: no follow-up check yet, the plan still waits for its actions.
    expect((await checksOf(recognition.id, 'open')).find((c) => c.trigger === 'verbeterplan uitgevoerd')).toBeUndefined();
  });
});
