import type { Client } from '@temporalio/client';
import { type Payload, ValueError } from '@temporalio/common';
import { JSONToPayload, payloadToJSON } from '@temporalio/common/lib/proto-utils';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { InvalidToken, type Principal, type TokenVerifier } from '../platform/auth';
import type { Logger } from '../platform/logger';
import { Problem, problemHandler, validationProblem } from './problem';

// Temporal's codec server protocol, so the Web UI and `temporal workflow show --codec-endpoint`
// show the payloads Erkend encrypts (platform/payload-codec.ts): POST /codec/decode and
// /codec/encode take and answer `{ payloads: [{ metadata, data }] }`, every value base64, with
// the API's own Temporal client's codecs. A decoded payload is personal data: an admin's bearer
// token is required, except where development identities make anyone an admin anyway.

export interface CodecDependencies {
  temporal: Client;
  verifyToken: TokenVerifier;
  logger: Logger;
  /** DEV_SIGN_IN: anyone may sign in as an admin, so the local Web UI, which sends no token, is let in. */
  developmentSignIn?: boolean;
}

const base64 = z.base64();
// Proto JSON, as Temporal's tools write it: an empty list is left out (`{}`).
const payloads = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() })).default([]),
});

/** A payload of Temporal is at most 2 MB; a batch of them in base64 may take more. */
const MAX_BODY = '8mb';

async function authorize(req: Request, deps: CodecDependencies): Promise<Principal | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!token) {
    if (deps.developmentSignIn) return undefined;
    throw new Problem(401, 'Unauthorized', 'An admin bearer token is required (Authorization: Bearer <JWT>)');
  }
  let principal: Principal;
  try {
    principal = await deps.verifyToken(token);
  } catch (error) {
    if (error instanceof InvalidToken) throw new Problem(401, 'Unauthorized', `The bearer token is not valid: ${error.message}`);
    throw error;
  }
  if (principal.role !== 'admin') {
    throw new Problem(403, 'Forbidden', `The role ${principal.role} may not decode payloads; allowed: admin`);
  }
  return principal;
}

export function codecRoutes(deps: CodecDependencies): Router {
  const router = express.Router();
  const { payloadCodecs } = deps.temporal.options.loadedDataConverter;
  // Codecs apply in their order on the way out, and the other way round on the way in.
  const operations: Record<'encode' | 'decode', (given: Payload[]) => Promise<Payload[]>> = {
    encode: (given) => payloadCodecs.reduce(async (done, codec) => codec.encode(await done), Promise.resolve(given)),
    decode: (given) => payloadCodecs.reduceRight(async (done, codec) => codec.decode(await done), Promise.resolve(given)),
  };

  // The Web UI calls from its own origin. Any origin may: the credential is a bearer token the
  // caller must hold, never a cookie the browser would add by itself.
  router.use((req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Authorization-Extras, Content-Type, X-Namespace');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  });
  router.use(express.json({ limit: MAX_BODY }));
  for (const [name, operation] of Object.entries(operations)) {
    router.post(`/${name}`, async (req, res) => {
      res.locals.principal = await authorize(req, deps);
      const parsed = payloads.safeParse(req.body ?? {});
      if (!parsed.success) throw validationProblem(parsed.error, undefined, req.body ?? {});
      let result: Payload[];
      try {
        result = await operation(parsed.data.payloads.map((payload) => JSONToPayload(payload)));
      } catch (error) {
        if (error instanceof ValueError) throw new Problem(422, 'Unprocessable Content', error.message);
        throw error;
      }
      res.json({ payloads: result.map(payloadToJSON) });
    });
    router.all(`/${name}`, (_req, res) => {
      res.setHeader('Allow', 'POST, OPTIONS');
      throw new Problem(405, 'Method Not Allowed', `/codec/${name} takes POST`);
    });
  }
  // The app's pages would answer an error here in HTML: the codec's callers read problem+json.
  router.use(problemHandler(deps.logger));
  return router;
}
