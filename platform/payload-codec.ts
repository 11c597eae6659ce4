import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type DataConverter, METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import type { Logger } from './logger';

// What Erkend gives Temporal holds personal data: a mentor's birth date in a workflow's input,
// a contact's e-mail in an update, a recognition in an activity's result. Every payload leaves
// the process encrypted whole (AES-256-GCM, its metadata included), so Temporal's database, a
// history export and the Web UI hold only ciphertext; the API's codec endpoint (api/codec.ts)
// decodes for the Web UI. The approach of Temporal's TypeScript encryption sample.

/** The encoding of an encrypted payload; any other encoding passes decoding untouched. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was encrypted with, so keys can rotate. */
const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

const KEY_ENTRY = /^(?:([\w.-]{1,64}):)?([A-Za-z0-9+/]+={0,2})$/;

/**
 * PAYLOAD_ENCRYPTION_KEY: one key or more, comma-separated, the first the one new payloads are
 * encrypted with; each 32 random bytes in base64 (`openssl rand -base64 32`), optionally named
 * `id:key`. An unnamed key's id is its fingerprint (the start of its SHA-256), which reveals
 * nothing of it.
 */
export const payloadKeysSchema = z.string().transform((value, ctx): PayloadKey[] => {
  const keys: PayloadKey[] = [];
  for (const [index, entry] of value
    .split(',')
    .map((part) => part.trim())
    .entries()) {
    const match = KEY_ENTRY.exec(entry);
    const key = match ? Buffer.from(match[2]!, 'base64') : undefined;
    if (!key || key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: `key ${index + 1}: give 32 random bytes in base64 (openssl rand -base64 32), optionally as id:key; several comma-separated, the current first`,
      });
      return z.NEVER;
    }
    const id = match![1] ?? createHash('sha256').update(key).digest('hex').slice(0, 16);
    if (keys.some((known) => known.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key ${index + 1}: the id ${id} is given twice` });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  return keys;
});

const utf8 = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** Encrypts with the first key; decrypts with the key the payload names, or any configured one. */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('EncryptionCodec needs at least one key');
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) },
        data: Buffer.concat([iv, encrypted, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (utf8(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('An encrypted payload is too short to hold its data');
      const id = utf8(payload.metadata?.[KEY_ID_METADATA]);
      const named = this.keys.find((candidate) => candidate.id === id);
      // A key given another id since (a fingerprint named later) still opens what it encrypted:
      // GCM's tag tells the right key from the wrong ones.
      for (const { key } of named ? [named] : this.keys) {
        const plain = decrypt(data, key);
        if (plain) return temporal.api.common.v1.Payload.decode(plain);
      }
      throw new ValueError(
        `A payload encrypted with key ${id ?? '(unnamed)'} cannot be decrypted with any key of PAYLOAD_ENCRYPTION_KEY`,
      );
    });
  }
}

/** The plaintext, or undefined when the key is not the one (or the data was altered). */
function decrypt(data: Buffer, key: Buffer): Buffer | undefined {
  const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * The data converter of every client and worker of a process: encrypting with `keys`; without
 * keys (development only: the configuration requires them in production) payloads stay in clear.
 */
export function payloadDataConverter(keys: readonly PayloadKey[] | undefined, logger?: Logger): DataConverter {
  if (!keys) {
    logger?.warn('PAYLOAD_ENCRYPTION_KEY is not set: payloads go to Temporal unencrypted (development only)');
    return {};
  }
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}
