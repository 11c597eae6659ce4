import { z } from 'zod';
import { addressSchema, changeableFields, contactSchema, declarationsSchema, mentorSchema } from './application';
import { attentionSchema } from './attention';
import { CHANGE_FIELDS } from './change-rules';
import { coded } from './problem-codes';
import { RECOGNITION_STATUSES, type RecognitionStatus } from './recognition-status';

export * from './recognition-status';

// A recognition (erkenning): one establishment unit, one training, for a period.

/** A recognition's mentor: with the id that keeps them the same mentor through changes of the list. */
export const recognitionMentorSchema = mentorSchema
  .extend({
    id: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .describe(
        'Given by Erkend; send it back with PUT …/mentors to keep this mentor and their conditions. Without it a mentor of the same name and birth date is kept, any other is new',
      ),
  })
  .meta({ id: 'RecognitionMentor' });

export type RecognitionMentor = z.infer<typeof recognitionMentorSchema>;

export const recognitionConditionSchema = z
  .object({
    type: z.literal('mentor-training'),
    mentorId: z.string().optional().describe('The mentor it is for: it goes with the mentor when they are removed'),
    mentorName: z.string(),
    dueOn: z.string(),
    metOn: z.string().optional(),
    remindedAt: z.string().optional(),
    missedAt: z.string().optional().describe('Not met by its due date: a task for the reviewer'),
  })
  .meta({ id: 'RecognitionCondition' });

export const statusChangeSchema = z
  .object({
    at: z.string(),
    status: z.enum(RECOGNITION_STATUSES),
    reasons: z.array(z.string()).optional(),
    by: z.string().optional(),
  })
  .meta({ id: 'StatusChange' });

const changeFields = z.array(z.enum(CHANGE_FIELDS));

export const recognitionChangeSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    by: z.string(),
    applied: changeFields.describe('Applied at once'),
    capacity: z.object({ from: z.number(), to: z.number() }).optional().describe('Places before and after, when applied'),
    mentors: z.object({ added: z.number(), removed: z.number() }).optional(),
    review: z
      .object({
        fields: changeFields,
        due: z.string().describe('RFC 3339: when the partnership should have decided'),
        status: z.enum(['pending', 'approved', 'rejected']),
        decidedAt: z.string().optional(),
        decidedBy: z.string().optional(),
        reasons: z.array(z.string()).optional(),
      })
      .optional()
      .describe('The part of the change that waits for (or had) the partnership’s review'),
  })
  .meta({ id: 'RecognitionChange' });

export const recognitionView = z
  .object({
    id: z.string(),
    status: z.enum(RECOGNITION_STATUSES),
    enterpriseNumber: z.string(),
    establishmentNumber: z.string(),
    trainingCode: z.string(),
    partnershipId: z.string(),
    companyName: z.string(),
    capacity: z.number(),
    address: addressSchema,
    contact: contactSchema,
    mentors: z.array(recognitionMentorSchema),
    validFrom: z.string(),
    validUntil: z.string(),
    validUntilAt: z.string().describe('RFC 3339: the exact end of validity; validUntil is its date'),
    conditions: z.array(recognitionConditionSchema),
    history: z.array(statusChangeSchema),
    applicationId: z
      .string()
      .describe(
        'The application it was approved on; `import:<importId>:<line>` for a recognition taken over from the systems before Erkend',
      ),
    importedAt: z.string().optional().describe('Set on a recognition taken over by the bulk import (POST /api/v1/imports)'),
    pseudonymisedAt: z
      .string()
      .optional()
      .describe(
        'When its personal data was erased (a year after its end, or a person asked): contact a placeholder, mentors gone',
      ),
    nextQualityCheckDue: z.string().optional(),
    changes: z
      .array(recognitionChangeSchema)
      .optional()
      .describe('Changes the company made during validity (POST …/changes), the latest 100, oldest first'),
    pendingChange: z
      .object({
        id: z.string(),
        due: z.string().describe('RFC 3339: when the partnership should have decided'),
        values: z.object({
          contact: contactSchema.optional(),
          capacity: z.number().optional(),
          address: addressSchema.optional(),
          mentors: z.array(recognitionMentorSchema).optional(),
        }),
      })
      .optional()
      .describe('What waits for the partnership’s review, as the company sent it'),
    qualityCheckInterval: z.string().optional().describe('The interval now in force, after risk-based lightening'),
    attention: attentionSchema.optional().describe('Set while the recognition waits for an operator'),
    renewal: z
      .object({
        status: z.enum(['invited', 'requested', 'approved', 'rejected']),
        invitedAt: z.string().optional(),
        requestedAt: z.string().optional(),
        requestedBy: z.string().optional(),
        unchanged: z.boolean().optional(),
        changes: z.record(z.string(), z.unknown()).optional(),
        decidedAt: z.string().optional(),
        decidedBy: z.string().optional(),
        reasons: z.array(z.string()).optional(),
        oneStep: z.boolean().optional().describe('Renewed at once: nothing changed and a clean record, no review'),
        decisionDue: z.string().optional().describe('RFC 3339: when the partnership should have decided a requested renewal'),
        overdue: z.boolean().optional().describe('The decision deadline passed without a decision'),
        keptActiveAt: z
          .string()
          .optional()
          .describe('RFC 3339: the period ended while the renewal, asked in time, awaited the decision; kept active until it'),
      })
      .optional(),
    renewals: z
      .array(
        z.object({
          status: z.enum(['approved', 'rejected']),
          requestedAt: z.string().optional(),
          unchanged: z.boolean().optional(),
          oneStep: z.boolean(),
          decidedAt: z.string(),
          decidedBy: z.string(),
        }),
      )
      .optional()
      .describe('Every renewal decided, kept after its period began (for monitoring)'),
  })
  .meta({ id: 'Recognition' });

export type Recognition = z.infer<typeof recognitionView>;

/** A recognition as the API shows it: with the places its placements and proposals take. */
export const recognitionWithPlacements = recognitionView
  .extend({
    placements: z.object({
      active: z.number().describe('Active placements of learners'),
      proposed: z.number().describe('Proposals the company has not answered yet: each holds a place'),
    }),
    freeCapacity: z.number().describe('Places not taken by active placements or held by proposals'),
  })
  .meta({ id: 'RecognitionWithPlacements' });
export type RecognitionWithPlacements = z.infer<typeof recognitionWithPlacements>;

// What people send about a live recognition.

const reasons = z.array(z.string().trim().min(1).max(2000)).min(1, coded('reason-required', 'give at least one reason')).max(20);

export const suspensionInput = z.object({ reasons }).strict().meta({ id: 'SuspensionInput' });
export const reinstatementInput = z
  .object({ reasons: z.array(z.string().trim().min(1).max(2000)).max(20).default([]) })
  .strict()
  .meta({ id: 'ReinstatementInput' });
export const recognitionWithdrawalInput = z.object({ reasons }).strict().meta({ id: 'RecognitionWithdrawalInput' });
export const incidentInput = z
  .object({ description: z.string().trim().min(1).max(5000) })
  .strict()
  .meta({ id: 'IncidentInput' });
export const mentorsInput = z
  .array(recognitionMentorSchema)
  .min(1, coded('mentor-required', 'at least one mentor is required'))
  .max(20);

/** A change during validity: each field optional, at least one. */
export const recognitionChangeInput = z
  .object({
    contact: contactSchema.optional(),
    capacity: changeableFields.capacity.optional(),
    address: addressSchema.optional().describe('A new address of the same establishment unit: the partnership reviews it'),
    mentors: mentorsInput.optional().describe('The whole new list, as PUT …/mentors takes it'),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, coded('change-required', 'name at least one change'))
  .meta({ id: 'RecognitionChangeInput', minProperties: 1 });

export const changeOutcome = z
  .object({
    applied: z.boolean().describe('true: the whole change is in force'),
    changeId: z.string().optional().describe('Absent when nothing differed from the recognition'),
    appliedFields: z.array(z.enum(CHANGE_FIELDS)).describe('What is in force at once'),
    reviewFields: z.array(z.enum(CHANGE_FIELDS)).optional().describe('What waits for the partnership'),
    reviewDue: z.string().optional().describe('RFC 3339: when the partnership should have decided'),
  })
  .meta({ id: 'ChangeOutcome' });
export type ChangeOutcome = z.infer<typeof changeOutcome>;

/** What a reviewed renewal may change: the fields a company maintains itself. */
export const renewalChanges = z
  .object({
    companyName: changeableFields.companyName.optional(),
    capacity: changeableFields.capacity.optional(),
    address: addressSchema.optional(),
    contact: contactSchema.optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'name at least one change')
  .meta({ minProperties: 1 });

export type RenewalChanges = z.infer<typeof renewalChanges>;

export const renewalInput = z
  .union([
    z
      .object({
        unchanged: z.literal(true),
        declarations: declarationsSchema
          .optional()
          .describe('The fresh declaration on honour; `unchanged: true` alone declares that nothing changed'),
      })
      .strict(),
    z.object({ changes: renewalChanges }).strict(),
  ])
  .meta({ id: 'RenewalInput' });
export type RecognitionCondition = z.infer<typeof recognitionConditionSchema>;

/** The status on a given moment, from the history of status changes (oldest first). */
export function statusOn(history: Recognition['history'], at: string): RecognitionStatus | undefined {
  let status: RecognitionStatus | undefined;
  for (const change of history) {
    if (change.at > at) break;
    status = change.status;
  }
  return status;
}

export function toRecognitionView(stored: Omit<Recognition, 'id'> & { _id: string; savedAt?: string }): Recognition {
  const { _id, savedAt: _saved, ...view } = stored;
  return { id: _id, ...view };
}
