import type { Connection } from 'mongoose';
import { z } from 'zod';
import { companyView } from '../models/company';
import { enterpriseNumber } from '../models/formats';
import { ROLES } from '../platform/auth';
import { findCompany } from '../store/companies';
import { notFound } from './problem';
import type { Routes } from './routes';

// The company register (issue 14): what the KBO open data says of an enterprise, read as one
// document by `_id` (store/companies.ts), filled by `npm run kbo:import`.

export function companyRoutes(routes: Routes, deps: { db: Connection }) {
  routes.add({
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
}
