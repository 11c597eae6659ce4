import { applicationExample } from '../../api/examples';
import { DEFAULT_POLICY } from '../../models/policy';
import { type Json, type SuiteStack, eventually } from './stack';
import { daysFromToday, newEstablishmentNumber } from './sample-application';

// The public contract's calls as a school system or a reviewer tool written to it makes them
// (../shared/contract.md): bodies exactly as the contract shows them, headers only where it names
// them, and each answer checked against its documented status and fields.

/** Yesterday: a day that has begun in Brussels (the contract's days) and in UTC alike. */
export const yesterday = daysFromToday(-1);

/**
 * `POST /api/v1/applications` with the body as the contract shows it: the API's example without
 * what the contract leaves optional (`phone?` given, `documents` and the mentor's optional fields not).
 */
export const applicationBody = () => {
  const { documents: _documents, mentors, ...fields } = applicationExample(new Date(), newEstablishmentNumber());
  const { mentorTrainingCompletedOn: _trained, diplomaEvidence: _diploma, ...mentor } = mentors[0]!;
  return { ...fields, mentors: [{ ...mentor, criminalRecordExtractDate: yesterday }] };
};

// Every field of the policy but these is named by the contract.
const { mentorChangeCheck: _notInTheContract, improvementActionGrace: _noneEither, ...contractDefaults } = DEFAULT_POLICY;

/** The policy's fields as the contract names them: its defaults, and two questions to answer. */
export const POLICY = {
  ...contractDefaults,
  selfAssessment: [
    { id: 'mentor-available', question: 'Is de mentor voldoende beschikbaar?' },
    { id: 'safety', question: 'Is de werkplek veilig?' },
  ],
};

// The fields the contract names in each answer (an optional one only where the walk gives it),
// as dotted paths; `*` is every item of a list, of which there must be one at least.

/** The fields of every item of a list: the answer itself, or its field `list`. */
export const every = (fields: readonly string[], list?: string) =>
  fields.map((field) => (list ? `${list}.*.${field}` : `*.${field}`));
const within = (object: string, fields: readonly string[]) => fields.map((field) => `${object}.${field}`);
export const PARTNERSHIP = ['id', 'name', 'jointCommittees', 'policy', ...within('policy', Object.keys(POLICY))];
export const TRAINING = ['code', 'name', 'partnershipId'];
export const APPLICATION = [
  ...['id', 'status', 'enterpriseNumber', 'establishmentNumber', 'trainingCode', 'partnershipId', 'submittedAt', 'decisionDue'],
  ...['infoRequests', 'timeline', ...every(['at', 'type'], 'timeline')],
];
export const DECIDED = [...APPLICATION, ...within('decision', ['outcome', 'reasons', 'decidedAt', 'decidedBy'])];
export const RECOGNITION = [
  ...['id', 'status', 'enterpriseNumber', 'establishmentNumber', 'trainingCode', 'partnershipId', 'companyName', 'capacity'],
  ...['validFrom', 'validUntil', ...every(['type', 'dueOn'], 'conditions'), ...every(['at', 'status'], 'history')],
  ...['placements.active', 'freeCapacity'],
];
export const QUALITY_CHECK = ['id', 'recognitionId', 'reason', 'status', 'dueOn', ...every(['id', 'question'], 'questions')];
export const VERIFIED = ['recognized', 'status', 'recognitionId', 'validFrom', 'validUntil'];
export const FOUND = every(
  ['recognitionId', 'companyName', 'establishmentNumber', 'address.postcode', 'address.municipality', 'trainingCode', 'capacity'],
  'items',
);
export const MANDATE = ['id', 'enterpriseNumber', 'schoolId', 'validUntil'];
export const DOCUMENT = ['id', 'kind', 'name', 'size', 'sha256', 'contentType'];
export const IMPORT = ['id', 'status', 'total', 'imported', 'skipped', 'failed', 'errors'];
export const MONITORING = [
  'year',
  ...every(
    [
      'partnershipId',
      ...within('applications', ['received', 'approved', 'rejected', 'lapsed', 'withdrawn', 'decidedWithinDeadline']),
      'applications.medianDaysToDecision',
      ...within('burden', ['medianFieldsAsked', 'medianDocumentsAsked', 'infoRequestsPerApplication', 'renewalsInOneStep']),
      ...within('qualityChecks', ['opened', 'closedWithoutReviewer', 'improvementNeeded', 'suspensions']),
      ...within('recognitions', ['active', 'suspended', 'withdrawn', 'expired', 'ended']),
      ...within('capacity', ['places', 'occupied', 'byProvince']),
    ],
    'partnerships',
  ),
];

/** The dotted paths of `fields` that the answer lacks (a field that is `null` is there). */
function missing(answer: unknown, fields: readonly string[]): string[] {
  const present = (value: unknown, [key, ...rest]: string[]): boolean => {
    if (key === undefined) return true;
    if (key === '*') return Array.isArray(value) && value.length > 0 && value.every((item) => present(item, rest));
    return (
      value !== null && typeof value === 'object' && !Array.isArray(value) && key in value && present((value as Json)[key], rest)
    );
  };
  return fields.filter((field) => !present(answer, field.split('.')));
}

export interface Call {
  as: string | undefined;
  /** As the contract writes it, each `{name}` filled from `params`: `POST /api/v1/recognitions/{id}/reinstatement`. */
  operation: string;
  status: number;
  params?: Record<string, string>;
  /** JSON, or as it is: a CSV (a string), a multipart form (FormData). Absent: no body at all. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The documented fields of the answer. */
  fields?: readonly string[];
  /** Values the answer has. */
  is?: unknown;
}

/** A documented call: who calls, the operation, the documented status, and the rest. */
export const call = (
  as: string | undefined,
  operation: string,
  status: number,
  rest: Omit<Call, 'as' | 'operation' | 'status'> = {},
) => ({
  as,
  operation,
  status,
  ...rest,
});

/** A 1 KB PDF: documents are recognised by their content. */
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(1000, 0x41)]);

// The walk takes about 5 s on an idle machine and 10 s on a busy one with two cores.
export const TIMEOUT_MS = 60_000;

export const approved = { outcome: 'approved', reasons: ['Voldoet aan alle voorwaarden'] };

/** The suite's calls as documented: `send` as it is, `step` checking the answer, `walk` several in turn. */
export function contractCalls(stack: SuiteStack) {
  const { tokens } = stack;

  async function send({ as, operation, params = {}, body, headers = {} }: Call) {
    const [method, template] = operation.split(' ') as [string, string];
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    const asItIs = typeof body === 'string' || body instanceof FormData;
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...(body === undefined || asItIs ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : asItIs ? (body as string | FormData) : JSON.stringify(body),
    });
    const type = response.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await response.arrayBuffer());
    const answer = /json/.test(type) ? JSON.parse(bytes.toString()) : /^text\//.test(type) ? bytes.toString() : bytes;
    return { status: response.status, type, body: answer };
  }

  /** Calls as documented and checks the answer; a failure names the operation (and shows a refusal's problem). */
  async function step(c: Call): Promise<Json> {
    const { status, body } = await send(c);
    const { operation } = c;
    expect({ operation, status, ...(status === c.status ? {} : { answer: body }) }).toEqual({ operation, status: c.status });
    if (c.fields) expect({ operation, missing: missing(body, c.fields) }).toEqual({ operation, missing: [] });
    if (c.is !== undefined) expect({ operation, answer: body }).toMatchObject({ operation, answer: c.is });
    return body;
  }

  /** Each call in turn; their answers. */
  async function walk(calls: Call[]): Promise<Json[]> {
    const answers: Json[] = [];
    for (const c of calls) answers.push(await step(c));
    return answers;
  }

  /** The call once `holds` (what lists and the register take in shortly after a change). */
  const stepWhen = async (c: Call, holds: (answer: Json) => boolean) => {
    await eventually(async () => {
      const { status, body } = await send(c);
      return status === c.status && holds(body) ? true : undefined;
    });
    return step(c);
  };

  const apply = (as = 'company', headers: Record<string, string> = {}, body: unknown = applicationBody()) =>
    step(call(as, 'POST /api/v1/applications', 202, { body, headers, fields: ['id', 'status', 'partnershipId'] }));

  return { send, step, walk, stepWhen, apply };
}
