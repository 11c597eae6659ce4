import type { z } from 'zod';

// The codes of a refusal: stable names for what is wrong with a field (or a request), each with
// the values its text needs. A client, and the pages' Dutch, go by the code: the English message
// beside it is for people reading the answer, and zod's own wording may change with an upgrade.
// Zod-free at run time (the codes as schemas are in problem-code-schemas.ts): workflows refuse
// with these, and zod in their bundle would be set up again for every new workflow.

type Nothing = Record<string, never>;
type Value = string | number | boolean | null;

export interface ProblemParams {
  // What zod finds, by its issue code and properties.
  required: Nothing;
  'invalid-type': { expected: string };
  'too-small': { origin: string; minimum: number; inclusive: boolean };
  'too-big': { origin: string; maximum: number; inclusive: boolean };
  'invalid-format': { format: string };
  'invalid-option': { values: Value[] };
  'unknown-key': { keys: string[] };
  invalid: Nothing;
  // The formats of the contract.
  'invalid-date': Nothing;
  'date-out-of-range': { from: number; to: number };
  'invalid-duration': Nothing;
  'duration-out-of-range': { minimum: string; maximum: string };
  'ten-digits': Nothing;
  'enterprise-number-start': Nothing;
  'establishment-number-start': Nothing;
  'check-digits': Nothing;
  postcode: Nothing;
  'email-local-part': { maximum: number };
  'http-url': Nothing;
  // The project's own rules.
  'declaration-required': Nothing;
  'mentor-required': Nothing;
  'reason-required': Nothing;
  'rejection-reason-required': Nothing;
  'item-required': Nothing;
  'person-required': Nothing;
  'national-number': Nothing;
  'ends-before-start': Nothing;
  'not-after-start': Nothing;
  'before-placement-start': Nothing;
  'mentor-too-young': { age: number; minimum: number; minimumWithDiploma: number };
  'mentor-experience': { minimum: number };
  'extract-in-future': Nothing;
  'training-in-future': Nothing;
  'visit-in-future': Nothing;
  'today-or-later': Nothing;
  'own-enterprise-only': Nothing;
  'no-mandate': Nothing;
  'mandate-revoked': Nothing;
  'mandate-ended': { endedOn: string };
  'unknown-enterprise': Nothing;
  'stopped-enterprise': Nothing;
  'not-an-establishment': { enterpriseNumber: string };
  'unknown-training': { trainingCode: string };
  'workplace-held': { holder: 'application' | 'recognition' };
  'whole-number-range': { minimum: number; maximum: number };
  'recognition-expired': { validUntil: string };
  'workplace-taken': { holder: 'application' | 'recognition'; id: string };
  'webhook-not-http': Nothing;
  'webhook-host-unknown': { host: string };
  'webhook-private-address': { address: string };
  'incident-quota': { limit: number };
  // Refusals of requests the pages make in their own way (an upload, a query), said in Dutch too.
  'malformed-json': Nothing;
  'file-required': Nothing;
  'file-type': Nothing;
  'upload-cut-short': Nothing;
  'kind-required': Nothing;
  'idempotency-key': Nothing;
  'unknown-recognition': Nothing;
  'recognition-id-required': Nothing;
  'unknown-partnership': { partnershipId: string };
  'unknown-mentor': Nothing;
  'unknown-activity': { activity: string };
  'unknown-document': Nothing;
  'unknown-question': { id: string };
  'unanswered-question': { id: string };
  'year-without-data': { from: number; to: number };
  'either-name-or-number': Nothing;
  'missing-column': Nothing;
  'unknown-column': { columns: string[] };
  'unreadable-csv': Nothing;
  'duplicate-activity': { activity: string };
  'since-in-future': Nothing;
  'actions-need-improvement': Nothing;
  'change-required': Nothing;
  'capacity-below-placements': { occupied: number };
  'rate-limited': { limit: number; seconds: number };
}

export type ProblemCode = keyof ProblemParams;

/** Every code, once: the OpenAPI document lists them and a test shows each has Dutch. */
export const PROBLEM_CODES = [
  'required',
  'invalid-type',
  'too-small',
  'too-big',
  'invalid-format',
  'invalid-option',
  'unknown-key',
  'invalid',
  'invalid-date',
  'date-out-of-range',
  'invalid-duration',
  'duration-out-of-range',
  'ten-digits',
  'enterprise-number-start',
  'establishment-number-start',
  'check-digits',
  'postcode',
  'email-local-part',
  'http-url',
  'declaration-required',
  'mentor-required',
  'reason-required',
  'rejection-reason-required',
  'item-required',
  'person-required',
  'national-number',
  'ends-before-start',
  'not-after-start',
  'before-placement-start',
  'mentor-too-young',
  'mentor-experience',
  'extract-in-future',
  'training-in-future',
  'visit-in-future',
  'today-or-later',
  'own-enterprise-only',
  'no-mandate',
  'mandate-revoked',
  'mandate-ended',
  'unknown-enterprise',
  'stopped-enterprise',
  'not-an-establishment',
  'unknown-training',
  'workplace-held',
  'whole-number-range',
  'recognition-expired',
  'workplace-taken',
  'webhook-not-http',
  'webhook-host-unknown',
  'webhook-private-address',
  'incident-quota',
  'malformed-json',
  'file-required',
  'file-type',
  'upload-cut-short',
  'kind-required',
  'idempotency-key',
  'unknown-recognition',
  'recognition-id-required',
  'unknown-partnership',
  'unknown-mentor',
  'unknown-activity',
  'unknown-document',
  'unknown-question',
  'unanswered-question',
  'year-without-data',
  'either-name-or-number',
  'missing-column',
  'unknown-column',
  'unreadable-csv',
  'duplicate-activity',
  'since-in-future',
  'actions-need-improvement',
  'change-required',
  'capacity-below-placements',
  'rate-limited',
] as const satisfies readonly ProblemCode[];

// The list and the interface name the same codes: a code missing from either fails to compile.
const listsEveryCode: Exclude<ProblemCode, (typeof PROBLEM_CODES)[number]> extends never ? true : never = true;
void listsEveryCode;

/**
 * One refusal of a field (its dotted path; '' for the whole request): the English message for
 * people reading the answer, and the code and values of what is wrong, by which a client and the
 * pages' Dutch go.
 */
export class FieldRefusal<C extends ProblemCode = ProblemCode> {
  constructor(
    readonly path: string,
    readonly message: string,
    readonly code: C,
    readonly params: ProblemParams[C],
  ) {}

  /** The same refusal under another path (a prefix, a form's own field). */
  at(path: string): FieldRefusal<C> {
    return new FieldRefusal(path, this.message, this.code, this.params);
  }
}

/** A refusal with its code; params may be left out where the code takes none. */
export function refusal<C extends ProblemCode>(
  path: string,
  code: C,
  message: string,
  ...params: ProblemParams[C] extends Nothing ? [] : [ProblemParams[C]]
): FieldRefusal<C> {
  return new FieldRefusal(path, message, code, (params[0] ?? {}) as ProblemParams[C]);
}

const isCode = (value: unknown): value is ProblemCode => (PROBLEM_CODES as readonly unknown[]).includes(value);

/**
 * The error of a zod check that names its own code and message: `.min(1, coded('mentor-required',
 * 'at least one mentor is required'))`, `.refine(ok, { ...coded('ends-before-start', …), path })`.
 * zod keeps only a message from an error function, so the code travels as the issue's `params`,
 * where a custom issue carries its own.
 */
export function coded<C extends ProblemCode>(
  code: C,
  message: string,
  ...params: ProblemParams[C] extends Nothing ? [] : [ProblemParams[C]]
) {
  return {
    error: (issue: unknown) => {
      const raw = issue as { params?: Record<string, unknown> };
      raw.params = { ...raw.params, code, ...params[0] };
      return message;
    },
  };
}

const toNumber = (value: unknown) => (typeof value === 'number' ? value : Number(value));

/** The value at a path of the input, to tell a missing field from one of the wrong type. */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * A zod issue as a refusal: by its own code (a check of this project's, see `coded`), else
 * by zod's issue code and properties, never by zod's wording. `input` is what was parsed: a
 * field it lacks is `required`.
 */
export function issueRefusal(issue: z.core.$ZodIssue, input: unknown, prefix?: string): FieldRefusal {
  const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
  const own = issue.code === 'custom' || 'params' in issue ? (issue as { params?: Record<string, unknown> }).params : undefined;
  if (own && isCode(own.code)) {
    const { code, ...params } = own;
    return new FieldRefusal(path, issue.message, code, params as never);
  }
  const error = <C extends ProblemCode>(code: C, params: ProblemParams[C]) => new FieldRefusal(path, issue.message, code, params);
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined
        ? error('required', {})
        : error('invalid-type', { expected: issue.expected });
    case 'too_small':
      return error('too-small', { origin: issue.origin, minimum: toNumber(issue.minimum), inclusive: issue.inclusive ?? false });
    case 'too_big':
      return error('too-big', { origin: issue.origin, maximum: toNumber(issue.maximum), inclusive: issue.inclusive ?? false });
    case 'invalid_format':
      return error('invalid-format', { format: issue.format });
    case 'invalid_value':
      return error('invalid-option', { values: issue.values as Value[] });
    case 'unrecognized_keys':
      return error('unknown-key', { keys: issue.keys });
    default:
      return error('invalid', {});
  }
}
