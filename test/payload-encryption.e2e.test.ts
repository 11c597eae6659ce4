import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { type JSONPayload, JSONToPayload, historyToJSON, payloadToJSON } from '@temporalio/common/lib/proto-utils';
import { createApp } from '../server/app';
import { ReadModels } from '../api/read-models';
import { listen } from '../api/server';
import { createTokenVerifier } from '../platform/auth';
import { ENCRYPTED_ENCODING, EncryptionCodec, payloadKeysSchema } from '../platform/payload-codec';
import { applicationWorkflowId } from '../workflows/application-review.messages';
import { recordHistory } from './support/histories';
import { runEntryPoint } from './support/processes';
import { sampleApplicationBody } from './support/sample-application';
import { TEST_JWT_SECRET, suiteStack, testLogger } from './support/stack';
import { ADMIN, COMPANY, reviewerOf } from './support/people';

// Issue 20: personal data in Temporal payloads is encrypted, so that a history export or the
// Web UI never shows a mentor's birth date in clear; the API's codec endpoint decodes for an admin.

const BIRTH_DATE = '1974-02-19';
const text = (base64: string | null | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');
const b64 = (value: string) => Buffer.from(value).toString('base64');
const PROBLEM = expect.stringMatching(/^application\/problem\+json/);

/** Every payload of a history as an export writes it (proto JSON), with where it was found. */
function payloadsOf(node: unknown, at = ''): Array<{ at: string; payload: JSONPayload }> {
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if (record.metadata && typeof record.metadata === 'object' && 'encoding' in record.metadata) {
    return [{ at, payload: record as JSONPayload }];
  }
  return Object.entries(record).flatMap(([key, value]) => payloadsOf(value, `${at}.${key}`));
}

describe('personal data in Temporal payloads (dev server, FerretDB)', () => {
  const stack = suiteStack({ admin: ADMIN, company: COMPANY, reviewer: reviewerOf('bouw') });
  const { call, tokens } = stack;

  /** A history as `temporal workflow show -o json` exports it: read without any codec. */
  async function exportedHistory(workflowId: string) {
    const raw = new Client({ connection: stack.temporal.connection, namespace: 'default' });
    return JSON.parse(historyToJSON(await raw.workflow.getHandle(workflowId).fetchHistory())) as unknown;
  }

  const decodeAs = (as: string | undefined, payloads: JSONPayload[], headers: Record<string, string> = {}) =>
    call(as, 'POST', '/codec/decode', { payloads }, headers);

  it("keeps a mentor's birth date out of an application's history, which the app and an admin still read", async () => {
    const body = sampleApplicationBody();
    body.mentors[0]!.birthDate = BIRTH_DATE;
    const email = `contact-${randomUUID()}@devries.example`;
    body.contact.email = email;
    const filed = await call('company', 'POST', '/api/v1/applications', body);
    expect(filed.status).toBe(202);
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${filed.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['Voldoet aan alle voorwaarden'],
    });
    expect(decided.body.status).toBe('approved');

    const workflowId = applicationWorkflowId(filed.body.id as string);
    const exported = await exportedHistory(workflowId);
    const found = payloadsOf(exported);
    // The application itself (the intake update's argument), the decision, every activity's
    // input and result: encrypted. Not Erkend's payloads: what the SDK writes into its markers (a
    // patch's id; a local activity's type and times, its result being encrypted) and the search
    // attribute naming the patches, which Temporal indexes.
    const ours = found.filter(
      ({ at }) => !/\.markerRecordedEventAttributes\.details\.(data|patch-data)\.|\.searchAttributes\./.test(at),
    );
    expect(ours.length).toBeGreaterThan(5);
    expect(ours.filter(({ payload }) => text(payload.metadata!.encoding) !== ENCRYPTED_ENCODING)).toEqual([]);
    for (const { payload } of found) {
      expect(text(payload.data)).not.toContain(BIRTH_DATE);
      expect(text(payload.data)).not.toContain(email);
    }
    expect(JSON.stringify(exported)).not.toContain(BIRTH_DATE);

    // The app's own client decodes them with its data converter...
    const { payloadCodecs, payloadConverter } = stack.temporal.options.loadedDataConverter;
    const decoded = await payloadCodecs.reduceRight(
      async (done, codec) => codec.decode(await done),
      Promise.resolve(found.map(({ payload }) => JSONToPayload(payload))),
    );
    const values = decoded.map((payload) => JSON.stringify(payloadConverter.fromPayload(payload)));
    expect(values.some((value) => value.includes(BIRTH_DATE) && value.includes(email))).toBe(true);

    // ...and so does the codec endpoint, for an admin, as the Web UI asks it.
    const answered = await decodeAs(
      'admin',
      ours.map(({ payload }) => payload),
      { 'x-namespace': 'default' },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.payloads).toHaveLength(ours.length);
    expect(answered.body.payloads.map((p: JSONPayload) => text(p.metadata!.encoding))).not.toContain(ENCRYPTED_ENCODING);
    expect(answered.body.payloads.some((p: JSONPayload) => text(p.data).includes(BIRTH_DATE))).toBe(true);

    // A history recorded now replays with the test stacks' key (test/replay.test.ts).
    await recordHistory(stack.temporal.workflow.getHandle(workflowId), 'application-approved-encrypted');
  }, 60_000);

  it('answers the codec protocol to an admin only, from any origin', async () => {
    const plain: JSONPayload = {
      metadata: { encoding: b64('json/plain') },
      data: b64(JSON.stringify({ birthDate: BIRTH_DATE })),
    };
    const encoded = await call('admin', 'POST', '/codec/encode', { payloads: [plain] });
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads as JSONPayload[];
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('test');
    expect(text(sealed!.data)).not.toContain(BIRTH_DATE);
    expect((await decodeAs('admin', [sealed!])).body).toEqual({ payloads: [plain] });
    // What is not encrypted (histories from before) comes back as it is.
    expect((await decodeAs('admin', [plain])).body).toEqual({ payloads: [plain] });

    expect(await decodeAs('company', [sealed!])).toMatchObject({ status: 403, type: PROBLEM });
    expect(await decodeAs('not-a-token', [sealed!])).toMatchObject({ status: 401, type: PROBLEM });
    const altered = { ...sealed!, data: b64(`${text(sealed!.data).slice(0, -1)}x`) };
    expect((await decodeAs('admin', [altered])).status).toBe(422);
    expect((await decodeAs('admin', [{ data: 'not base64!' } as JSONPayload])).status).toBe(400);

    // The Web UI's preflight, from its own origin.
    const preflight = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:8233',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);

    // The test stack offers development identities, as npm start does: there the local Web UI,
    // which sends no token, is let in. An API without them refuses a call without a token.
    expect((await decodeAs(undefined, [sealed!], { origin: 'http://localhost:8233' })).status).toBe(200);
    const production = createApp({
      db: stack.db,
      temporal: stack.temporal,
      taskQueue: stack.taskQueue,
      logger: testLogger,
      verifyToken: createTokenVerifier({ jwtSecret: TEST_JWT_SECRET }),
      allowPrivateWebhooks: false,
      readModels: new ReadModels(stack.db, testLogger),
    });
    const server: Server = await listen(production, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const anonymous = await fetch(`${base}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:8233' },
        body: JSON.stringify({ payloads: [sealed] }),
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
      const admin = await fetch(`${base}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}` },
        body: JSON.stringify({ payloads: [sealed] }),
      });
      expect(await admin.json()).toEqual({ payloads: [plain] });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rotates keys: encrypts with the first, decrypts with any', async () => {
    const key = () => randomBytes(32).toString('base64');
    const [oldKey, newKey] = [key(), key()];
    const plain: Payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(`"${BIRTH_DATE}"`) };
    const before = new EncryptionCodec(payloadKeysSchema.parse(oldKey));
    const rotated = new EncryptionCodec(payloadKeysSchema.parse(`2026:${newKey},${oldKey}`));
    const [sealedBefore] = await before.encode([plain]);
    const [sealedAfter] = await rotated.encode([plain]);
    const keyIdOf = (payload: Payload | undefined) => Buffer.from(payload!.metadata!['encryption-key-id']!).toString();
    expect(keyIdOf(sealedAfter)).toBe('2026');
    // An unnamed key's id is its fingerprint, which says nothing of the key.
    const fingerprint = createHash('sha256').update(Buffer.from(oldKey!, 'base64')).digest('hex').slice(0, 16);
    expect(keyIdOf(sealedBefore)).toBe(fingerprint);
    const opened = (payloads: Payload[]) => payloads.map(payloadToJSON);
    expect(opened(await rotated.decode([sealedBefore!, sealedAfter!]))).toEqual(opened([plain, plain]));
    // The old key named differently later still opens what it sealed.
    const renamed = new EncryptionCodec(payloadKeysSchema.parse(`old:${oldKey}`));
    expect(opened(await renamed.decode([sealedBefore!]))).toEqual(opened([plain]));
    await expect(new EncryptionCodec(payloadKeysSchema.parse(newKey)).decode([sealedBefore!])).rejects.toThrow(
      /cannot be decrypted with any key of PAYLOAD_ENCRYPTION_KEY/,
    );
    expect(payloadKeysSchema.safeParse(`${newKey},short`).success).toBe(false);
  });

  it('refuses to start a worker or an API in production without a key, saying what to set', async () => {
    const run = (entry: string) =>
      runEntryPoint(entry, {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://127.0.0.1:1/erkend',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
      });
    const [worker, api] = await Promise.all([run('worker/main.ts'), run('server/main.ts')]);
    for (const refused of [worker, api]) {
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('PAYLOAD_ENCRYPTION_KEY: set the key Temporal payloads are encrypted with');
    }
  }, 30_000);
});
