import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z, type ZodType } from 'zod';
import { openApiPath, requestExample } from './examples';
import { problemSchema } from './problem';
import type { AnySpec } from './route-spec';

// How an endpoint's one definition reads in the OpenAPI document: its responses with the
// errors every such endpoint can answer, and its input shapes with the rules zod-to-openapi
// would not state by itself.

const retryAfter = { schema: { type: 'integer' as const, minimum: 1 }, description: 'Seconds after which to try again' };

/** The errors an endpoint can answer, each with the condition under which it documents it. */
const ERROR_RESPONSES: Array<{
  status: number;
  description: string;
  applies: (spec: AnySpec) => boolean;
  headers?: Record<string, typeof retryAfter>;
}> = [
  {
    status: 400,
    description: 'Invalid input; `errors` names each field',
    applies: (s) => Boolean(s.body || s.query || s.params),
  },
  { status: 401, description: 'No or bad bearer token', applies: (s) => Boolean(s.roles) },
  { status: 403, description: 'Role not allowed', applies: (s) => Boolean(s.roles) },
  { status: 404, description: "Not found, or another tenant's", applies: (s) => Boolean(s.params) },
  // An action on an existing resource may be refused in the resource's current status.
  { status: 409, description: 'Not allowed in the current status', applies: (s) => Boolean(s.params) && s.method !== 'get' },
  { status: 413, description: 'The request body is too large', applies: (s) => Boolean(s.body || s.streamed) },
  {
    status: 415,
    description: 'The request body is not JSON (`Content-Type: application/json`)',
    applies: (s) => Boolean(s.body),
  },
  // Rate limits and dependency time-outs guard every endpoint under /api (see api/app.ts), and
  // the public register's limit its open data too.
  {
    status: 429,
    description: 'Too many requests from this caller; slow down',
    applies: (s) => s.path.startsWith('/api/') || s.path.startsWith('/open-data/'),
    headers: { 'Retry-After': retryAfter },
  },
  {
    status: 503,
    description: 'The store or Temporal does not answer in time; try again shortly',
    applies: (s) => s.path.startsWith('/api/'),
    headers: { 'Retry-After': retryAfter },
  },
];

/** Describes one endpoint in the OpenAPI document, from its definition. */
export function documentRoute(registry: OpenAPIRegistry, spec: AnySpec) {
  const responses: Record<string, object> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    // A route's own error statuses are problems too; only a success carries its own schema.
    const text = Object.fromEntries((response.text ?? []).map((type) => [type, { schema: { type: 'string' } }]));
    const content = response.schema
      ? { 'application/json': { schema: response.schema }, ...text }
      : Number(status) >= 400
        ? { 'application/problem+json': { schema: problemSchema } }
        : undefined;
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      ...(content ? { content } : {}),
    };
  }
  for (const error of ERROR_RESPONSES) {
    if (responses[error.status] || !error.applies(spec)) continue;
    responses[error.status] = {
      description: error.description,
      ...(error.headers ? { headers: error.headers } : {}),
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  for (const input of [spec.body, spec.query, spec.params]) if (input) documentTrimmedStrings(input);
  const example = requestExample(spec.method, spec.path);
  registry.registerPath({
    method: spec.method,
    path: openApiPath(spec.path),
    summary: spec.summary,
    tags: [spec.tag],
    // `x-roles` for tools: `npm run fuzz` tests each role on the operations it may call.
    ...(spec.roles
      ? { security: [{ bearer: [] }], description: `Roles: ${spec.roles.join(', ')}`, 'x-roles': [...spec.roles] }
      : {}),
    request: {
      ...(spec.body
        ? {
            body: {
              required: !spec.bodyOptional,
              content: { 'application/json': { schema: spec.body, ...(example === undefined ? {} : { example }) } },
            },
          }
        : {}),
      ...(spec.streamed
        ? {
            body: {
              required: true,
              content: {
                [spec.streamed.contentType]: {
                  schema: spec.streamed.schema,
                  ...(spec.streamed.example === undefined ? {} : { example: spec.streamed.example }),
                },
              },
            },
          }
        : {}),
      ...(spec.query ? { query: documentedQuery(spec.query) } : {}),
      ...(spec.params ? { params: spec.params as never } : {}),
    },
    responses,
  });
}

/**
 * The query as OpenAPI describes it. A query whose meta names `exactlyOneOf` (fields of which a
 * request gives one, never two) documents those fields as one exploded object parameter whose
 * schema is a choice between them: the rule is then in the schema, not only in prose.
 */
function documentedQuery(query: ZodType): never {
  const exclusive = (z.globalRegistry.get(query) as { exactlyOneOf?: string[] } | undefined)?.exactlyOneOf;
  if (!exclusive || !(query instanceof z.ZodObject)) return query as never;
  const shape = query.shape as Record<string, ZodType>;
  const required = (field: string) => {
    const optional = shape[field]!;
    const inner = optional instanceof z.ZodOptional ? (optional.unwrap() as ZodType) : optional;
    return inner.meta({ ...z.globalRegistry.get(inner), ...z.globalRegistry.get(optional) });
  };
  const choice = z.union(exclusive.map((field) => z.object({ [field]: required(field) }).strict()));
  const names = exclusive.map((field) => `\`${field}\``).join(' or ');
  const others = Object.entries(shape).filter(([field]) => !exclusive.includes(field));
  return z.object({
    ...Object.fromEntries(others),
    [exclusive.join('-or-')]: choice.meta({
      description: `Exactly one of ${names}, each as its own query parameter (\`?${exclusive[0]}=...\`)`,
      param: { style: 'form', explode: true },
    }),
  }) as never;
}

/** What JavaScript's `trim()` removes, as a class that ECMA and Python regexes read alike. */
const BLANK = String.raw`\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;

interface ZodNode {
  type: string;
  checks?: Array<{ _zod: { def: { check: string; tx?: (value: string) => string } } }>;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  innerType?: ZodType;
  options?: ZodType[];
  valueType?: ZodType;
  in?: ZodType;
}

/**
 * zod-to-openapi documents a trimmed string's minimum length as that of the raw input, so
 * `"   "` would look valid. A pattern states the rule: that many characters from the first
 * non-blank one to the last. Walks the input shapes and adds it to each such string's meta.
 */
function documentTrimmedStrings(schema: ZodType, seen = new Set<ZodType>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: ZodNode } })._zod.def;
  const walk = (inner: ZodType | undefined) => inner && documentTrimmedStrings(inner, seen);
  if (def.type === 'string') {
    const trims = def.checks?.some((c) => c._zod.def.check === 'overwrite' && c._zod.def.tx?.(' a ') === 'a');
    const min = (schema as z.ZodString).minLength ?? 0;
    const meta = z.globalRegistry.get(schema);
    if (!trims || min < 1 || meta?.pattern || meta?.id || def.checks?.some((c) => c._zod.def.check === 'string_format')) return;
    const pattern = min === 1 ? `[^${BLANK}]` : `[^${BLANK}][\\s\\S]{${min - 2},}[^${BLANK}]`;
    z.globalRegistry.add(schema, { ...meta, pattern });
    return;
  }
  for (const inner of [
    ...Object.values(def.shape ?? {}),
    ...(def.options ?? []),
    def.element,
    def.innerType,
    def.valueType,
    def.in,
  ])
    walk(inner);
}
