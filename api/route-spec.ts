import type { Request } from 'express';
import type { z, ZodType } from 'zod';
import type { Principal, Role } from '../platform/auth';

// What an endpoint is (its one definition, `RouteSpec`) and what adding it gives back (an
// `Operation`: a typed handle the pages call it by, its types inferred from that definition).

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A file sent as it is read (a download), with the Content-Type its handler set. */
  stream?: NodeJS.ReadableStream;
}

/** `text`: further media types a success may come as (by `Accept`), its body a string. */
export interface ResponseSpec {
  description: string;
  schema?: ZodType;
  text?: string[];
  /** Headers a success sets (a list's `Link` to its next page), for the OpenAPI document. */
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
}

export type Responses = Record<number, ResponseSpec>;

export interface RouteSpec<
  B extends ZodType | undefined,
  Q extends ZodType | undefined,
  P extends ZodType | undefined,
  R extends Role = never,
  S extends Responses = Responses,
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
  responses: S;
  /** Answered often: its 200 body is written by a serialiser compiled from its schema (api/serialise.ts). */
  compiled?: boolean;
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

export type AnySpec = RouteSpec<ZodType | undefined, ZodType | undefined, ZodType | undefined, Role>;

/** What an in-process call gives an operation; HTTP's strings, checked by the operation itself. */
export interface CallInput {
  /** A form's values as they were typed: the operation's schema refuses what does not fit. */
  body?: unknown;
  /** A field left undefined is not sent. */
  query?: Partial<Record<string, string>>;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** The page's own request, for an operation that streams its body (an upload form). */
  request?: Request;
}

type Fields<T> = T extends ZodType ? keyof z.input<T> & string : never;

/** The input of one operation: its path parameters by name, its query's fields, a body if it takes one. */
export type InputOf<B, Q, P> = ([P] extends [ZodType] ? { params: Record<Fields<P>, string> } : { params?: never }) &
  ([Q] extends [ZodType] ? { query?: Partial<Record<Fields<Q>, string>> } : { query?: never }) &
  ([B] extends [ZodType] ? { body?: unknown } : { body?: never }) &
  Pick<CallInput, 'headers' | 'request'>;

/**
 * The body of a success (2xx): the union of its schemas' types, and a string where it may come
 * as text (by `Accept`); none for a 204, unknown without a schema (a download's stream).
 */
export type OutputOf<S extends Responses> = {
  [K in keyof S & number]: `${K}` extends `2${string}` ? SuccessBody<S[K], K> : never;
}[keyof S & number];

type SuccessBody<R, K> =
  | (R extends { schema: infer Z extends ZodType } ? z.output<Z> : K extends 204 ? undefined : unknown)
  | (R extends { text: string[] } ? string : never);

/**
 * One API operation as a value: what `Routes.add` returns. The pages call it by this handle
 * (`Routes.invoke`), read its answer as `Out` without a cast, and guard a page by its roles.
 */
export interface Operation<In extends CallInput = CallInput, Out = unknown, R extends Role = Role> {
  readonly method: Method;
  readonly path: string;
  /** Who may call it; undefined: anyone (a public operation). */
  readonly roles: readonly R[] | undefined;
  /** Types only, never set: what a call takes and what a success answers. */
  readonly types?: { input: In; output: Out };
}

/** An operation's answer: a success, its body typed (a refusal throws its Problem instead). */
export type Answer<Out> = Omit<Reply, 'body'> & { body: Out };
