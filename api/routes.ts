import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { z, type ZodType } from 'zod';
import { InvalidToken, type Principal, type Role, type TokenVerifier } from '../platform/auth';
import { openApiPath, requestExample, routeKey } from './examples';
import { Problem, problemSchema, validationProblem } from './problem';

// One definition per endpoint: its zod shapes validate the request, type the handler and
// describe the endpoint in the OpenAPI document.

type Method = 'get' | 'post' | 'put' | 'delete';
export type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A file sent as it is read (a download), with the Content-Type its handler set. */
  stream?: NodeJS.ReadableStream;
}

export interface RouteSpec<
  B extends ZodType | undefined,
  Q extends ZodType | undefined,
  P extends ZodType | undefined,
  R extends Role = never,
> {
  method: Method;
  /** Express style: `/api/v1/applications/:id`. */
  path: string;
  summary: string;
  tag: string;
  body?: B;
  /**
   * The contract shows the operation without a body, so it takes none: an absent or empty body
   * is read as `{}` (every field of `body` is optional), and a JSON body may still give them.
   */
  bodyOptional?: boolean;
  /**
   * A body that is not JSON (an upload: `multipart/form-data`, `text/csv`): its media type and
   * shape, for the OpenAPI document only; the handler reads it itself from `request`
   * (streaming, with its own limits).
   */
  streamed?: { contentType: string; schema: ZodType; example?: string };
  query?: Q;
  params?: P;
  /** `text`: further media types a success may come as (by `Accept`), its body a string. */
  responses: Record<number, { description: string; schema?: ZodType; text?: string[] }>;
  /** The roles that may call it, with a bearer token; absent: a public endpoint. */
  roles?: readonly R[];
  handler: (input: {
    body: Infer<B>;
    query: Infer<Q>;
    params: Infer<P>;
    principal: Extract<Principal, { role: R }>;
    /** A request header, by lower-case name. */
    header: (name: string) => string | undefined;
    /** The query as sent, before parsing: to link to the next page with the same terms. */
    rawQuery: Record<string, string>;
    /** The HTTP request, for an operation with a streamed body; a page passes its own. */
    request?: Request;
  }) => Promise<Reply>;
}

const retryAfter = { schema: { type: 'integer' as const, minimum: 1 }, description: 'Seconds after which to try again' };

/** The errors an endpoint can answer, each with the condition under which it documents it. */
const ERROR_RESPONSES: Array<{
  status: number;
  description: string;
  applies: (spec: RouteSpec<ZodType | undefined, ZodType | undefined, ZodType | undefined, Role>) => boolean;
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
  // Rate limits and dependency time-outs guard every endpoint under /api (see api/app.ts).
  {
    status: 429,
    description: 'Too many requests from this caller; slow down',
    applies: (s) => s.path.startsWith('/api/'),
    headers: { 'Retry-After': retryAfter },
  },
  {
    status: 503,
    description: 'The store or Temporal does not answer in time; try again shortly',
    applies: (s) => s.path.startsWith('/api/'),
    headers: { 'Retry-After': retryAfter },
  },
];

/** HTTP's order, for a stable `Allow` header. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

export class Routes {
  readonly registry = new OpenAPIRegistry();
  /** The methods of each path: what `Allow` lists when another method is asked. */
  private readonly methods = new Map<string, Set<string>>();
  /** Each operation's spec by method and path, for `call`. */
  private readonly operations = new Map<string, AnySpec>();

  constructor(
    private readonly router: Router,
    private readonly verify: TokenVerifier,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  }

  add<B extends ZodType | undefined, Q extends ZodType | undefined, P extends ZodType | undefined, R extends Role = never>(
    spec: RouteSpec<B, Q, P, R>,
  ) {
    this.router[spec.method](spec.path, async (req, res) => {
      const principal = spec.roles ? await this.authorize(req, spec.roles) : undefined;
      // For the request log line: who called (role and tenant, never the token).
      res.locals.principal = principal;
      const reply = await run(spec as never, {
        principal,
        body: spec.body ? readBody(req, spec.bodyOptional) : undefined,
        query: req.query as Record<string, string>,
        params: req.params as Record<string, string>,
        header: (name) => req.get(name),
        request: spec.streamed ? req : undefined,
      });
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.stream) {
        res.status(reply.status);
        await pipeline(reply.stream, res);
      } else if (reply.body === undefined) res.status(reply.status).end();
      // A text answer (CSV) goes as it is, with the Content-Type its handler set.
      else if (typeof reply.body === 'string' && !/json/.test(reply.headers?.['content-type'] ?? 'json'))
        res.status(reply.status).send(reply.body);
      else res.status(reply.status).json(reply.body);
    });
    const methods = this.methods.get(spec.path) ?? new Set<string>();
    methods.add(spec.method.toUpperCase());
    if (spec.method === 'get') methods.add('HEAD');
    this.methods.set(spec.path, methods);
    this.operations.set(routeKey(spec.method, spec.path), spec as never);
    this.document(spec);
  }

  /**
   * The same operation as its endpoint, called in-process for someone already signed in (the
   * pages): the same validation, tenancy and effects, without HTTP. A refusal throws the same
   * Problem the endpoint would answer, with `errors[].path` naming the field.
   */
  async call(
    principal: Principal | undefined,
    method: Method,
    path: string,
    input: {
      body?: unknown;
      query?: Record<string, string>;
      params?: Record<string, string>;
      headers?: Record<string, string>;
      /** The page's own request, for an operation that streams its body (an upload form). */
      request?: Request;
    } = {},
  ): Promise<Reply> {
    const spec = this.operations.get(routeKey(method, path));
    if (!spec) throw new Error(`No operation ${method.toUpperCase()} ${path}`);
    if (spec.roles && !principal) throw new Problem(401, 'Unauthorized', 'Sign in first');
    if (spec.roles && principal && !spec.roles.includes(principal.role)) {
      throw new Problem(403, 'Forbidden', `The role ${principal.role} may not do this; allowed: ${spec.roles.join(', ')}`);
    }
    const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    return run(spec, {
      principal: spec.roles ? principal : undefined,
      body: input.body,
      query: input.query ?? {},
      params: input.params ?? {},
      header: (name) => headers[name.toLowerCase()],
      request: input.request,
    });
  }

  /**
   * 405 with `Allow` for a method that a known path does not have (RFC 9110), instead of 404.
   * Mounted after the routes: a request reaches it only when no route took it.
   */
  methodNotAllowed(): RequestHandler {
    const matcher = express.Router();
    const allowed = new WeakMap<Request, Set<string>>();
    for (const [path, methods] of this.methods) {
      matcher.all(path, (req, _res, next) => {
        allowed.set(req, new Set([...(allowed.get(req) ?? []), ...methods]));
        next();
      });
    }
    matcher.use((req, res, next) => {
      const methods = allowed.get(req);
      if (!methods) return next();
      const allow = METHOD_ORDER.filter((method) => methods.has(method)).join(', ');
      res.setHeader('Allow', allow);
      next(new Problem(405, 'Method Not Allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`));
    });
    return matcher;
  }

  private async authorize(req: Request, roles: readonly Role[]): Promise<Principal> {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Problem(401, 'Unauthorized', 'A bearer token is required (Authorization: Bearer <JWT>)');
    let principal: Principal;
    try {
      principal = await this.verify(match[1]!);
    } catch (error) {
      if (error instanceof InvalidToken)
        throw new Problem(401, 'Unauthorized', `The bearer token is not valid: ${error.message}`);
      throw error;
    }
    if (!roles.includes(principal.role)) {
      throw new Problem(403, 'Forbidden', `The role ${principal.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return principal;
  }

  private document<B extends ZodType | undefined, Q extends ZodType | undefined, P extends ZodType | undefined, R extends Role>(
    spec: RouteSpec<B, Q, P, R>,
  ) {
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      // A route's own error statuses are problems too; only a success carries its own schema.
      const text = Object.fromEntries((response.text ?? []).map((type) => [type, { schema: { type: 'string' } }]));
      const content = response.schema
        ? { 'application/json': { schema: response.schema }, ...text }
        : Number(status) >= 400
          ? { 'application/problem+json': { schema: problemSchema } }
          : undefined;
      responses[status] = { description: response.description, ...(content ? { content } : {}) };
    }
    for (const error of ERROR_RESPONSES) {
      if (responses[error.status] || !error.applies(spec as never)) continue;
      responses[error.status] = {
        description: error.description,
        ...(error.headers ? { headers: error.headers } : {}),
        content: { 'application/problem+json': { schema: problemSchema } },
      };
    }
    for (const input of [spec.body, spec.query, spec.params]) if (input) documentTrimmedStrings(input);
    const example = requestExample(spec.method, spec.path);
    this.registry.registerPath({
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
}

type AnySpec = RouteSpec<ZodType | undefined, ZodType | undefined, ZodType | undefined, Role>;

/** Parses an operation's input with its shapes and runs its handler. */
function run(
  spec: AnySpec,
  input: {
    principal: Principal | undefined;
    body: unknown;
    query: Record<string, string>;
    params: Record<string, string>;
    header: (name: string) => string | undefined;
    request?: Request;
  },
): Promise<Reply> {
  return spec.handler({
    // An optional body left out is `{}`: its fields' defaults apply.
    body: spec.body ? parse(spec.body, input.body === undefined && spec.bodyOptional ? {} : input.body, undefined) : undefined,
    query: parse(spec.query, input.query, 'query'),
    params: parse(spec.params, input.params, 'path'),
    principal: input.principal,
    header: input.header,
    rawQuery: input.query,
    request: input.request,
  } as never);
}

/**
 * The JSON body of a request (an empty one with `Content-Type: application/json` is `{}`).
 * A body of another type (a form, plain text) is refused with 415. None at all (no bytes,
 * whatever `Content-Type` says) is undefined where the body is optional, else refused with 400
 * rather than read as `{}`.
 */
function readBody(req: Request, optional = false): unknown {
  if (req.body !== undefined) return req.body;
  const sent = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (!sent && optional) return undefined;
  if (sent)
    throw new Problem(
      415,
      'Unsupported Media Type',
      `The request body must be JSON (Content-Type: application/json), not ${req.get('content-type') ?? 'untyped'}`,
    );
  throw new Problem(
    400,
    'Bad Request',
    'A JSON request body is required (Content-Type: application/json)',
    [{ path: '', message: 'required' }],
    {},
    'validation',
  );
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

function parse(schema: ZodType | undefined, value: unknown, prefix: string | undefined) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, prefix);
  return result.data;
}
