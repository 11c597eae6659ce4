import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../platform/logger';

// Every error the API gives is application/problem+json (RFC 9457), as the contract says.

export interface FieldError {
  path: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  get type(): string {
    return `https://erkend.dev/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  }

  toJSON() {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const notFound = (detail = 'No such resource') => new Problem(404, 'Not Found', detail);

/** A validation failure, naming each offending field by its dotted path from the root. */
export function validationProblem(error: z.ZodError, prefix?: string): Problem {
  const errors = error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.'),
    message: issue.message,
  }));
  const fields = errors.map((e) => e.path || '(body)').join(', ');
  return new Problem(400, 'Bad Request', `Invalid input: ${fields}`, errors);
}

/** Input that is well-formed but wrong, such as an unknown training: 400 naming the field. */
export function fieldProblem(path: string, message: string, status = 400): Problem {
  const title = status === 400 ? 'Bad Request' : status === 403 ? 'Forbidden' : 'Unprocessable Content';
  return new Problem(status, title, `Invalid input: ${path}: ${message}`, [{ path, message }]);
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new Problem(404, 'Not Found', `No route for ${req.method} ${req.path}`));
};

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let problem: Problem;
    if (error instanceof Problem) {
      problem = error;
    } else if (error?.type === 'entity.parse.failed') {
      problem = new Problem(400, 'Bad Request', 'The request body is not valid JSON', [{ path: '', message: error.message }]);
    } else if (error?.type === 'entity.too.large') {
      problem = new Problem(413, 'Content Too Large', 'The request body is too large');
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      problem = new Problem(error.status, 'Bad Request', String(error.message));
    } else {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
      problem = new Problem(500, 'Internal Server Error', 'The request could not be handled; it has been logged');
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
