import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ZodType } from 'zod';
import { InvalidToken, type Principal, type Role, type TokenVerifier } from '../platform/auth';
import { routeKey } from './examples';
import { refusal } from '../models/problem-codes';
import { Problem, validationProblem } from './problem';
import { documentRoute } from './route-docs';
import { compileSerialiser } from './serialise';
import type { Answer, AnySpec, CallInput, InputOf, Operation, OutputOf, Reply, Responses, RouteSpec } from './route-spec';

export type { Answer, CallInput, Infer, Operation, Reply, RouteSpec } from './route-spec';

// One definition per endpoint: its zod shapes validate the request, type the handler and
// describe the endpoint in the OpenAPI document; adding it gives its typed handle.

type Answerer = (req: Request, res: Response) => Promise<void>;

/** HTTP's order, for a stable `Allow` header. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

export class Routes {
  readonly registry = new OpenAPIRegistry();
  /** The methods of each path: what `Allow` lists when another method is asked. */
  private readonly methods = new Map<string, Set<string>>();
  /** Each operation's spec by method and path, for `invoke`. */
  private readonly operations = new Map<string, AnySpec>();
  /**
   * The endpoints of paths without parameters, by method and path: a request for one is answered
   * at once, where the router would try every route added before it, one pattern at a time.
   */
  private readonly exact = new Map<string, { path: string; answer: Answerer }>();
  /** The patterns with parameters added so far: a path one of them takes first stays the router's. */
  private readonly patterns: Array<{ method: string; pattern: RegExp }> = [];

  constructor(
    private readonly router: Router,
    private readonly verify: TokenVerifier,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    router.use((req, res, next) => {
      const found = this.exact.get(`${req.method} ${req.path}`);
      if (!found) return next();
      // As the router sets it for the route it matched: the metrics name a request by its route.
      req.route = { path: found.path };
      found.answer(req, res).catch(next);
    });
  }

  add<
    B extends ZodType | undefined,
    Q extends ZodType | undefined,
    P extends ZodType | undefined,
    R extends Role = never,
    S extends Responses = Responses,
  >(spec: RouteSpec<B, Q, P, R, S>): Operation<InputOf<B, Q, P>, OutputOf<S>, R> {
    const okSchema = spec.compiled ? spec.responses[200]?.schema : undefined;
    const serialise = okSchema && compileSerialiser(okSchema);
    const answer: Answerer = async (req, res) => {
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
      // As res.json writes it, by the compiled serialiser.
      else if (serialise && reply.status === 200 && reply.body !== null && typeof reply.body === 'object') {
        if (!res.get('Content-Type')) res.type('application/json');
        res.status(200).send(serialise(reply.body));
      } else res.status(reply.status).json(reply.body);
    };
    this.router[spec.method](spec.path, answer);
    this.addExact(spec.method, spec.path, answer);
    const methods = this.methods.get(spec.path) ?? new Set<string>();
    methods.add(spec.method.toUpperCase());
    if (spec.method === 'get') methods.add('HEAD');
    this.methods.set(spec.path, methods);
    this.operations.set(routeKey(spec.method, spec.path), spec as never);
    documentRoute(this.registry, spec as never);
    return Object.freeze({ method: spec.method, path: spec.path, roles: spec.roles });
  }

  /**
   * The same operation as its endpoint, called in-process by its handle for someone already
   * signed in (the pages): the same validation, tenancy and effects, without HTTP; its input and
   * answer typed as the operation defines them. A refusal throws the same Problem the endpoint
   * would answer, with `errors[].path` naming the field.
   */
  async invoke<In extends CallInput, Out>(
    principal: Principal | undefined,
    operation: Operation<In, Out>,
    input: In,
  ): Promise<Answer<Out>> {
    const { method, path } = operation;
    const spec = this.operations.get(routeKey(method, path));
    if (!spec) throw new Error(`No operation ${method.toUpperCase()} ${path}`);
    if (spec.roles && !principal) throw new Problem(401, 'Unauthorized', 'Sign in first');
    if (spec.roles && principal && !spec.roles.includes(principal.role)) {
      throw new Problem(403, 'Forbidden', `The role ${principal.role} may not do this; allowed: ${spec.roles.join(', ')}`);
    }
    const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    // The answer's body is what the operation's success schemas say (api/route-spec.ts, OutputOf).
    return run(spec, {
      principal: spec.roles ? principal : undefined,
      body: input.body,
      query: Object.fromEntries(
        Object.entries(input.query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
      params: input.params ?? {},
      header: (name) => headers[name.toLowerCase()],
      request: input.request,
    }) as Promise<Answer<Out>>;
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

  private addExact(method: string, path: string, answer: Answerer) {
    const key = `${method.toUpperCase()} ${path}`;
    if (path.includes(':')) {
      const pattern = path.split(/:\w+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.patterns.push({ method, pattern: new RegExp(`^${pattern.join('[^/]+')}/?$`, 'i') });
    } else if (!this.exact.has(key) && !this.patterns.some((p) => p.method === method && p.pattern.test(path)))
      this.exact.set(key, { path, answer });
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
}

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
    [refusal('', 'required', 'required')],
    {},
    'validation',
  );
}

function parse(schema: ZodType | undefined, value: unknown, prefix: string | undefined) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, prefix, value);
  return result.data;
}
