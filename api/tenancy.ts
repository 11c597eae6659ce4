import type { Principal } from '../platform/auth';

// Who sees which dossier: a company its own enterprise's, a reviewer its partnership's, an
// admin all. Anyone else gets 404, so a dossier's existence is not revealed.

interface Tenanted {
  enterpriseNumber: string;
  partnershipId: string;
}

export function canSee(principal: Principal, dossier: Tenanted): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'company':
      return dossier.enterpriseNumber === principal.enterpriseNumber;
    case 'reviewer':
      return dossier.partnershipId === principal.partnershipId;
    default:
      return false;
  }
}

/** The store filter that limits a list to what `principal` may see. */
export function tenantFilter(principal: Principal): Partial<Tenanted> {
  switch (principal.role) {
    case 'company':
      return { enterpriseNumber: principal.enterpriseNumber };
    case 'reviewer':
      return { partnershipId: principal.partnershipId };
    case 'admin':
      return {};
    default:
      return { partnershipId: '\u0000none' };
  }
}
