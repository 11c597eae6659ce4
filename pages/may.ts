import type { Operation } from '../api/routes';
import type { Principal } from '../platform/auth';

/**
 * Whether a person may call an operation, by the roles the operation allows: what a page offers
 * someone to do follows the API's own list, never a second one (the API refuses the rest anyway).
 */
export const may = (principal: Principal, operation: Operation) =>
  operation.roles === undefined || operation.roles.includes(principal.role);
