import { z } from 'zod';
import { INVALID_POLICY } from './failures';
import { isoDuration } from './formats';

/** What a site visit checks unless the partnership says otherwise. */
export const DEFAULT_VISIT_CHECKLIST = ['Werkplek veilig', 'Uitrusting volgens opleidingsplan', 'Mentor aanwezig'] as const;

/** How a sector partnership runs its dossiers; an admin may change it at any time. */
export const policySchema = z
  .object({
    // Bounds: seconds at least (tests and demonstrations run whole procedures in seconds), and
    // at most what a partnership could sensibly ask, far below any date arithmetic's limit.
    decisionDeadline: isoDuration('PT1S', 'P1Y', 'P14D').default('P14D'),
    infoRequestDeadline: isoDuration('PT1S', 'P1Y', 'P30D').default('P30D'),
    validity: isoDuration('PT1S', 'P10Y', 'P5Y').default('P5Y'),
    renewalNotice: isoDuration('PT0S', 'P2Y', 'P3M').default('P3M'),
    qualityCheckInterval: isoDuration('PT1S', 'P10Y', 'P1Y').default('P1Y'),
    qualityCheckResponseDeadline: isoDuration('PT1S', 'P1Y', 'P30D').default('P30D'),
    mentorTrainingDeadline: isoDuration('PT1S', 'P5Y', 'P1Y').default('P1Y'),
    objectionWindow: isoDuration('PT1S', 'P1Y', 'P30D').default('P30D'),
    placementAnswerDeadline: isoDuration('PT1S', 'P1Y', 'P14D').default('P14D'),
    learnerFeedbackThreshold: z
      .number()
      .min(1)
      .max(4)
      .default(2.5)
      .describe('A workplace whose learners answer below this average (1 to 4, from three answers) gets a quality check'),
    capacityIncreaseWithoutReview: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(2)
      .describe('How many places a company may add during validity without the partnership’s review'),
    mentorChangeCheck: z.boolean().default(true).describe('Whether a change of mentors opens a light quality check'),
    requiredDocuments: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
    selfAssessment: z
      .array(z.object({ id: z.string().trim().min(1).max(40), question: z.string().trim().min(1).max(500) }))
      .max(30)
      .default([]),
    improvementTemplates: z
      .array(
        z.object({
          id: z.string().trim().min(1).max(40),
          description: z.string().trim().min(1).max(1000),
          dueAfter: isoDuration('PT0S', 'P2Y', 'P30D').describe('The action is due this long after the evaluation'),
        }),
      )
      .max(30)
      .default([])
      .describe('Improvement actions a reviewer starts from when a check finds improvement needed'),
    visitChecklist: z
      .array(z.string().trim().min(1).max(200))
      .max(30)
      .default([...DEFAULT_VISIT_CHECKLIST])
      .describe('The points a reviewer checks on a site visit'),
    improvementActionGrace: isoDuration('PT0S', 'P1Y', 'P14D')
      .default('P14D')
      .describe('How long past an action’s date an improvement plan runs (after a reminder) before it is overdue'),
  })
  .strict()
  .meta({ id: 'Policy' });

export type Policy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});

/** A stored policy that does not meet the bounds: written before they existed, or by hand. */
export class InvalidPolicy extends Error {
  override name = INVALID_POLICY;
  constructor(
    readonly partnershipId: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(
      `the policy of partnership ${partnershipId} is invalid (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}); ` +
        `an admin repairs it with PUT /api/v1/partnerships/${partnershipId}/policy`,
    );
  }
}

/** The policy as stored, checked against today's bounds before any date is computed from it. */
export function readPolicy(partnershipId: string, stored: unknown): Policy {
  const parsed = policySchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidPolicy(
    partnershipId,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** One accepted change of a partnership's policy, as its history shows it. */
export const policyChangeSchema = z
  .object({
    id: z.string().describe('Pass as `before` to read the changes older than this one'),
    partnershipId: z.string(),
    at: z.string().describe('When the change was accepted (RFC 3339)'),
    by: z.object({ sub: z.string(), role: z.string().describe('admin or coordinator') }),
    changed: z.array(z.string()).describe('The policy fields whose value the change replaced'),
    before: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The policy as it was stored before, even out of bounds (a change that repaired it); null if there was none'),
    after: policySchema,
  })
  .meta({ id: 'PolicyChange' });

export type PolicyChange = z.infer<typeof policyChangeSchema>;
