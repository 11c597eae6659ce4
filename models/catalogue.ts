import { z } from 'zod';
import { type Policy, policySchema } from './policy';
import { issueRefusal } from './problem-codes';

export const jointCommittee = z
  .string()
  .trim()
  .regex(/^\d{3}(\.\d{2})?$/, 'must be a joint committee number such as "302" or "200.01"');

export const partnershipSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.email(),
    jointCommittees: z.array(z.string()),
    /** The residual partnership (Vlaams Partnerschap Duaal Leren) takes what no sector covers. */
    residual: z.boolean(),
    sample: z.boolean().describe('Sample data seeded at start; an admin may replace it'),
    policy: policySchema,
    policyProblems: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe("Set when the stored policy is out of bounds: the partnership's dossiers wait until an admin repairs it"),
  })
  .meta({ id: 'Partnership' });

export type Partnership = z.infer<typeof partnershipSchema>;

/** A stored partnership as the API shows it; an out-of-bounds policy is shown as stored, with its problems. */
export function toPartnership({
  _id,
  policy,
  ...fields
}: Omit<Partnership, 'id' | 'policy'> & { _id: string; policy?: unknown }): Partnership {
  const checked = policySchema.safeParse(policy ?? {});
  if (checked.success) return partnershipSchema.parse({ id: _id, ...fields, policy: checked.data });
  const problems = checked.error.issues.map((issue) => issueRefusal(issue, policy ?? {}, 'policy'));
  return {
    ...partnershipSchema.omit({ policy: true }).parse({ id: _id, ...fields }),
    policy: policy as Policy,
    policyProblems: problems,
  };
}

/** One activity of a training's plan as it is done at the workplace; a placement's plan names them by code. */
export const trainingActivitySchema = z
  .object({
    code: z
      .string()
      .trim()
      .max(60)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, such as "metselwerk-uitvoeren"'),
    title: z.string().trim().min(1).max(200),
  })
  .strict()
  .meta({ id: 'TrainingActivity' });

export type TrainingActivity = z.infer<typeof trainingActivitySchema>;

const MAX_ACTIVITIES = 60;

/** Refuses an activity named twice in a list (a training's, an evaluation's): activities go by code. */
export function refuseRepeatedActivities(activities: Array<{ code: string }>, ctx: z.core.$RefinementCtx) {
  const seen = new Set<string>();
  activities.forEach(({ code }, index) => {
    if (seen.has(code)) {
      const message = `activity code ${code} appears more than once`;
      ctx.addIssue({ code: 'custom', path: [index, 'code'], message, params: { code: 'duplicate-activity', activity: code } });
    }
    seen.add(code);
  });
}

/** A training's activity list: codes unique within it, since a plan and an evaluation name activities by code. */
export const trainingActivitiesInput = z.array(trainingActivitySchema).max(MAX_ACTIVITIES).superRefine(refuseRepeatedActivities);

export const trainingSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    partnershipId: z.string(),
    sample: z.boolean(),
    activities: z.array(trainingActivitySchema).describe("The plan's activities as done at the workplace; [] when none"),
  })
  .meta({ id: 'Training' });

export type Training = z.infer<typeof trainingSchema>;

/** A stored training as the API shows it: one stored before activities existed has none. */
export function toTraining({
  _id,
  activities,
  ...fields
}: Omit<Training, 'code' | 'activities'> & { _id: string; activities?: TrainingActivity[] }): Training {
  return trainingSchema.parse({ code: _id, ...fields, activities: activities ?? [] });
}

/**
 * The partnership that decides on an application: the one that owns the training; for a
 * training the residual partnership owns (one taught across sectors), the one competent for the
 * company's joint committee; when none covers it, the residual partnership.
 */
export function routePartnership(
  partnerships: Partnership[],
  training: Pick<Training, 'partnershipId'> | undefined,
  committee: string | undefined,
): Partnership {
  const owner = training ? partnerships.find((p) => p.id === training.partnershipId) : undefined;
  if (owner && !owner.residual) return owner;
  const competent = committee ? partnerships.find((p) => p.jointCommittees.includes(committee)) : undefined;
  const chosen = competent ?? owner ?? partnerships.find((p) => p.residual);
  if (!chosen) throw new Error('the catalogue has no residual partnership');
  return chosen;
}

export type { Policy };
