import { z } from 'zod';
import { INVALID_POLICY } from './failures';
import { isoDuration } from './formats';

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
    mentorChangeCheck: z.boolean().default(true).describe('Whether a change of mentors opens a light quality check'),
    requiredDocuments: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
    selfAssessment: z
      .array(z.object({ id: z.string().trim().min(1).max(40), question: z.string().trim().min(1).max(500) }))
      .max(30)
      .default([]),
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
