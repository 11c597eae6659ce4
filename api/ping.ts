import { z } from 'zod';
import { ROLES } from '../platform/auth';
import type { Routes } from './routes';

// A signed-in caller's cheapest call: through the API's whole way (rate limits, the token, the
// answer's serialiser) to a constant. The register's benchmark measures it beside /healthz,
// which takes none of that way.

export const pingAnswer = z.object({ ok: z.literal(true), role: z.enum(ROLES) }).meta({ id: 'Ping' });

export function pingRoutes(routes: Routes) {
  const ping = routes.add({
    method: 'get',
    path: '/api/v1/ping',
    compiled: true,
    summary: 'Am I signed in? The caller’s role, at once (any role)',
    tag: 'Operations',
    roles: ROLES,
    responses: { 200: { description: 'Signed in, with this role', schema: pingAnswer } },
    handler: async ({ principal }) => ({ status: 200, body: { ok: true as const, role: principal.role } }),
  });
  return { ping };
}
