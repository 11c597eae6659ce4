import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { companyRefusal, companyView } from '../models/company';
import { enterpriseNumber } from '../models/formats';
import { LIVE_RECOGNITION_STATUSES } from '../models/recognition';
import { ROLES } from '../platform/auth';
import { companyModel, findCompany } from '../store/companies';
import { recognitionModel } from '../store/recognitions';
import { recognitionWorkflowId, terminateUpdate } from '../workflows/recognition-lifecycle.messages';
import { notFound } from './problem';
import type { Routes } from './routes';

// The company register (issue 14): what the KBO open data says of an enterprise, read as one
// document by `_id` (store/companies.ts), filled by `npm run kbo:import`.

/** How long an API process trusts that no KBO data is loaded before it looks again. */
const KBO_PRESENCE_RECHECK_MS = 60_000;

/**
 * The KBO's refusal of an application's enterprise and establishment (unknown, stopped, or not
 * the enterprise's), once KBO data is loaded; before that, none: Erkend works without it.
 */
export function kboIntakeCheck(db: Connection) {
  let loaded = false;
  let checkedAt = 0;
  return async (input: { enterpriseNumber: string; establishmentNumber: string }) => {
    if (!loaded && Date.now() - checkedAt > KBO_PRESENCE_RECHECK_MS) {
      loaded = (await companyModel(db).findOne({}, { _id: 1 }).lean()) !== null;
      checkedAt = Date.now();
    }
    if (!loaded) return undefined;
    return companyRefusal(await findCompany(db, input.enterpriseNumber), input);
  };
}

export function companyRoutes(routes: Routes, deps: { db: Connection }) {
  const get = routes.add({
    method: 'get',
    path: '/api/v1/companies/:enterpriseNumber',
    summary: 'A company as the KBO open data knows it: status, name and establishments (a company: its own)',
    tag: 'Companies',
    roles: ROLES,
    params: z.object({ enterpriseNumber }),
    responses: { 200: { description: 'The company', schema: companyView } },
    handler: async ({ params, principal }) => {
      const missing = notFound(`No enterprise ${params.enterpriseNumber} in the KBO data`);
      // A company sees its own enterprise only; another's answers as an unknown one would.
      if (principal.role === 'company' && principal.enterpriseNumber !== params.enterpriseNumber) throw missing;
      const company = await findCompany(deps.db, params.enterpriseNumber);
      if (!company) throw missing;
      return { status: 200, body: company };
    },
  });

  return { get };
}

/** The reason a recognition ends when the KBO says its enterprise stopped, as people read it. */
export const STOPPED_ENTERPRISE_REASON = 'De onderneming is stopgezet volgens de Kruispuntbank van Ondernemingen (KBO).';

/**
 * Ends every live recognition whose enterprise the KBO data lists as stopped, with that reason
 * (its workflow tells the company, the partnership and the schools, as for any status change).
 * Run after each KBO import; one already ended is left as it is, so running it again is harmless.
 */
export async function endRecognitionsOfStoppedEnterprises(deps: { db: Connection; temporal: Client }) {
  const live = recognitionModel(deps.db)
    .find({ status: { $in: [...LIVE_RECOGNITION_STATUSES] } }, { enterpriseNumber: 1 })
    .lean()
    .cursor();
  const byEnterprise = new Map<string, string[]>();
  for await (const { _id, enterpriseNumber } of live)
    byEnterprise.set(enterpriseNumber, [...(byEnterprise.get(enterpriseNumber) ?? []), _id]);
  let ended = 0;
  for (const [enterpriseNumber, ids] of byEnterprise) {
    const company = await companyModel(deps.db).findById(enterpriseNumber, { status: 1 }).lean();
    if (company?.status !== 'stopped') continue;
    for (const id of ids) {
      try {
        await deps.temporal.workflow
          .getHandle(recognitionWorkflowId(id))
          .executeUpdate(terminateUpdate, { args: [{ by: 'kbo', reasons: [STOPPED_ENTERPRISE_REASON] }] });
        ended += 1;
      } catch (error) {
        // Ended meanwhile, or a recognition without a workflow (loaded for a benchmark): nothing to end.
        if (!(error instanceof WorkflowUpdateFailedError) && !(error instanceof WorkflowNotFoundError)) throw error;
      }
    }
  }
  return { enterprisesWithRecognitions: byEnterprise.size, ended };
}
