import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startStore, type RunningServer } from '../scripts/local-stack';
import { freePort } from '../scripts/servers.cjs';
import { scratchDir } from './support/environment';
import { type TestStack, eventually, startTestStack } from './support/stack';

describe('/readyz follows the store', () => {
  let store: RunningServer;
  let stack: TestStack;
  let port: number;
  const dataDir = path.join(scratchDir(), `readiness-${randomUUID().slice(0, 8)}`);

  beforeAll(async () => {
    port = await freePort();
    store = await startStore({ dataDir, port, database: 'readiness' });
    stack = await startTestStack({ mongoUri: store.address });
  });
  afterAll(async () => {
    await stack.stop();
    await store.stop();
  });

  const readiness = async () => {
    const response = await fetch(`${stack.baseUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers 503 naming MongoDB while the store is stopped, and 200 once it is back', async () => {
    expect((await readiness()).status).toBe(200);

    await store.stop();
    const down = await eventually(async () => {
      const answer = await readiness();
      return answer.status === 503 ? answer : undefined;
    });
    expect(down.body).toMatchObject({ status: 503, checks: { mongodb: 'down', temporal: 'up' } });
    // The dependency is named, its error text (addresses, versions) is for the log only.
    expect(down.body.detail).toBe('mongodb does not answer');

    store = await startStore({ dataDir, port, database: 'readiness' });
    await eventually(async () => ((await readiness()).status === 200 ? true : undefined), 30_000);
  });
});
