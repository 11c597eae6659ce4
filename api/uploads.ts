import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { refusal } from '../models/problem-codes';
import { Problem } from './problem';

// Reading an upload's body (documents and imports, from the API and from the pages' forms)
// so that no request can take the process down: every stream has its error path, a body that
// breaks off is answered 400 (or nobody, when its client is gone) and what was stored of it
// is removed before the answer. How long an upload may take is api/server.ts.

/** The routes that take a file (POST), by path: documents and imports, from the API and the pages' forms. */
const UPLOAD_ROUTES: Array<[RegExp, 'document' | 'document-form' | 'import']> = [
  [/^\/api\/v1\/applications\/[^/]+\/documents\/?$/i, 'document'],
  [/^\/aanvragen\/[^/]+\/documenten\/?$/i, 'document-form'],
  [/^\/api\/v1\/imports\/?$/i, 'import'],
  [/^\/importeren\/?$/i, 'import'],
];

/** Which upload a request is (its own limits of size and time), or undefined for any other. */
export function uploadOf(method: string | undefined, path: string) {
  if (method !== 'POST') return undefined;
  return UPLOAD_ROUTES.find(([pattern]) => pattern.test(path.split('?')[0]!))?.[1];
}

/** The check of a page form's token (pages/session.ts), by the request it must be read from. */
const formTokens = new WeakMap<Request, (sent: string | undefined) => void>();

/**
 * Makes `readMultipart` take the request's parts only after its first part, a field `_csrf`,
 * has passed `check` (which throws to refuse). A page's upload form sends its token so, in
 * the body rather than the URL, where proxies' logs would keep it.
 */
export function requireFormToken(request: Request, check: (sent: string | undefined) => void) {
  formTokens.set(request, check);
}

/** A body that broke off: the client went away, or the server gave up on it (api/server.ts). */
function brokeOff(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** 400 for a body cut off or unreadable, naming `file` when it is the file that was cut off. */
function malformedUpload(detail: string, aboutFile: boolean): Problem {
  return new Problem(
    400,
    'Bad Request',
    detail,
    aboutFile ? [refusal('file', 'upload-cut-short', 'the upload ended before the file did')] : undefined,
    {},
    'malformed',
  );
}

/**
 * An error while a raw upload body (`text/csv`) was stored: a body that broke off is a 400,
 * anything else (the store) is passed on as it is.
 */
export function uploadProblem(error: unknown): unknown {
  if (error instanceof Problem || !brokeOff(error)) return error;
  return malformedUpload('The upload broke off before its end', false);
}

/**
 * Reads a multipart/form-data request: its fields, and its part named `file` handed to `store`
 * as a stream while it arrives (the first such part; with `requireFileName`, only a part with a
 * file name, as a form sends none when no file was chosen). `store` may destroy its stream: the
 * part then is read on to its end and dropped, so that its refusal (413, 415) is answered at
 * once and the client, still sending, sees it rather than a reset connection. A body that
 * breaks off or ends before its closing boundary is a 400, thrown once `store` has settled:
 * `store` removes what it stored of a part cut off, `discard` a file stored whole before.
 */
export async function readMultipart<T>(
  request: Request,
  options: {
    limits: busboy.Limits;
    requireFileName?: boolean;
    store: (file: Readable, info: busboy.FileInfo) => Promise<T>;
    discard: (stored: T) => Promise<void>;
  },
): Promise<{ fields: Map<string, string>; file?: T }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: options.limits });
  } catch (error) {
    if (!request.is('multipart/form-data'))
      throw new Problem(415, 'Unsupported Media Type', 'The request body must be multipart/form-data');
    throw malformedUpload(`The multipart body cannot be read: ${(error as Error).message}`, false);
  }
  const fields = new Map<string, string>();
  let stored: Promise<T> | undefined;
  let inFile = false;
  let fileBroken = false;
  let refuse: (error: unknown) => void = () => undefined;
  const refused = new Promise<{ refused: unknown }>((resolve) => (refuse = (error) => resolve({ refused: error })));
  // A page's form: no part is taken before its first part, the token, has passed its check.
  let tokenCheck = formTokens.get(request);
  let tokenRefused = false;
  const checkToken = (sent: string | undefined) => {
    const check = tokenCheck;
    tokenCheck = undefined;
    try {
      check?.(sent);
    } catch (error) {
      tokenRefused = true;
      refuse(error);
    }
  };

  parser.on('field', (name, value) => {
    if (tokenCheck) checkToken(name === '_csrf' ? value : undefined);
    if (!tokenRefused) fields.set(name, value);
  });
  parser.on('file', (name, file, info) => {
    if (tokenCheck) checkToken(undefined);
    if (tokenRefused || name !== 'file' || stored || (options.requireFileName && !info.filename)) {
      // A part errors when the body does, which the body's pipeline below reports.
      file.on('error', () => undefined);
      file.resume();
      return;
    }
    // `store` reads a stream of its own: were busboy's part destroyed, busboy would wait for
    // it to be read forever and never read the body on to its end.
    const part = new PassThrough();
    file.on('error', (error) => {
      fileBroken = true;
      part.destroy(error);
    });
    file.on('end', () => (inFile = false));
    file.pipe(part);
    inFile = true;
    stored = options.store(part, info).catch((error: unknown) => {
      file.unpipe(part);
      part.destroy();
      file.resume();
      throw error;
    });
    stored.catch(refuse);
  });

  const body = pipeline(request, parser);
  const outcome = await Promise.race([
    body.then(
      () => ({ ended: true }),
      (error: unknown) => ({ broken: error }),
    ),
    refused,
  ]);
  // A refusal of the store's own, not the body breaking off seen through the part first.
  if ('refused' in outcome && !fileBroken) {
    // The body goes on to its end, dropped; how it ends no longer matters.
    body.catch(() => undefined);
    throw outcome.refused;
  }
  if ('ended' in outcome) {
    // A form without a part has sent no token either.
    if (tokenCheck) checkToken(undefined);
    if (tokenRefused) throw (await refused).refused;
    return { fields, file: stored && (await stored) };
  }
  const aboutFile = inFile;
  const broken = await body.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  const whole = await stored?.catch(() => undefined);
  if (whole !== undefined) await options.discard(whole);
  throw malformedUpload(
    !broken || brokeOff(broken) ? 'The upload broke off before its end' : `The multipart body cannot be read: ${broken.message}`,
    aboutFile,
  );
}
