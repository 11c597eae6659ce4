import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { roundtrip, roundtripRequest } from '../models/diagnostics';
import { roundtripWorkflow } from '../workflows/diagnostics';
import { notFound } from './problem';
import type { TemporalCalls } from './temporal-calls';
import type { Routes } from './routes';
import { roundtripModel } from '../store/diagnostics';

const roundtripId = z.object({ id: z.uuid() });

/** An operator's end-to-end probe: API → Temporal → worker → store → API. */
export function diagnosticsRoutes(routes: Routes, deps: { db: Connection; calls: TemporalCalls; taskQueue: string }) {
  const roundtrips = roundtripModel(deps.db);

  const startRoundtrip = routes.add({
    method: 'post',
    path: '/api/v1/diagnostics/roundtrips',
    summary: 'Start a roundtrip through the workflow engine and the store',
    tag: 'Operations',
    roles: ['admin'],
    body: roundtripRequest,
    responses: { 202: { description: 'Started', schema: z.object({ id: z.string(), workflowId: z.string() }) } },
    handler: async ({ body }) => {
      const id = randomUUID();
      const workflowId = `roundtrip-${id}`;
      await deps.calls.call((client) =>
        client.workflow.start(roundtripWorkflow, {
          taskQueue: deps.taskQueue,
          workflowId,
          args: [{ id, message: body.message, delay: body.delay, requestedAt: new Date().toISOString() }],
        }),
      );
      return { status: 202, body: { id, workflowId }, headers: { Location: `/api/v1/diagnostics/roundtrips/${id}` } };
    },
  });

  const getRoundtrip = routes.add({
    method: 'get',
    path: '/api/v1/diagnostics/roundtrips/:id',
    summary: 'A recorded roundtrip (404 until the workflow has recorded it)',
    tag: 'Operations',
    roles: ['admin'],
    params: roundtripId,
    responses: { 200: { description: 'Recorded', schema: roundtrip } },
    handler: async ({ params }) => {
      const found = await roundtrips.findById(params.id).lean();
      if (!found) throw notFound(`Roundtrip ${params.id} has not been recorded (yet)`);
      const { _id, ...fields } = found;
      return { status: 200, body: roundtrip.parse({ id: _id, ...fields }) };
    },
  });

  return { startRoundtrip, getRoundtrip };
}
