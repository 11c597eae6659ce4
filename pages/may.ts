import type { Operation } from '../api/routes';
import { PARTNERSHIP_ROLES, type Principal } from '../platform/auth';

/**
 * Whether a person may call an operation, by the roles the operation allows: what a page offers
 * someone to do follows the API's own list, never a second one (the API refuses the rest anyway).
 */
export const may = (principal: Principal, operation: Operation) =>
  operation.roles === undefined || operation.roles.includes(principal.role);

/**
 * The pages of the partnerships' work that an admin reads too (the dossier queue, quality
 * supervision): the operations they read answer companies and schools as well, so these pages
 * name who they are for.
 */
export const PARTNERSHIPS_AND_ADMIN = [...PARTNERSHIP_ROLES, 'admin'] as const;
