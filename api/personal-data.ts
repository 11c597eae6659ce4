import type { Connection } from 'mongoose';
import { z } from 'zod';
import { erasureReport, personInput, personalDataExport } from '../models/personal-data';
import { noCounts } from '../models/retention';
import { erasePersonalData, exportPersonalData } from '../store/personal-data';
import { latestRetentionRuns } from '../store/retention';
import type { Routes } from './routes';

// One person's data for an administrator (GDPR art. 15, 17 and 20): every place that holds a
// contact (by e-mail address) or a mentor (by name and birth date), to hand over as JSON, and
// their erasure wherever the law lets it go now, answered with what is kept, why and until
// when. And what the nightly retention runs did. Each search reads every dossier, so a process
// runs one at a time (README, "Personal data").

const retentionRun = z
  .object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    counts: z.object(Object.fromEntries(Object.keys(noCounts()).map((key) => [key, z.number().int()]))),
  })
  .meta({ id: 'RetentionRun' });

export function personalDataRoutes(routes: Routes, deps: { db: Connection; now: () => Date }) {
  // One search at a time in this process: each reads every dossier.
  let turn: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };

  const find = routes.add({
    method: 'get',
    path: '/api/v1/personal-data',
    summary:
      'Everything Erkend holds of one person, a contact by e-mail address or a mentor by name and birth date, with what an erasure would keep and why (admin)',
    tag: 'Operations',
    roles: ['admin'],
    query: personInput,
    responses: {
      200: { description: 'The places that hold the person (at most 200), as an export', schema: personalDataExport },
    },
    handler: async ({ query }) => ({
      status: 200,
      body: await oneAtATime(() => exportPersonalData(deps.db, query, deps.now())),
    }),
  });

  const erase = routes.add({
    method: 'post',
    path: '/api/v1/personal-data/erasure',
    summary:
      'Erases one person wherever the law lets their data go now; answers what was erased and what is kept, why and until when (admin)',
    tag: 'Operations',
    roles: ['admin'],
    body: personInput,
    responses: { 200: { description: 'What was erased and what is kept', schema: erasureReport } },
    handler: async ({ body }) => ({
      status: 200,
      body: await oneAtATime(() => erasePersonalData(deps.db, body, deps.now())),
    }),
  });

  const retentionRuns = routes.add({
    method: 'get',
    path: '/api/v1/retention-runs',
    summary: 'The latest nightly retention runs and what each erased or pseudonymised (admin)',
    tag: 'Operations',
    roles: ['admin'],
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }).strict(),
    responses: { 200: { description: 'Newest first', schema: z.array(retentionRun) } },
    handler: async ({ query }) => ({ status: 200, body: await latestRetentionRuns(deps.db, query.limit) }),
  });

  return { find, erase, retentionRuns };
}
