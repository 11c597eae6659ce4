import { z } from 'zod';
import { type ApplicationInput, APPLICATION_STATUSES, applicationInput } from './application';
import { attentionSchema } from './attention';
import type { Burden } from './burden';
import { isoDate } from './formats';
import { coded } from './problem-codes';

// The application dossier as the store keeps it and the API shows it. Written by activities
// only; the application workflow decides every change.

export const timelineEntrySchema = z
  .object({
    id: z.string(),
    at: z.string().describe('RFC 3339 timestamp'),
    type: z.string().describe('What happened, e.g. submitted, info_requested, decided'),
    by: z.string().optional().describe('Who did it: a token subject, or "system"'),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'TimelineEntry' });

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const infoRequestInput = z
  .object({
    message: z.string().trim().min(1).max(2000),
    items: z.array(z.string().trim().min(1).max(500)).min(1, coded('item-required', 'name at least one item')).max(30),
  })
  .strict()
  .meta({ id: 'InfoRequestInput' });

export const infoRequestSchema = infoRequestInput
  .extend({
    id: z.string(),
    requestedAt: z.string(),
    requestedBy: z.string().describe('"system" for the automatic completeness check'),
    dueAt: z.string().describe('RFC 3339: the application lapses when no supplement arrives by then'),
    answeredAt: z.string().optional(),
  })
  .meta({ id: 'InfoRequest' });

export type InfoRequest = z.infer<typeof infoRequestSchema>;

export const visitInput = z
  .object({
    visitedOn: isoDate,
    checklist: z.record(z.string().trim().min(1).max(200), z.boolean()),
    notes: z.string().trim().max(5000).optional(),
  })
  .strict()
  .meta({ id: 'VisitInput' });

export const decisionInput = z
  .object({
    outcome: z.enum(['approved', 'rejected']),
    reasons: z.array(z.string().trim().min(1).max(2000)).max(20).default([]),
  })
  .strict()
  .refine((d) => d.outcome === 'approved' || d.reasons.length > 0, {
    path: ['reasons'],
    ...coded('rejection-reason-required', 'a rejection needs at least one reason'),
  })
  .meta({
    id: 'DecisionInput',
    // The refinement above, for the OpenAPI document.
    if: { properties: { outcome: { const: 'rejected' } } },
    then: { required: ['reasons'], properties: { reasons: { minItems: 1 } } },
  });

export const objectionInput = z
  .object({ grounds: z.string().trim().min(1).max(5000) })
  .strict()
  .meta({ id: 'ObjectionInput' });

export const applicationConditionSchema = z
  .object({
    type: z.literal('mentor-training'),
    mentor: z.number().int().describe("Index of the mentor in the application's mentors"),
    mentorName: z.string(),
    dueOn: z.string().describe('The mentor completes the mentor training by then'),
  })
  .meta({ id: 'ApplicationCondition' });

export const filedBySchema = z
  .object({
    role: z.enum(['company', 'school', 'admin']),
    sub: z.string(),
    schoolId: z.string().optional().describe('The school that filed it with the company’s mandate'),
  })
  .meta({ id: 'FiledBy' });

export type FiledBy = z.infer<typeof filedBySchema>;

/** What an application asked of the company and of the partnership, as it happened. */
export const burdenSchema = z
  .object({
    fieldsAsked: z.number().int().describe('Values the company filled in: at intake, plus those of each supplement'),
    documentsAsked: z.number().int().describe("Documents the policy required at intake, plus the information requests' items"),
    infoRequests: z.number().int().describe('Information requests, the automatic completeness check included'),
    reviewerTouches: z.number().int().describe('Reviewer or coordinator actions: visits, information requests, decisions'),
    daysToDecision: z.number().optional().describe('Days from submission to the (latest) decision'),
    decidedWithinDeadline: z.boolean().optional().describe('The (latest) decision came before its deadline'),
  })
  .meta({ id: 'Burden' }) satisfies z.ZodType<Burden>;

export const applicationView = z
  .object({
    id: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    enterpriseNumber: z.string(),
    establishmentNumber: z.string(),
    trainingCode: z.string(),
    partnershipId: z.string(),
    companyName: z.string(),
    submittedAt: z.string(),
    decisionDue: z.string().optional().describe('RFC 3339: the partnership decides by then'),
    overdue: z.boolean().describe('The decision deadline passed without a decision'),
    infoRequests: z.array(infoRequestSchema),
    visits: z.array(visitInput.extend({ recordedBy: z.string(), recordedAt: z.string() })),
    decision: z
      .object({
        outcome: z.enum(['approved', 'rejected']),
        reasons: z.array(z.string()),
        decidedAt: z.string(),
        decidedBy: z.string(),
      })
      .optional(),
    objectionDeadline: z.string().optional(),
    objection: z.object({ grounds: z.string(), at: z.string(), by: z.string() }).optional(),
    recognitionId: z.string().optional(),
    conditions: z.array(applicationConditionSchema).describe('What a recognition would carry, as of the last completeness check'),
    attention: attentionSchema.nullable().optional().describe('Set while the dossier waits for an operator'),
    application: applicationInput
      // Its personal data erased (retention, or a person's request), the mentors are gone.
      .extend({ mentors: applicationInput.shape.mentors.unwrap().array().max(20) })
      .describe('The application as it stands after supplements'),
    pseudonymisedAt: z
      .string()
      .optional()
      .describe(
        'When its personal data was erased (its period passed, or a person asked): contact and texts are placeholders, mentors gone',
      ),
    burden: burdenSchema.optional().describe('What the procedure asked so far, recorded as it happened (for monitoring)'),
    filedBy: filedBySchema.optional().describe('Who filed it (absent on dossiers filed before this was recorded)'),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'Application' });

export type ApplicationView = z.infer<typeof applicationView>;

export interface ApplicationDossier extends Omit<ApplicationView, 'id' | 'application'> {
  application: ApplicationInput;
  requestHash: string;
  submittedBy: string;
  updatedAt: string;
}

export const workplaceKey = (establishmentNumber: string, trainingCode: string) => `${establishmentNumber}:${trainingCode}`;

export function toApplicationView(stored: ApplicationDossier & { _id: string }): ApplicationView {
  const { _id, requestHash: _hash, submittedBy: _by, updatedAt: _updated, ...view } = stored;
  return { id: _id, ...view };
}
