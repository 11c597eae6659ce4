import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { type Principal, partnershipOf } from '../platform/auth';
import type { Logger } from '../platform/logger';

/** A caller's id as it may come in from a proxy: short and plain, or one of our own. */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The tenant a principal acts for: enterprise, partnership or school (none for an admin). */
function tenantOf(principal: Principal): string | undefined {
  switch (principal.role) {
    case 'company':
      return principal.enterpriseNumber;
    case 'school':
      return principal.schoolId;
    default:
      return partnershipOf(principal);
  }
}

/**
 * One log line per request when it is answered: a request id (also sent back as
 * `X-Request-Id`, so a caller can quote it), method, path, status, time, and who called by role
 * and tenant; never the token.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const principal = res.locals.principal as Principal | undefined;
      const caller = principal ? { role: principal.role, tenant: tenantOf(principal), sub: principal.sub } : {};
      logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms, ...caller }, 'request');
    });
    next();
  };
}
