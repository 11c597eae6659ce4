import type { Response } from 'express';
import { DEFAULT_POLICY, type Policy, policySchema } from '../../models/policy';
import { type PageContext, call } from '../context';

/** A partnership's policy as pages use it (templates, the visit's checklist); the defaults when it is out of bounds. */
export async function policyOfPartnership(ctx: PageContext, res: Response, partnershipId: string): Promise<Policy> {
  const all = (await call(ctx, res, ctx.api.catalogue.allPartnerships)).body;
  const parsed = policySchema.safeParse(all.find((p) => p.id === partnershipId)?.policy ?? {});
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}
