import express from 'express';
import mongoose from 'mongoose';
import { z, type ZodType } from 'zod';
import { addOperations } from '../api/api';
import { DEFAULT_LIMITS } from '../api/limits';
import type { ReadModels } from '../api/read-models';
import type { AnySpec } from '../api/route-spec';
import { Routes } from '../api/routes';
import { compileSerialiser } from '../api/serialise';
import { toPublicWorkplace } from '../models/public-register';
import { toRecognitionView } from '../models/recognition';
import { RegisterIndex, toRegisterEntry } from '../models/register-index';
import type { Principal } from '../platform/auth';
import { REGISTER_ENTRY } from './support/register-entry';
import { sampleRecognition } from './support/sample-recognition';

// The hot answers are written by serialisers compiled from their schemas (api/serialise.ts):
// each must write what JSON.stringify writes, value for value (only the keys' order may differ),
// for the bodies the handlers give and for every shape its schema allows, with fields beyond it.
// Pure: the operations are added to a router that never listens, on a store never connected.

type Json = Record<string, unknown>;

/** Awkward text: quotes, escapes, line separators, accents, markup. */
const TEXT = 'Ñaïve "quoted" \\ back\nslash \u2028 <b>&amp;</b> 🚧';
const EXTRA = { beyondTheSchema: [1, null, { deep: 'x' }], at: new Date(0) };

/** Values of every shape a JSON Schema allows: each branch, each field present and absent, numbers of each kind. */
function samplesOf(schema: Json, depth = 0): unknown[] {
  if (depth > 6) return [null];
  const choice = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (choice) return choice.flatMap((branch) => samplesOf(branch, depth + 1));
  if ('const' in schema) return [schema.const];
  if (schema.enum) return schema.enum as unknown[];
  const types = ([] as unknown[]).concat(schema.type ?? 'any');
  return types.flatMap((type): unknown[] => {
    switch (type) {
      case 'string':
        return [TEXT, ''];
      case 'number':
        return [0, -1.5, 1e21, 42];
      case 'integer':
        return [0, 7, -3];
      case 'boolean':
        return [true, false];
      case 'null':
        return [null];
      case 'array': {
        const items = samplesOf((schema.items as Json | undefined) ?? {}, depth + 1);
        return [[], items];
      }
      case 'object': {
        const fields = Object.entries((schema.properties as Record<string, Json> | undefined) ?? {}).map(
          ([name, field]) => [name, samplesOf(field, depth + 1)] as const,
        );
        const required = new Set((schema.required as string[] | undefined) ?? []);
        const variants = Math.max(1, ...fields.map(([, values]) => values.length));
        const full = Array.from({ length: variants }, (_, i) => ({
          ...Object.fromEntries(fields.map(([name, values]) => [name, values[i % values.length]])),
          ...EXTRA,
        }));
        const least = Object.fromEntries(
          fields.filter(([name]) => required.has(name)).map(([name, values]) => [name, values[0]]),
        );
        return [...full, least, { ...least, optional: undefined }];
      }
      default:
        return [{ any: [TEXT, 1.25, null, { nested: true }] }];
    }
  });
}

/** Every operation as the app adds it, and the register's index its handlers answer from. */
function operations() {
  const spy = jest.spyOn(Routes.prototype, 'add');
  const register = new RegisterIndex();
  const routes = new Routes(express.Router(), async () => {
    throw new Error('no tokens here');
  });
  const readModels = { ready: true, register } as unknown as ReadModels;
  const api = addOperations(routes, {
    db: mongoose.createConnection(),
    temporal: {} as never,
    taskQueue: 'unused',
    logger: console as never,
    allowPrivateWebhooks: false,
    readModels,
    calls: {} as never,
    limits: DEFAULT_LIMITS,
    now: () => new Date('2026-12-07T10:00:00Z'),
  });
  const compiled = spy.mock.calls.map(([spec]) => spec as AnySpec).filter((spec) => spec.compiled);
  spy.mockRestore();
  return { routes, api, register, compiled };
}

const { routes, api, register, compiled } = operations();

/** What the serialiser writes, read back, beside what JSON.stringify writes, read back. */
function expectSame(schema: ZodType, body: unknown) {
  const written = compileSerialiser(schema)(body);
  expect(JSON.parse(written)).toStrictEqual(JSON.parse(JSON.stringify(body)));
}

describe('answers written by a serialiser compiled from their schema', () => {
  it('are the register’s verify and search, the public search, the lists and the ping', () => {
    expect(compiled.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`).sort()).toEqual([
      'GET /api/v1/applications',
      'GET /api/v1/mandates',
      'GET /api/v1/ping',
      'GET /api/v1/placements',
      'GET /api/v1/public/register/search',
      'GET /api/v1/quality-checks',
      'GET /api/v1/recognitions',
      'GET /api/v1/register/search',
      'GET /api/v1/register/verify',
    ]);
  });

  it.each(compiled.map((spec) => [`${spec.method.toUpperCase()} ${spec.path}`, spec] as const))(
    '%s: every shape its schema allows, and fields beyond it, as JSON.stringify writes them',
    (_name, spec) => {
      const schema = spec.responses[200]!.schema!;
      const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', metadata: z.registry() }) as Json;
      const bodies = samplesOf(json);
      expect(bodies.length).toBeGreaterThan(1);
      for (const body of bodies) expectSame(schema, body);
    },
  );

  it('the register’s verify and search as their handlers answer', async () => {
    const school: Principal = { sub: 'school-1', role: 'school', schoolId: 'school-1' };
    const suspended = {
      ...REGISTER_ENTRY,
      id: 'r2',
      establishmentNumber: '2123456890',
      companyName: TEXT,
      status: 'suspended' as const,
      history: [...REGISTER_ENTRY.history, { at: '2026-06-01T09:00:00.000Z', status: 'suspended' as const }],
    };
    register.upsert(REGISTER_ENTRY);
    register.upsert(suspended);
    register.upsert(toRegisterEntry(sampleRecognition({ id: 'r3' }), '2026-01-10T09:00:00.000Z'));
    register.setOccupied('r1', 2);
    const verifySchema = compiled.find((spec) => spec.path === '/api/v1/register/verify')!.responses[200]!.schema!;
    const searchSchema = compiled.find((spec) => spec.path === '/api/v1/register/search')!.responses[200]!.schema!;
    for (const entry of [REGISTER_ENTRY, suspended, { ...REGISTER_ENTRY, trainingCode: 'none-such' }]) {
      const { enterpriseNumber, establishmentNumber, trainingCode } = entry;
      for (const date of [undefined, '2026-07-01', '2020-01-01']) {
        const query = { enterpriseNumber, establishmentNumber, trainingCode, ...(date ? { date } : {}) };
        expectSame(verifySchema, (await routes.invoke(school, api.register.verify, { query })).body);
      }
    }
    for (const query of [
      { trainingCode: 'ruwbouw-duaal', postcode: '9000' },
      { trainingCode: 'ruwbouw-duaal', postcode: '9000', hasCapacity: 'true', pageSize: '1' },
      { trainingCode: 'none-such', postcode: '1000' },
    ]) {
      expectSame(searchSchema, (await routes.invoke(school, api.register.search, { query })).body);
    }
  });

  it('the public search and the recognitions list as their views map the stored records', () => {
    const publicSchema = compiled.find((spec) => spec.path === '/api/v1/public/register/search')!.responses[200]!.schema!;
    const items = [REGISTER_ENTRY, { ...REGISTER_ENTRY, address: { postcode: '9000', municipality: 'Gent' } }].map((e, i) =>
      toPublicWorkplace(e, TEXT, i === 0),
    );
    expectSame(publicSchema, { items, page: 1, pageSize: 20, next: '/api/v1/public/register/search?page=2' });
    const listSchema = compiled.find((spec) => spec.path === '/api/v1/recognitions')!.responses[200]!.schema!;
    const { id, ...stored } = sampleRecognition();
    const view = toRecognitionView({ ...stored, _id: id, savedAt: '2026-01-10T09:00:00.000Z' });
    expectSame(listSchema, [{ ...view, placements: { active: 1, proposed: 0 }, freeCapacity: 1 }]);
  });
});
