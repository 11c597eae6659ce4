import type { Connection } from 'mongoose';
import { z } from 'zod';
import { attentionSchema } from '../models/attention';
import { applicationModel } from '../store/applications';
import { recognitionModel } from '../store/recognitions';
import type { ReadModels } from './read-models';
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

const FIELDS = { status: 1, partnershipId: 1, companyName: 1, trainingCode: 1, attention: 1 };

/** The ids of the parked entries of a list, longest waiting first, at most `limit`. */
const longestParked = (entries: Array<{ id: string; parkedSince?: string }>, limit: number) =>
  entries
    .filter((e) => e.parkedSince !== undefined)
    .sort((a, b) => a.parkedSince!.localeCompare(b.parkedSince!))
    .slice(0, limit)
    .map((e) => e.id);

export function adminParkedRoutes(routes: Routes, deps: { db: Connection; readModels: ReadModels }) {
  const applications = applicationModel(deps.db);
  const recognitions = recognitionModel(deps.db);

  const parked = routes.add({
    method: 'get',
    path: '/api/v1/admin/parked',
    summary: 'Applications and recognitions parked for an operator, longest waiting first (admin)',
    tag: 'Operations',
    roles: ['admin'],
    query: parkedQuery,
    responses: { 200: { description: 'At most `limit`, oldest `attention.since` first', schema: z.array(parkedDossier) } },
    handler: async ({ query }) => {
      // Found in the read models (`parkedSince`), then read by `_id` for the reason.
      const { readModels } = deps;
      const [parkedApplications, parkedRecognitions] = await Promise.all([
        applications
          .find({ _id: { $in: longestParked(readModels.applications.entries(), query.limit) } })
          .select(FIELDS)
          .lean(),
        recognitions
          .find({ _id: { $in: longestParked(readModels.recognitions.entries(), query.limit) } })
          .select(FIELDS)
          .lean(),
      ]);
      const found = [
        ...parkedApplications.map((d) => ({ kind: 'application' as const, ...d })),
        ...parkedRecognitions.map((d) => ({ kind: 'recognition' as const, ...d })),
      ];
      // A dossier resumed since the read models were fed has no attention any more: left out.
      const body = found
        .filter((d) => d.attention)
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
