import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { InvalidPolicy } from '../models/policy';
import { problemCode, problemParams } from '../models/problem-code-schemas';
import { type FieldRefusal, type ProblemCode, type ProblemParams, issueRefusal, refusal } from '../models/problem-codes';
import type { Logger } from '../platform/logger';

// Every error the API gives is application/problem+json (RFC 9457), as the contract says. Each
// refused field carries its code and values (models/problem-codes.ts), and so does a refusal of
// the whole request where there is one (`reason`): clients and the pages go by the code.

export type FieldError = FieldRefusal;

export class Problem extends Error {
  /** Seconds after which a retry may succeed: sent as `Retry-After`. */
  retryAfter?: number;
  /** What the detail says, by code, where there are no `errors`: answered as `code` and `params`. */
  reason?: FieldRefusal;

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extra: Record<string, unknown> = {},
    /** What kind of 400 it is (validation, ineligible, malformed); other statuses go by title. */
    readonly kind?: 'validation' | 'ineligible' | 'malformed',
  ) {
    super(detail);
  }

  get type(): string {
    return `https://erkend.dev/problems/${this.kind ?? this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  }

  toJSON() {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.reason ? { code: this.reason.code, params: this.reason.params } : {}),
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
    code: problemCode.optional().describe('What is refused, where the whole request is: a stable code'),
    params: problemParams.optional(),
    errors: z
      .array(
        z.object({
          path: z.string().describe('The refused field, dotted from the root (`mentors.0.birthDate`)'),
          message: z.string().describe('In English, for people; its wording may change'),
          code: problemCode,
          params: problemParams,
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const notFound = (detail = 'No such resource') => new Problem(404, 'Not Found', detail);

/** 503: a dependency (named when there is one) does not answer, or the API sheds load. */
export function unavailable(detail: string, dependency: string | undefined, retryAfter: number): Problem {
  const problem = new Problem(503, 'Service Unavailable', detail, undefined, dependency ? { dependency } : {});
  problem.retryAfter = retryAfter;
  return problem;
}

const STORE_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
]);

/** gRPC codes of a Temporal that does not answer in time: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const TEMPORAL_UNAVAILABLE = new Set([4, 8, 14]);

/**
 * Which dependency an error says is away, if any: the store (timeouts, lost connections) or
 * Temporal (a deadline passed, the frontend unreachable). Looks through the error's causes.
 */
export function unavailableDependency(error: unknown): 'mongodb' | 'temporal' | undefined {
  for (
    let e = error as { name?: string; message?: string; code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e !== 'object') return undefined;
    if (e.name && STORE_UNAVAILABLE.has(e.name)) return 'mongodb';
    if (e.name === 'MongooseError' && /buffering timed out/.test(e.message ?? '')) return 'mongodb';
    if (e.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'temporal';
    if (
      (e.name === 'ServiceError' || e.name === 'GrpcError' || 'details' in e) &&
      typeof e.code === 'number' &&
      TEMPORAL_UNAVAILABLE.has(e.code)
    ) {
      return 'temporal';
    }
  }
  return undefined;
}

/** A validation failure of `input`, naming each offending field by its dotted path from the root. */
export function validationProblem(error: z.ZodError, prefix?: string, input?: unknown): Problem {
  const errors = error.issues.map((issue) => issueRefusal(issue, input, prefix));
  const fields = errors.map((e) => e.path || '(body)').join(', ');
  return new Problem(400, 'Bad Request', `Invalid input: ${fields}`, errors, {}, 'validation');
}

/** Input that is valid but does not meet the conditions of recognition: 400 naming each field. */
export function ineligibleProblem(issues: FieldError[]): Problem {
  return new Problem(400, 'Bad Request', `Not eligible: ${issues.map((i) => i.path).join(', ')}`, issues, {}, 'ineligible');
}

/** Input that is well-formed but wrong, such as an unknown training: 400 (or `status`) naming the field. */
export function fieldProblem(error: FieldRefusal, status = 400): Problem {
  return new Problem(
    status,
    STATUS_CODES[status] ?? 'Bad Request',
    `Invalid input: ${error.path}: ${error.message}`,
    [error],
    {},
    status === 400 ? 'validation' : undefined,
  );
}

/** A refusal of one field by its code: `fieldRefusal('visitedOn', 'visit-in-future', 'a visit …')`. */
export function fieldRefusal<C extends ProblemCode>(
  path: string,
  code: C,
  message: string,
  ...params: ProblemParams[C] extends Record<string, never> ? [] : [ProblemParams[C]]
): Problem {
  return fieldProblem(refusal(path, code, message, ...params));
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
      problem = new Problem(
        400,
        'Bad Request',
        'The request body is not valid JSON',
        [refusal('', 'malformed-json', error.message)],
        {},
        'malformed',
      );
    } else if (error?.type === 'entity.too.large') {
      problem = new Problem(413, 'Content Too Large', 'The request body is too large');
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      problem = new Problem(error.status, STATUS_CODES[error.status] ?? 'Bad Request', String(error.message));
    } else if (error instanceof InvalidPolicy) {
      logger.error({ err: error, partnershipId: error.partnershipId }, 'stored policy out of bounds');
      problem = new Problem(503, 'Service Unavailable', error.message, undefined, { dependency: 'policy' });
    } else if (unavailableDependency(error)) {
      const dependency = unavailableDependency(error)!;
      logger.warn(
        { err: error, requestId: res.getHeader('x-request-id'), method: req.method, path: req.path, dependency },
        'dependency unavailable',
      );
      problem = unavailable(
        `${dependency === 'mongodb' ? 'The store (MongoDB)' : 'Temporal'} does not answer in time; try again in a few seconds`,
        dependency,
        5,
      );
    } else {
      logger.error(
        { err: error, requestId: res.getHeader('x-request-id'), method: req.method, path: req.path },
        'request failed',
      );
      problem = new Problem(500, 'Internal Server Error', 'The request could not be handled; it has been logged');
    }
    if (problem.retryAfter !== undefined) res.setHeader('Retry-After', String(problem.retryAfter));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
