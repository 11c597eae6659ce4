import { type CapName, capDetail } from '../models/caps';
import { type Principal, partnershipOf } from '../platform/auth';
import type { CapSlots } from '../store/cap-slots';
import { Problem } from './problem';

// What each tenant may see and hold.
//
// Who sees which dossier: a company its own enterprise's, a reviewer or coordinator its
// partnership's, a school the applications it filed with a company's mandate while that mandate
// is in force, an admin all. Anyone else gets 404, so a dossier's existence is not revealed.
//
// What a tenant holds of what it creates is capped (models/caps.ts): one more is refused with
// 409 naming the cap.

interface Tenanted {
  enterpriseNumber: string;
  partnershipId: string;
  filedBy?: { schoolId?: string };
  /** The filing school as the lists hold it. */
  filedBySchool?: string;
}

/** Whether a school's mandate of an enterprise is in force today (api/mandates.ts, from the read models). */
export interface SchoolMandates {
  inForce(enterpriseNumber: string, schoolId: string): boolean;
}

/**
 * Whether `principal` may see the dossier (or a list's entry of it). A school sees what it filed
 * only with `mandates` to tell that its mandate is still in force: revoked or past its last day,
 * the dossier, its documents and its entry in lists are gone for the school.
 */
export function canSee(principal: Principal, dossier: Tenanted, mandates?: SchoolMandates): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'company':
      return dossier.enterpriseNumber === principal.enterpriseNumber;
    case 'school':
      return (
        (dossier.filedBy?.schoolId ?? dossier.filedBySchool) === principal.schoolId &&
        mandates?.inForce(dossier.enterpriseNumber, principal.schoolId) === true
      );
    default: {
      const partnership = partnershipOf(principal);
      return partnership !== undefined && dossier.partnershipId === partnership;
    }
  }
}

/**
 * A list's store filter narrowed to what `principal` may see, or null when the query asks for
 * another tenant's dossiers (the answer is then an empty list). A school's entries still need
 * `canSee` for its mandates.
 */
export function scopedFilter(principal: Principal, filter: Record<string, unknown>): Record<string, unknown> | null {
  const scope = tenantFilter(principal);
  for (const [field, value] of Object.entries(scope)) {
    if (filter[field] !== undefined && filter[field] !== value) return null;
  }
  return { ...filter, ...scope };
}

function tenantFilter(principal: Principal): Record<string, string> {
  switch (principal.role) {
    case 'company':
      return { enterpriseNumber: principal.enterpriseNumber };
    case 'admin':
      return {};
    case 'school':
      // Lists that hold no `filedBySchool` (recognitions, checks) match nothing.
      return { filedBySchool: principal.schoolId };
    default:
      return { partnershipId: partnershipOf(principal) ?? '\u0000none' };
  }
}

/** 409 for one more than the cap allows, naming it (`cap`, `limit`). */
export const capReached = (cap: CapName, limit: number) =>
  new Problem(409, 'Cap reached', capDetail(cap, limit), undefined, { cap, limit });

/**
 * Takes one of the tenant's slots of `cap` for `holder`, who is about to be created; 409 naming
 * the cap when the tenant already holds `held` (as counted where it is listed) or every slot is
 * taken (creations at once, in this process or others).
 */
export async function takeCapSlot(
  slots: CapSlots,
  cap: CapName,
  limit: number,
  tenant: string,
  holder: string,
  held: number,
): Promise<number> {
  if (held >= limit) throw capReached(cap, limit);
  const slot = await slots.take(cap, tenant, limit, holder, held);
  if (slot === undefined) throw capReached(cap, limit);
  return slot;
}
