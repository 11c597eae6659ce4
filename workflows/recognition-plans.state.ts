import { ParentClosePolicy, startChild, uuid4 } from '@temporalio/workflow';
import { newImprovementPlan } from '../models/improvement-plan-rules';
import type { Policy } from '../models/policy';
import type { CheckReason, QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import { IMPROVEMENT_PLAN_WORKFLOW, type ImprovementPlanInput, improvementPlanWorkflowId } from './improvement-plan.messages';
import type { CarriedState, ImprovementPlanSettled } from './recognition-lifecycle.messages';
import { now } from './steps';

// A check that found improvement needed may come with actions: the recognition opens an
// improvement plan, a workflow of its own that outlives this run (continue-as-new, renewal).
// When the company has done every action, the follow-up check comes at once and closes the loop.

/** What the plans read and change of their recognition's lifecycle. */
export interface PlansHost {
  readonly recognition: Recognition;
  readonly state: Pick<CarriedState, 'checks'>;
  isFinal(): boolean;
  policyNow(): Promise<Policy>;
  openCheck(reason: CheckReason, policy: Policy, trigger?: string): Promise<QualityCheck>;
}

export class ImprovementPlans {
  constructor(private readonly host: PlansHost) {}

  /** Opens the plan of `check`'s actions; answers its id. */
  async open(check: QualityCheck, actions: Array<{ description: string; dueOn: string }>, by: string): Promise<string> {
    const plan = newImprovementPlan({ id: uuid4(), check, actions, by, at: now() });
    await startChild<(input: ImprovementPlanInput) => Promise<unknown>>(IMPROVEMENT_PLAN_WORKFLOW, {
      workflowId: improvementPlanWorkflowId(check.id),
      args: [{ plan }],
      // The plan goes on when this run continues as new or the recognition's period renews.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return plan.id;
  }

  /** A plan done: the follow-up check, unless one is already under way. */
  async settled({ status }: ImprovementPlanSettled) {
    const { host } = this;
    if (status !== 'done' || host.isFinal() || host.state.checks.length > 0) return;
    await host.openCheck('periodic', await host.policyNow(), 'verbeterplan uitgevoerd');
  }
}
