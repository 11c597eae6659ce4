import { z } from 'zod';
import { isoDuration } from './formats';

/** How a sector partnership runs its dossiers; an admin may change it at any time. */
export const policySchema = z
  .object({
    decisionDeadline: isoDuration.default('P14D'),
    infoRequestDeadline: isoDuration.default('P30D'),
    validity: isoDuration.default('P5Y'),
    renewalNotice: isoDuration.default('P3M'),
    qualityCheckInterval: isoDuration.default('P1Y'),
    qualityCheckResponseDeadline: isoDuration.default('P30D'),
    mentorTrainingDeadline: isoDuration.default('P1Y'),
    objectionWindow: isoDuration.default('P30D'),
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
