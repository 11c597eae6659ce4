import type { Connection } from 'mongoose';
import { z } from 'zod';
import { attentionSchema } from '../models/attention';
import { applicationModel } from '../store/applications';
import { recognitionModel } from '../store/recognitions';
import type { Routes } from './routes';

// The dossiers parked for an operator (README, "Limits and failures"): a workflow that met a
// policy it cannot work with sets `attention` and reads the policy again every ten minutes, going
// on by itself once it is repaired. The admin sees them all here, longest waiting first.

const parkedDossier = z
  .object({
    kind: z.enum(['application', 'recognition']),
    id: z.string(),
    status: z.string(),
    partnershipId: z.string(),
    companyName: z.string(),
    trainingCode: z.string(),
    attention: attentionSchema,
  })
  .meta({ id: 'ParkedDossier' });

const parkedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }).strict();

const PARKED = { 'attention.since': { $exists: true } };
const FIELDS = { status: 1, partnershipId: 1, companyName: 1, trainingCode: 1, attention: 1 };

export function adminParkedRoutes(routes: Routes, db: Connection) {
  const applications = applicationModel(db);
  const recognitions = recognitionModel(db);

  const parked = routes.add({
    method: 'get',
    path: '/api/v1/admin/parked',
    summary: 'Applications and recognitions parked for an operator, longest waiting first (admin)',
    tag: 'Operations',
    roles: ['admin'],
    query: parkedQuery,
    responses: { 200: { description: 'At most `limit`, oldest `attention.since` first', schema: z.array(parkedDossier) } },
    handler: async ({ query }) => {
      // A filter beside `_id`, unlike every other read of dossiers: parking is rare and this page
      // an admin's, so the store reads the dossiers for it (on FerretDB the whole collections).
      const [parkedApplications, parkedRecognitions] = await Promise.all([
        applications.find(PARKED).select(FIELDS).sort({ 'attention.since': 1 }).limit(query.limit).lean(),
        recognitions.find(PARKED).select(FIELDS).sort({ 'attention.since': 1 }).limit(query.limit).lean(),
      ]);
      const found = [
        ...parkedApplications.map((d) => ({ kind: 'application' as const, ...d })),
        ...parkedRecognitions.map((d) => ({ kind: 'recognition' as const, ...d })),
      ];
      const body = found
        .map(({ _id, kind, status, partnershipId, companyName, trainingCode, attention }) => ({
          kind,
          id: _id,
          status,
          partnershipId,
          companyName,
          trainingCode,
          attention: attention!,
        }))
        .sort((a, b) => a.attention.since.localeCompare(b.attention.since))
        .slice(0, query.limit);
      return { status: 200, body };
    },
  });

  return { parked };
}
