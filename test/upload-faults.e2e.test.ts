import { createHash } from 'node:crypto';
import http from 'node:http';
import { startHousekeeping } from '../api/housekeeping';
import { DOCUMENT_FILES } from '../store/documents';
import { fileStore } from '../store/files';
import { filedApplication, importCsv, importCsvRow, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack, testLogger } from './support/stack';
import { ADMIN, COMPANY } from './support/people';

// No upload can take the API process down (issue 19): a body cut off before its closing
// boundary, a client gone in the middle of a file and an upload that stalls are each answered
// (or, with the client gone, not) and leave nothing stored; a slow upload still comes through.
// The API runs in this jest process: an unhandled stream error would fail the suite (jest
// reports it as the suite's error), so every test passing is the same process answering.

/** Short deadlines, so that "slower than a request may be" takes seconds (production: api/server.ts). */
const DEADLINES = { requestMs: 2_000, uploadIdleMs: 2_000, uploadMs: 60_000 };

const BOUNDARY = 'erkend-upload-faults';

const pdf = (size: number) => {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  return bytes;
};

/** A multipart body's fields and the start of its `file` part: the file's bytes come next. */
const formHead = (fields: Record<string, string>, fileName: string, contentType = 'application/pdf') =>
  Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
const FORM_END = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

interface RawAnswer {
  status: number;
  type: string;
  text: string;
}

/**
 * A request sent by hand: `send` writes its body (all of it, a part, or slowly) and ends it or
 * breaks it off. Resolves with the answer, or undefined when the connection ended without one.
 */
function rawRequest(
  url: string,
  headers: Record<string, string | number>,
  send: (request: http.ClientRequest) => Promise<void> | void,
): Promise<RawAnswer | undefined> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', headers });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (text += piece));
      response.on('end', () => resolve({ status: response.statusCode!, type: response.headers['content-type'] ?? '', text }));
      response.on('error', () => resolve(undefined));
    });
    request.on('error', () => resolve(undefined));
    void Promise.resolve(send(request)).catch(() => resolve(undefined));
  });
}

/** Writes `bytes` in pieces, waiting for each to be taken (or `pause` ms between them: a slow link). */
async function writeInPieces(request: http.ClientRequest, bytes: Buffer, pieceBytes: number, pause = 0) {
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    if (request.destroyed) return;
    const piece = bytes.subarray(at, at + pieceBytes);
    await new Promise<void>((resolve, reject) => request.write(piece, (error) => (error ? reject(error) : resolve())));
    // The pace of a slow client, not a wait for a condition.
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

describe('upload faults (dev server, FerretDB)', () => {
  const stack = suiteStack({ company: COMPANY, admin: ADMIN }, { deadlines: DEADLINES });
  const { call, tokens } = stack;
  let applicationId: string;

  beforeAll(async () => {
    applicationId = await filedApplication(call);
  });

  const documentsUrl = () => `${stack.baseUrl}/api/v1/applications/${applicationId}/documents`;
  const multipart = (as: string, length: number) => ({
    authorization: `Bearer ${tokens[as]}`,
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    'content-length': length,
  });

  /** A document's form announced whole, of which only the head and the first `sent` bytes of `file` go, then `then`. */
  const sendPart = (head: Buffer, file: Buffer, sent: number, then?: (request: http.ClientRequest) => Promise<void>) =>
    rawRequest(documentsUrl(), multipart('company', head.length + file.length + FORM_END.length), async (request) => {
      request.write(head);
      await writeInPieces(request, file.subarray(0, sent), 64 * 1024);
      await then?.(request);
    });

  /** What the store holds of a file store's files: chunks, finished files and uploads in progress. */
  const stored = async (name = DOCUMENT_FILES) => ({
    chunks: await stack.db.collection(`${name}_chunks`).countDocuments({}),
    files: await stack.db.collection(`${name}_files`).countDocuments({}),
    uploads: await stack.db.collection(`${name}_uploads`).countDocuments({}),
  });
  const storedAs = (expected: Json, name = DOCUMENT_FILES) =>
    eventually(async () => {
      const now = await stored(name);
      return JSON.stringify(now) === JSON.stringify(expected) ? now : undefined;
    });

  /** The API answers: the same process, before and after each fault. */
  async function answers() {
    expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
    const listed = await call('company', 'GET', `/api/v1/applications/${applicationId}/documents`);
    expect(listed.status).toBe(200);
    return listed.body as Json[];
  }

  it('answers a multipart body cut off before its closing boundary with 400 naming the file, and keeps nothing of it', async () => {
    const listed = await answers();
    const before = await stored();
    const body = Buffer.concat([formHead({ kind: 'risk-analysis' }, 'afgebroken.pdf'), pdf(600 * 1024)]);
    const answer = await rawRequest(documentsUrl(), multipart('company', body.length), (request) => void request.end(body));
    expect(answer).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(JSON.parse(answer!.text)).toMatchObject({
      type: 'https://erkend.dev/problems/malformed',
      status: 400,
      errors: [{ path: 'file', message: expect.any(String) }],
    });
    // Removed before the answer, not some time after.
    expect(await stored()).toEqual(before);
    expect(await answers()).toEqual(listed);

    // The page's upload form goes through the same operation with its own request.
    const page = await signedInPage();
    const { action, csrf } = await uploadForm(page);
    const pageBody = Buffer.concat([formHead({ _csrf: csrf, kind: 'risk-analysis' }, 'afgebroken.pdf'), pdf(600 * 1024)]);
    const pageAnswer = await rawRequest(
      `${stack.baseUrl}${action}`,
      { cookie: page.cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': pageBody.length },
      (request) => void request.end(pageBody),
    );
    expect(pageAnswer).toMatchObject({ status: 400, type: expect.stringMatching(/^text\/html/) });
    expect(await stored()).toEqual(before);

    // An import's form too: cut off after the whole file, before the form's end, it starts no import.
    const imports = (await call('admin', 'GET', '/api/v1/imports')).body as Json[];
    const csv = Buffer.concat([
      formHead({}, 'erkenningen.csv', 'text/csv'),
      Buffer.from(importCsv([importCsvRow()])),
      Buffer.from(`\r\n--${BOUNDARY}\r\n`),
    ]);
    const importAnswer = await rawRequest(
      `${stack.baseUrl}/api/v1/imports`,
      { ...multipart('admin', csv.length) },
      (request) => void request.end(csv),
    );
    expect(importAnswer?.status).toBe(400);
    expect(JSON.parse(importAnswer!.text)).toMatchObject({ type: 'https://erkend.dev/problems/malformed' });
    expect((await call('admin', 'GET', '/api/v1/imports')).body).toEqual(imports);
    expect(await stored('recognition_import')).toEqual({ chunks: 0, files: 0, uploads: 0 });
  });

  it('removes what it stored of a file whose client went away in the middle, and answers on', async () => {
    const listed = await answers();
    const before = await stored();
    const file = pdf(4 * 1024 * 1024);
    const head = formHead({ kind: 'risk-analysis' }, 'weggevallen.pdf');
    const answer = await sendPart(head, file, 1024 * 1024, async (request) => {
      // In the middle of the file: some of it is in the store when the client goes.
      await eventually(async () => ((await stored()).chunks > before.chunks ? true : undefined));
      request.destroy();
    });
    expect(answer).toBeUndefined();
    await storedAs(before);
    expect(await answers()).toEqual(listed);

    // A CSV sent as the body itself (text/csv), broken off likewise.
    const csv = Buffer.from(importCsv(Array.from({ length: 8_000 }, () => importCsvRow())));
    await rawRequest(
      `${stack.baseUrl}/api/v1/imports`,
      { authorization: `Bearer ${tokens.admin}`, 'content-type': 'text/csv', 'content-length': csv.length * 2 },
      async (request) => {
        await writeInPieces(request, csv, 64 * 1024);
        await eventually(async () => ((await stored('recognition_import')).chunks > 0 ? true : undefined));
        request.destroy();
      },
    );
    await storedAs({ chunks: 0, files: 0, uploads: 0 }, 'recognition_import');
    await answers();
  });

  it('takes an upload slower than any other request may be, and gives one that stalls up with 408', async () => {
    const bytes = pdf(1024 * 1024);
    const head = formHead({ kind: 'risk-analysis' }, 'traag.pdf');
    const started = performance.now();
    const answer = await rawRequest(
      documentsUrl(),
      multipart('company', head.length + bytes.length + FORM_END.length),
      async (request) => {
        request.write(head);
        // 1 MB in 20 pieces over about 3 s: longer than the 2 s another request may take.
        await writeInPieces(request, bytes, Math.ceil(bytes.length / 20), 150);
        request.end(FORM_END);
      },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThan(DEADLINES.requestMs / 1000);
    expect(answer?.status).toBe(201);
    const document = JSON.parse(answer!.text) as Json;
    expect(document.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const downloaded = await fetch(`${documentsUrl()}/${document.id}`, {
      headers: { authorization: `Bearer ${tokens.company}` },
    });
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);

    // Any other request keeps its limit: a JSON body that does not come whole in time is 408.
    const application = Buffer.from(JSON.stringify(sampleApplicationBody()));
    const slowJson = await rawRequest(
      `${stack.baseUrl}/api/v1/applications`,
      { authorization: `Bearer ${tokens.company}`, 'content-type': 'application/json', 'content-length': application.length },
      (request) => void request.write(application.subarray(0, 100)),
    );
    expect(slowJson?.status).toBe(408);

    // An upload that stops sending is given up after the idle limit and leaves nothing stored.
    const before = await stored();
    const stalled = await sendPart(head, bytes, 600 * 1024);
    expect(stalled).toMatchObject({ status: 408, type: 'application/problem+json' });
    expect(JSON.parse(stalled!.text)).toMatchObject({ type: 'https://erkend.dev/problems/request-timeout', status: 408 });
    await storedAs(before);
    await answers();
  });

  it('sweeps the chunks of an upload never finished once it is old enough, and an abort during a chunk write leaves none', async () => {
    const files = fileStore(stack.db, DOCUMENT_FILES);
    const before = await stored();

    // An upload whose process "stopped": chunks written, never finished nor aborted.
    const abandoned = files.openUploadStream();
    await new Promise<void>((resolve, reject) =>
      abandoned.write(pdf(600 * 1024), (error) => (error ? reject(error) : resolve())),
    );
    expect(await stored()).toEqual({ ...before, chunks: before.chunks + 2, uploads: before.uploads + 1 });
    // Young, it may still be under way: kept.
    expect(await files.sweep(new Date(Date.now() - 60 * 60_000))).toBe(0);
    expect((await stored()).chunks).toBe(before.chunks + 2);

    // The API process's periodic sweep, with an age limit of 0, removes it.
    const housekeeping = startHousekeeping(stack.db, testLogger, { everyMs: 100, uploadMaxAgeMs: 0 });
    try {
      await storedAs(before);
    } finally {
      await housekeeping.stop();
    }

    // Aborted while a chunk insert is on its way: that chunk is removed too.
    const aborted = files.openUploadStream();
    aborted.write(pdf(800 * 1024));
    await eventually(async () => ((await stored()).uploads > before.uploads ? true : undefined));
    await aborted.abort();
    expect(await stored()).toEqual(before);

    // A finished file is no orphan: kept by the sweep.
    const finished = files.openUploadStream();
    await new Promise<void>((resolve, reject) =>
      finished.end(pdf(300 * 1024), (error?: Error | null) => (error ? reject(error) : resolve())),
    );
    expect(await files.sweep(new Date(Date.now() + 60_000))).toBe(0);
    expect(await stored()).toEqual({ ...before, chunks: before.chunks + 2, files: before.files + 1 });
    await files.delete(finished.id);
    expect(await stored()).toEqual(before);
  });

  /** A company's page session, signed in with the development identity, as a browser keeps it. */
  async function signedInPage() {
    const cookies = new Map<string, string>();
    const remember = (response: Response) => {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    };
    const cookie = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const signIn = await fetch(`${stack.baseUrl}/aanmelden`);
    remember(signIn);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await signIn.text())![1]!;
    const signedIn = await fetch(`${stack.baseUrl}/aanmelden`, {
      method: 'POST',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, identity: 'company' }),
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(303);
    remember(signedIn);
    return { cookie: cookie() };
  }

  /** The dossier page's upload form: its action, and the CSRF token its first field carries. */
  async function uploadForm(page: { cookie: string }) {
    const html = await (await fetch(`${stack.baseUrl}/aanvragen/${applicationId}`, { headers: { cookie: page.cookie } })).text();
    const [, action, csrf] =
      /<form method="post" action="([^"]+)" enctype="multipart\/form-data"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/.exec(
        html,
      )!;
    return { action: action!, csrf: csrf! };
  }
});
