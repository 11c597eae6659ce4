import { condition, setHandler } from '@temporalio/workflow';
import { type PlanStatus, nextMoment } from '../models/improvement-plan-rules';
import { type ImprovementPlanInput, planQuery, respondUpdate, reviewUpdate } from './improvement-plan.messages';
import { ImprovementPlanState } from './improvement-plan.state';
import { untilSettled } from './steps';

// One workflow per improvement plan, started by its recognition's workflow when a reviewer's
// evaluation gives actions. The company answers each action; a reviewer marks it done or sends
// it back. Past an action's date the company is reminded, and after the policy's grace the plan
// is overdue (the partnership's task). It ends once every action is done, overdue or not.

export async function improvementPlanWorkflow(input: ImprovementPlanInput): Promise<PlanStatus> {
  const plan = new ImprovementPlanState(input);
  const { onUpdate, step, stepAt } = plan.steps;

  setHandler(planQuery, () => plan.view);
  onUpdate(
    respondUpdate,
    (answer) => plan.ensureOpen(answer),
    (answer) => plan.respond(answer),
  );
  onUpdate(
    reviewUpdate,
    (verdict) => plan.ensureOpen(verdict),
    (verdict) => plan.review(verdict),
  );

  await step(() => plan.open());
  while (plan.status !== 'done') {
    const version = plan.version;
    const changed = () => plan.version !== version;
    const moment = nextMoment(plan.view, plan.grace);
    if (moment === undefined) await condition(changed);
    else await stepAt(moment, changed, () => plan.lapse());
  }

  await untilSettled(plan.notices);
  return plan.status;
}
