import { z } from 'zod';
import type { Logger } from '../platform/logger';
import { Problem } from './problem';
import type { Routes } from './routes';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const readiness = z
  .object({ status: z.literal('ready'), checks: z.record(z.string(), z.literal('up')) })
  .meta({ id: 'Readiness' });

/** Liveness and readiness for the orchestrator and for `npm start`'s wait. */
export function operationsRoutes(routes: Routes, logger: Logger, checks: ReadinessCheck[]) {
  const health = routes.add({
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    tag: 'Operations',
    responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 200, body: { status: 'ok' } }),
  });

  const ready = routes.add({
    method: 'get',
    path: '/readyz',
    summary: 'MongoDB and Temporal answer, and the register is loaded',
    tag: 'Operations',
    responses: {
      200: { description: 'Ready', schema: readiness },
      503: { description: 'A dependency does not answer; the detail names it' },
    },
    handler: async () => {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await check();
            return { name, up: true as const };
          } catch (error) {
            return { name, up: false as const, error: (error as Error).message };
          }
        }),
      );
      const down = results.filter((r) => !r.up);
      const status = Object.fromEntries(results.map((r) => [r.name, r.up ? 'up' : 'down']));
      if (down.length > 0) {
        // The probe is public: it names what is down, and the log keeps why (an address, a version).
        logger.warn({ down: down.map((r) => ({ dependency: r.name, error: r.error })) }, 'not ready');
        const detail = down.map((r) => `${r.name} does not answer`).join('; ');
        throw new Problem(503, 'Service Unavailable', detail, undefined, { checks: status });
      }
      return { status: 200, body: { status: 'ready', checks: status } };
    },
  });

  return { health, ready };
}
