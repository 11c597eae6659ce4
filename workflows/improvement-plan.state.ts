import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import { longDate } from '../models/dutch-dates';
import {
  type ImprovementAction,
  type ImprovementPlan,
  actionOpen,
  actionsToRemind,
  allDone,
  overdueMoment,
} from '../models/improvement-plan-rules';
import type { NotificationTemplate } from '../models/notifications';
import type { ActionAnswer, ActionVerdict, ImprovementPlanInput } from './improvement-plan.messages';
import { improvementPlanSettledSignal, recognitionWorkflowId } from './recognition-lifecycle.messages';
import { createNoticeQueue, createPolicyReader, createSteps, now, refuse, storeActivities } from './steps';

// An improvement plan as its workflow keeps it, and what changes it: the company's answers, a
// reviewer's word on each action, a reminder past an action's date, and going overdue. Each
// change is written to the store as it happens; the workflow function says when each happens.

export class ImprovementPlanState {
  private plan: ImprovementPlan;
  /** Counts the plan's changes: the workflow's timers wait for the next. */
  version = 0;

  private readonly activities = storeActivities;
  readonly notices = createNoticeQueue(this.activities.notifyAll);
  readonly steps = createSteps(this.notices);
  private readonly policy = createPolicyReader(() => this.activities.getPolicy(this.input.plan.partnershipId), {
    // A plan has no mark of its own: it waits, reading the policy again, until an admin repairs it.
    park: async () => undefined,
    resume: async () => undefined,
  });

  constructor(private readonly input: ImprovementPlanInput) {
    this.plan = input.plan;
  }

  get view(): ImprovementPlan {
    return this.plan;
  }

  get status() {
    return this.plan.status;
  }

  /**
   * How long past an action's date the plan may run before it is overdue: the policy's, read as
   * the plan opens and again in each step that acts on it (inside the step, so no read runs beside an update's write).
   */
  grace = '';

  private async readGrace() {
    this.grace = (await this.policy.now()).improvementActionGrace;
  }

  /** Refuses what the action's state does not allow (the API answers 409); an unknown action too. */
  ensureOpen({ n }: { n: number }) {
    const action = this.plan.actions.find((a) => a.n === n);
    if (!action) refuse(`the plan has no action ${n}`);
    if (!actionOpen(action)) refuse(`action ${n} is done`);
  }

  /** Written as the evaluation made it; the company hears what is asked. */
  async open() {
    await this.readGrace();
    await this.save({});
    this.notify('company', 'improvement_plan_opened', { items: this.plan.actions.map(describe) });
  }

  async respond({ n, message, documentIds, by }: ActionAnswer) {
    const response = { at: now(), by, message, ...(documentIds?.length ? { documentIds } : {}) };
    const actions = this.changed(n, (a) => ({ status: 'answered', responses: [...a.responses, response] }));
    await this.save({ actions });
    this.notify('partnership', 'improvement_action_answered', { description: this.action(n).description, message });
    return this.plan;
  }

  /** Not done: back to the company. The last action done settles the plan in the same write. */
  async review({ n, outcome, note, by }: ActionVerdict) {
    const review = { at: now(), by, outcome, ...(note ? { note } : {}) };
    const actions = this.changed(n, () => ({ status: outcome, review }));
    const settled = allDone({ actions });
    await this.save({ actions, ...(settled ? { status: 'done' as const, settledAt: now() } : {}) });
    if (outcome === 'not-done')
      this.notify('company', 'improvement_action_not_done', {
        description: this.action(n).description,
        ...(note ? { message: note } : {}),
      });
    if (settled) {
      this.notify('company', 'improvement_plan_done', {});
      await this.tellRecognition('done');
    }
    return this.plan;
  }

  /** Past an action's date: a reminder to the company; past the grace: overdue, the partnership's task. */
  async lapse() {
    await this.readGrace();
    const at = Date.now();
    const due = actionsToRemind(this.plan, at).map((a) => a.n);
    if (due.length > 0) {
      const remindedAt = now();
      await this.save({ actions: this.plan.actions.map((a) => (due.includes(a.n) ? { ...a, remindedAt } : a)) });
      this.notify('company', 'improvement_action_reminder', { items: this.pending(due) });
    }
    const overdue = overdueMoment(this.plan, this.grace);
    if (overdue !== undefined && overdue <= at) {
      await this.save({ status: 'overdue', overdueAt: now() });
      this.notify('partnership', 'improvement_plan_overdue', { items: this.pending() });
      await this.tellRecognition('overdue');
    }
  }

  /** The actions not done (or those numbered), as a notice lists them. */
  private pending(numbers?: number[]) {
    return this.plan.actions.filter((a) => actionOpen(a) && (!numbers || numbers.includes(a.n))).map(describe);
  }

  private action(n: number) {
    return this.plan.actions.find((a) => a.n === n)!;
  }

  /** The plan's actions with action `n` changed. */
  private changed(n: number, change: (action: ImprovementAction) => Partial<ImprovementAction>): ImprovementAction[] {
    return this.plan.actions.map((a) => (a.n === n ? { ...a, ...change(a) } : a));
  }

  private async save(change: Partial<ImprovementPlan>) {
    this.plan = { ...this.plan, ...change };
    this.version++;
    await this.activities.saveImprovementPlan(this.plan);
  }

  /** The recognition opens its follow-up check once the plan is done; one that has closed hears nothing. */
  private async tellRecognition(status: 'done' | 'overdue') {
    try {
      await getExternalWorkflowHandle(recognitionWorkflowId(this.plan.recognitionId)).signal(improvementPlanSettledSignal, {
        planId: this.plan.id,
        status,
      });
    } catch (error) {
      log.warn('the recognition did not hear of its improvement plan', { planId: this.plan.id, status, error: String(error) });
    }
  }

  private notify(
    audience: 'company' | 'partnership',
    template: NotificationTemplate,
    data: { items?: string[]; description?: string; message?: string },
  ) {
    const { id, recognitionId } = this.plan;
    this.notices.push({ id: `${id}:${this.version}:${audience}:${template}`, audience, template, recognitionId, ...data });
  }
}

const describe = (action: ImprovementAction) => `${action.description} (tegen ${longDate(action.dueOn)})`;
