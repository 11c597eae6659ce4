import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Request, Response, Router } from 'express';
import type { ZodType, z } from 'zod';
import { InvalidToken, type Principal, type Role, type TokenVerifier } from '../platform/auth';
import { Problem, problemSchema, validationProblem } from './problem';

// One definition per endpoint: its zod shapes validate the request, type the handler and
// describe the endpoint in the OpenAPI document.

type Method = 'get' | 'post' | 'put' | 'delete';
type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
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
  query?: Q;
  params?: P;
  responses: Record<number, { description: string; schema?: ZodType }>;
  /** The roles that may call it, with a bearer token; absent: a public endpoint. */
  roles?: readonly R[];
  handler: (input: {
    body: Infer<B>;
    query: Infer<Q>;
    params: Infer<P>;
    principal: Extract<Principal, { role: R }>;
    req: Request;
    res: Response;
  }) => Promise<Reply>;
}

const ERROR_RESPONSES = {
  400: 'Invalid input; `errors` names each field',
  401: 'No or bad bearer token',
  403: 'Role not allowed',
  404: 'Not found, or another tenant\'s',
  409: 'Not allowed in the current status',
};

export class Routes {
  readonly registry = new OpenAPIRegistry();

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
      const body = parse(spec.body, req.body ?? {}, undefined);
      const query = parse(spec.query, req.query, 'query');
      const params = parse(spec.params, req.params, 'path');
      const reply = await spec.handler({ body, query, params, principal, req, res } as never);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.body === undefined) res.status(reply.status).end();
      else res.status(reply.status).json(reply.body);
    });
    this.document(spec);
  }

  private async authorize(req: Request, roles: readonly Role[]): Promise<Principal> {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Problem(401, 'Unauthorized', 'A bearer token is required (Authorization: Bearer <JWT>)');
    let principal: Principal;
    try {
      principal = await this.verify(match[1]!);
    } catch (error) {
      if (error instanceof InvalidToken) throw new Problem(401, 'Unauthorized', `The bearer token is not valid: ${error.message}`);
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
      responses[status] = response.schema
        ? { description: response.description, content: { 'application/json': { schema: response.schema } } }
        : { description: response.description };
    }
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
      if (responses[status]) continue;
      if (status === '400' && !spec.body && !spec.query && !spec.params) continue;
      if ((status === '401' || status === '403') && !spec.roles) continue;
      responses[status] = { description, content: { 'application/problem+json': { schema: problemSchema } } };
    }
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.roles ? { security: [{ bearer: [] }], description: `Roles: ${spec.roles.join(', ')}` } : {}),
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.params ? { params: spec.params as never } : {}),
      },
      responses,
    });
  }
}

function parse(schema: ZodType | undefined, value: unknown, prefix: string | undefined) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error, prefix);
  return result.data;
}

