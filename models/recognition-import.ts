import { z } from 'zod';
import { addressSchema } from './application';
import { endOfDayInBrussels } from './dates';
import { emailAddress, enterpriseNumber, establishmentNumber, isoDate } from './formats';
import type { Policy } from './policy';
import { problemCode, problemParams } from './problem-code-schemas';
import { type FieldRefusal, coded, issueRefusal, refusal } from './problem-codes';
import type { Recognition } from './recognition';
import { INITIAL_RHYTHM, checkIntervalMs } from './recognition-rules';

// The bulk import of recognitions that exist today (issue 14): one CSV row per recognised
// workplace, each becoming an active recognition whose lifecycle runs as if it had been
// approved on `validFrom`. Pure: the rules of a row, used by the API, the import activity and
// the command line alike.

export const IMPORT_COLUMNS = [
  'enterpriseNumber',
  'establishmentNumber',
  'trainingCode',
  'companyName',
  'street',
  'postcode',
  'municipality',
  'capacity',
  'validFrom',
  'validUntil',
  'contactName',
  'contactEmail',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

/** One row as the CSV gives it: every value a string. */
export const importRow = z
  .object({
    enterpriseNumber,
    establishmentNumber,
    trainingCode: text(80),
    companyName: text(200),
    street: addressSchema.shape.street,
    postcode: addressSchema.shape.postcode,
    municipality: addressSchema.shape.municipality,
    capacity: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, coded('whole-number-range', 'must be a whole number from 1 to 100', { minimum: 1, maximum: 100 }))
      .transform(Number)
      .refine(
        (n) => n >= 1 && n <= 100,
        coded('whole-number-range', 'must be a whole number from 1 to 100', { minimum: 1, maximum: 100 }),
      ),
    validFrom: isoDate,
    validUntil: isoDate,
    contactName: text(200),
    contactEmail: emailAddress,
  })
  .strict()
  .refine((row) => row.validUntil > row.validFrom, {
    ...coded('not-after-start', 'must be after validFrom'),
    path: ['validUntil'],
  });

export type ImportRow = z.output<typeof importRow>;

/** A refused field of a row (or of the header) by its line, its code and values beside the English, as the import keeps it. */
const importError = z.object({
  line: z.number().int(),
  path: z.string(),
  message: z.string(),
  code: problemCode.optional(),
  params: problemParams.optional(),
});

export type ImportError = z.output<typeof importError>;

/** A refusal of a field on a line of the file. */
export const lineError = (line: number, { path, message, code, params }: FieldRefusal) => ({ line, path, message, code, params });

const IMPORT_STATUSES = ['running', 'done', 'failed'] as const;

export const importView = z
  .object({
    id: z.string(),
    status: z.enum(IMPORT_STATUSES),
    total: z.number().int().describe('Data rows in the file (the header not counted)'),
    imported: z.number().int().describe('Rows that became a recognition in this import'),
    skipped: z.number().int().describe('Rows whose recognition exists already (an earlier import of the same row)'),
    failed: z.number().int().describe('Rows refused; each has its errors'),
    errors: z.array(importError).describe('The refusals by line (the header is line 1), the first 1,000'),
    fileName: z.string().optional(),
    startedAt: z.string(),
    startedBy: z.string(),
    finishedAt: z.string().optional(),
    failure: z.string().optional().describe('Why a failed import stopped; the rows before it stay imported'),
  })
  .meta({ id: 'RecognitionImport' });

export type ImportView = z.output<typeof importView>;

/** The rows an import has dealt with, whichever way. */
export const rowsDone = (i: Pick<ImportView, 'imported' | 'skipped' | 'failed'>) => i.imported + i.skipped + i.failed;

/** Errors an import keeps; the counts go on beyond. */
export const MAX_KEPT_ERRORS = 1000;

/** The header's refusals: each missing column, and any the contract does not know. */
export function headerErrors(header: string[]) {
  const names = header.map((h) => h.trim());
  const columns = [...IMPORT_COLUMNS];
  return [
    ...IMPORT_COLUMNS.filter((c) => !names.includes(c)).map((c) => lineError(1, refusal(c, 'missing-column', 'missing column'))),
    ...names
      .filter((n) => !(IMPORT_COLUMNS as readonly string[]).includes(n))
      .map((n) =>
        lineError(1, refusal(n, 'unknown-column', `unknown column; the columns are ${columns.join(',')}`, { columns })),
      ),
  ];
}

/** A row checked: the recognition's fields, or its errors with the line and the column. */
export function checkRow(
  values: Record<string, string>,
  line: number,
  today: string,
): { row: ImportRow; errors?: undefined } | { row?: undefined; errors: ImportError[] } {
  const parsed = importRow.safeParse(values);
  if (!parsed.success) return { errors: parsed.error.issues.map((issue) => lineError(line, issueRefusal(issue, values))) };
  const { validUntil } = parsed.data;
  if (validUntil < today) {
    const message = `has passed (${validUntil}): only recognitions still valid are imported`;
    return { errors: [lineError(line, refusal('validUntil', 'recognition-expired', message, { validUntil }))] };
  }
  return { row: parsed.data };
}

/** The recognition a row becomes, approved on `validFrom` and valid through `validUntil`. */
export function importedRecognition(
  row: ImportRow,
  context: {
    /** The same for the same workplace and period in every import (activities/imports.ts). */
    id: string;
    /** `import:<importId>:<line>`: where it came from, as `applicationId` names an approved one's origin. */
    source: string;
    partnershipId: string;
    importedAt: string;
  },
) {
  const recognition: Recognition = {
    id: context.id,
    status: 'active',
    enterpriseNumber: row.enterpriseNumber,
    establishmentNumber: row.establishmentNumber,
    trainingCode: row.trainingCode,
    partnershipId: context.partnershipId,
    companyName: row.companyName,
    capacity: row.capacity,
    address: { street: row.street, postcode: row.postcode, municipality: row.municipality },
    contact: { name: row.contactName, email: row.contactEmail },
    // Not in today's files: the company gives its mentors at the first quality check or renewal.
    mentors: [],
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    // The last day is valid whole, and the date stays the moment's day in Brussels.
    validUntilAt: endOfDayInBrussels(row.validUntil).toISOString(),
    conditions: [],
    history: [{ at: `${row.validFrom}T00:00:00.000Z`, status: 'active', by: context.source }],
    applicationId: context.source,
    importedAt: context.importedAt,
  };
  return recognition;
}

/**
 * The first quality check of an imported recognition: the rhythm of the policy counted from
 * `validFrom`, so the first moment of that rhythm still to come (as if approved on that day).
 */
export function firstCheckAfterImport(validFrom: string, now: Date, policy: Pick<Policy, 'qualityCheckInterval' | 'validity'>) {
  let at = new Date(`${validFrom}T00:00:00.000Z`);
  for (let i = 0; i < 1000 && at.getTime() <= now.getTime(); i++) {
    at = new Date(at.getTime() + checkIntervalMs(policy.qualityCheckInterval, INITIAL_RHYTHM.factor, policy.validity, at));
  }
  return at.getTime() > now.getTime() ? at : new Date(now.getTime() + 1000);
}
