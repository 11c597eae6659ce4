import type { ZodType } from 'zod';
import { freshApplicationExample, requestExamples, routeKey } from '../api/examples';
import { Routes } from '../api/routes';
import { suiteStack, tokenFor } from './support/stack';

// The OpenAPI document tells the truth: what it says a request needs and a response is, the
// server does (test/fuzz.test.ts checks the same by generated requests).

type Operation = {
  requestBody?: { required?: boolean; content: Record<string, { example?: unknown }> };
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    style?: string;
    explode?: boolean;
    schema: Record<string, any>;
  }>;
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };

describe('the OpenAPI document', () => {
  let document: OpenApi;
  let company: string;
  // Every route as the app declares it, with its body schema: the examples are parsed with it.
  const added = jest.spyOn(Routes.prototype, 'add');
  const bodies = () =>
    new Map(
      added.mock.calls.flatMap(([spec]) =>
        spec.body ? [[routeKey(spec.method, spec.path), spec.body as ZodType] as const] : [],
      ),
    );
  const stack = suiteStack();

  beforeAll(async () => {
    document = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as OpenApi;
    company = await tokenFor({ sub: 'openapi-company', role: 'company', enterpriseNumber: '0403170701' });
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('marks every request body required but where the contract shows none, with an example that its route’s schema accepts', () => {
    // A streamed body (a document's file, an import's CSV) is no JSON: its media type and shape are documented instead.
    const streamed = added.mock.calls.filter(([spec]) => spec.streamed).map(([spec]) => routeKey(spec.method, spec.path));
    expect(streamed).toEqual(['POST /api/v1/applications/{id}/documents', 'POST /api/v1/imports']);
    const content = (key: string) => {
      const [method, path] = key.split(' ') as [string, string];
      const body = document.paths[path]![method.toLowerCase()]!.requestBody as {
        required: boolean;
        content: Record<string, { schema: { properties?: Record<string, { format?: string }> }; example?: string }>;
      };
      expect(body.required).toBe(true);
      return body.content;
    };
    const upload = content('POST /api/v1/applications/{id}/documents');
    expect(Object.keys(upload)).toEqual(['multipart/form-data']);
    expect(upload['multipart/form-data']!.schema.properties!.file!.format).toBe('binary');
    expect(Object.keys(upload['multipart/form-data']!.schema.properties!).sort()).toEqual(['file', 'kind']);
    const csv = content('POST /api/v1/imports');
    expect(Object.keys(csv)).toEqual(['text/csv']);
    expect(csv['text/csv']!.example).toMatch(/^enterpriseNumber,establishmentNumber,trainingCode,/);
    const multipart = streamed;
    const withBody = operations().filter(({ key, operation }) => operation.requestBody && !multipart.includes(key));
    expect(withBody.map(({ key }) => key).sort()).toEqual([...bodies().keys()].sort());
    const examples = requestExamples();
    // The contract shows these without a body: they take none (test/contract-promises.e2e.test.ts calls them so).
    const optional = ['POST /api/v1/recognitions/{id}/reinstatement'];
    for (const { key, operation } of withBody) {
      expect({ key, required: operation.requestBody!.required }).toEqual({ key, required: !optional.includes(key) });
      const example = operation.requestBody!.content['application/json']!.example;
      expect({ key, example }).toEqual({ key, example: examples[key] });
      const parsed = bodies().get(key)!.safeParse(example);
      expect({ key, issues: parsed.error?.issues ?? [] }).toEqual({ key, issues: [] });
    }
    // No example for a route that is gone.
    expect(Object.keys(examples).filter((key) => !bodies().has(key))).toEqual([]);
  });

  it('documents every error as problem+json, and no success as one', () => {
    for (const { key, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const types = Object.keys(response.content ?? {});
        if (Number(status) >= 400) expect({ key, status, types }).toEqual({ key, status, types: ['application/problem+json'] });
        else
          expect({ key, status, types: types.filter((t) => t !== 'application/json' && t !== 'text/csv') }).toEqual({
            key,
            status,
            types: [],
          });
      }
    }
  });

  it('describes the query formats that are accepted, not what parsing makes of them', () => {
    const verify = document.paths['/api/v1/register/verify']!.get!.parameters!;
    const schemaOf = (name: string) => verify.find((p) => p.name === name)!.schema;
    expect(schemaOf('date')).toMatchObject({ type: 'string', format: 'date' });
    expect(schemaOf('enterpriseNumber')).toMatchObject({ type: 'string', format: 'enterprise-number' });
    expect(schemaOf('establishmentNumber')).toMatchObject({ type: 'string', format: 'establishment-number' });
    const enterprise = new RegExp(schemaOf('enterpriseNumber').pattern);
    for (const written of ['0403.170.701', 'BE0403170701', 'be 0403170701', '0403170701']) expect(written).toMatch(enterprise);
    for (const wrong of ['', '403170701', '2123.456.791', '0403-170-701']) expect(wrong).not.toMatch(enterprise);
    const date = new RegExp(schemaOf('date').pattern);
    expect('2026-02-28').toMatch(date);
    expect('28-02-2026').not.toMatch(date);

    const search = document.paths['/api/v1/register/search']!.get!.parameters!;
    expect(search.find((p) => p.name === 'hasCapacity')!.schema).toMatchObject({ type: 'string', enum: ['true', 'false'] });
    expect(search.find((p) => p.name === 'page')!.schema).toMatchObject({ type: 'integer', minimum: 1 });
    // A trimmed text must have a character that is not blank.
    expect('  ').not.toMatch(new RegExp(search.find((p) => p.name === 'trainingCode')!.schema.pattern));
  });

  it('states that the company search takes a name or an enterprise number, exactly one, and the server agrees', async () => {
    const [parameter, ...others] = document.paths['/api/v1/register/companies']!.get!.parameters!;
    expect(others).toEqual([]);
    expect(parameter).toMatchObject({ in: 'query', required: true, style: 'form', explode: true });
    const choices = parameter!.schema.anyOf ?? parameter!.schema.oneOf;
    expect(
      choices.map((c: { required: string[]; additionalProperties: boolean }) => [c.required, c.additionalProperties]),
    ).toEqual([
      [['name'], false],
      [['enterpriseNumber'], false],
    ]);

    const admin = await tokenFor({ sub: 'openapi-admin', role: 'admin' });
    const search = (query: string) =>
      fetch(`${stack.baseUrl}/api/v1/register/companies${query}`, { headers: { authorization: `Bearer ${admin}` } });
    expect((await search('?name=Bouw')).status).toBe(200);
    expect((await search('?enterpriseNumber=0403.170.701')).status).toBe(200);
    expect((await search('')).status).toBe(400);
    expect((await search('?name=Bouw&enterpriseNumber=0403.170.701')).status).toBe(400);
  });

  it('answers a method a path does not have with 405, Allow and a problem', async () => {
    const response = await fetch(`${stack.baseUrl}/api/v1/applications/some-id`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    const collection = await fetch(`${stack.baseUrl}/api/v1/applications`, { method: 'PATCH' });
    expect([collection.status, collection.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    // An unknown path stays 404.
    expect((await fetch(`${stack.baseUrl}/api/v1/nothing-here`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a missing body (400) and a body that is not JSON (415)', async () => {
    const post = (init: RequestInit) =>
      fetch(`${stack.baseUrl}/api/v1/applications`, {
        method: 'POST',
        ...init,
        headers: { authorization: `Bearer ${company}`, ...init.headers },
      });
    const missing = await post({});
    expect([missing.status, missing.headers.get('content-type')]).toEqual([
      400,
      expect.stringMatching(/^application\/problem\+json/),
    ]);
    const form = await post({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'companyName=x' });
    expect(form.status).toBe(415);
  });

  it('takes the application example as the README posts it: 202', async () => {
    const post = async (body: unknown) =>
      fetch(`${stack.baseUrl}/api/v1/applications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${company}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const documented = await post(requestExamples()['POST /api/v1/applications']);
    expect(documented.status).toBe(202);
    expect(await documented.json()).toMatchObject({ status: 'in_review', establishmentNumber: '2123456791' });
    // `npm run example -- application`: a workplace of its own each time, so it can be posted again.
    const fresh = await post(freshApplicationExample());
    expect(fresh.status).toBe(202);
    expect((await post(freshApplicationExample())).status).toBe(202);
  });
});
