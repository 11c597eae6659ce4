import type { Response } from 'express';
import { type ImprovementPlan, awaitsAnswer, awaitsReview } from '../../models/improvement-plan-rules';
import { type PageContext, call } from '../context';
import { paths } from '../paths';

// What improvement plans ask of people on their start page: the company its actions to answer,
// a reviewer the answers to review and the plans gone overdue.

interface PlanTask {
  href: string;
  text: string;
  due?: string;
}

/** The plans still running (open or overdue), at most a hundred of each. */
async function runningPlans(ctx: PageContext, res: Response): Promise<ImprovementPlan[]> {
  const list = (status: 'open' | 'overdue') =>
    call(ctx, res, ctx.api.improvementPlans.list, { query: { status, limit: '100' } }).then((r) => r.body);
  const [open, overdue] = await Promise.all([list('open'), list('overdue')]);
  return [...open, ...overdue];
}

const count = (n: number) => (n === 1 ? '1 actie' : `${n} acties`);
const earliest = (days: string[]) => [...days].sort()[0];

/** The company: each plan with actions to answer, due by the earliest of them. */
export async function companyPlanTasks(
  ctx: PageContext,
  res: Response,
  workplace: (recognitionId: string) => string,
): Promise<PlanTask[]> {
  return (await runningPlans(ctx, res)).flatMap((plan) => {
    const waiting = plan.actions.filter(awaitsAnswer);
    if (waiting.length === 0) return [];
    return [
      {
        href: `${paths.recognition(plan.recognitionId)}#verbeterplan`,
        text: `Verbeteracties te beantwoorden: ${count(waiting.length)} voor ${workplace(plan.recognitionId)}`,
        due: earliest(waiting.map((a) => a.dueOn)),
      },
    ];
  });
}

/** A reviewer or coordinator: the answers to review, and the plans gone overdue. */
export async function partnershipPlanTasks(ctx: PageContext, res: Response) {
  const plans = await runningPlans(ctx, res);
  const review = plans.flatMap((plan) => {
    const answered = plan.actions.filter(awaitsReview);
    if (answered.length === 0) return [];
    return [
      { href: paths.improvementPlan(plan.id), text: `Antwoorden op verbeteracties te beoordelen: ${count(answered.length)}` },
    ];
  });
  const overdue = plans
    .filter((plan) => plan.status === 'overdue')
    .map((plan) => ({
      href: paths.improvementPlan(plan.id),
      text: `Verbeterplan over tijd: ${count(plan.actions.filter((a) => a.status !== 'done').length)} niet uitgevoerd`,
      due: earliest(plan.actions.filter((a) => a.status !== 'done').map((a) => a.dueOn)),
    }));
  return { review, overdue };
}
