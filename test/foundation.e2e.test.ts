import { eventually, suiteStack, tokenFor } from './support/stack';

describe('the stack end to end (dev server, FerretDB)', () => {
  const stack = suiteStack();
  let admin: Record<string, string>;
  beforeAll(async () => {
    admin = { authorization: `Bearer ${await tokenFor({ sub: 'ops', role: 'admin' })}` };
  });

  it('answers liveness and readiness', async () => {
    expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { mongodb: 'up', temporal: 'up', register: 'up' } });
  });

  it('runs a request through a workflow whose activity writes to the store, and shows the result', async () => {
    const started = await fetch(`${stack.baseUrl}/api/v1/diagnostics/roundtrips`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hallo Erkend' }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };

    const recorded = await eventually(async () => {
      const response = await fetch(`${stack.baseUrl}/api/v1/diagnostics/roundtrips/${id}`, { headers: admin });
      return response.status === 200 ? ((await response.json()) as Record<string, string>) : undefined;
    });
    expect(recorded).toMatchObject({ id, message: 'hallo Erkend' });
    expect(Date.parse(recorded.recordedAt!)).toBeGreaterThanOrEqual(Date.parse(recorded.requestedAt!));
  });

  it('answers bad input with problem+json naming the field', async () => {
    const response = await fetch(`${stack.baseUrl}/api/v1/diagnostics/roundtrips`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'x', delay: 'five years' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 400, errors: [{ path: 'delay' }] });
  });

  it('answers malformed JSON and unknown routes with problem+json', async () => {
    const malformed = await fetch(`${stack.baseUrl}/api/v1/diagnostics/roundtrips`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{"message":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const unknown = await fetch(`${stack.baseUrl}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const openapi = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/diagnostics/roundtrips', '/api/v1/diagnostics/roundtrips/{id}']),
    );
    const docs = await fetch(`${stack.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${stack.baseUrl}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
