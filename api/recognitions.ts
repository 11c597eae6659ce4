import type { Connection } from 'mongoose';
import { z } from 'zod';
import { RECOGNITION_STATUSES, recognitionModel, recognitionView, toRecognitionView } from '../models/recognition';
import { notFound } from './problem';
import type { Routes } from './routes';
import { canSee, scopedFilter } from './tenancy';

const recognitionId = z.object({ id: z.string().trim().min(1).max(80) });

const listQuery = z
  .object({
    enterpriseNumber: z.string().trim().optional(),
    status: z.enum(RECOGNITION_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** Recognitions (erkenningen), read from their dossiers; scoped like applications. */
export function recognitionRoutes(routes: Routes, db: Connection) {
  const recognitions = recognitionModel(db);

  routes.add({
    method: 'get',
    path: '/api/v1/recognitions',
    summary: 'Recognitions: a company its own, a reviewer its partnership’s, an admin all',
    tag: 'Recognitions',
    roles: ['company', 'reviewer', 'admin'],
    query: listQuery,
    responses: { 200: { description: 'Recognitions', schema: z.array(recognitionView) } },
    handler: async ({ query, principal }) => {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.enterpriseNumber) filter.enterpriseNumber = query.enterpriseNumber.replace(/\D/g, '');
      const scoped = scopedFilter(principal, filter);
      if (!scoped) return { status: 200, body: [] };
      const found = await recognitions.find(scoped).sort({ validFrom: -1 }).limit(query.limit).lean();
      return { status: 200, body: found.map(toRecognitionView) };
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/recognitions/:id',
    summary: 'One recognition with its conditions and status history',
    tag: 'Recognitions',
    roles: ['company', 'reviewer', 'admin'],
    params: recognitionId,
    responses: { 200: { description: 'The recognition', schema: recognitionView } },
    handler: async ({ params, principal }) => {
      const found = await recognitions.findById(params.id).lean();
      if (!found || !canSee(principal, found)) throw notFound(`No recognition ${params.id}`);
      return { status: 200, body: toRecognitionView(found) };
    },
  });
}
