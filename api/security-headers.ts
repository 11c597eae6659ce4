import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

// Headers every answer carries (helmet): no MIME sniffing, no referrer leaving the site, no
// framing, and a Content-Security-Policy that allows this origin's own scripts and styles only.

const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const strict = helmet({
  contentSecurityPolicy: { useDefaults: false, directives },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
});

/**
 * Helmet's headers, and `Cache-Control: no-store` on every answer to a signed-in caller: those
 * carry personal data (mentors' birth dates, contact details) that no cache may keep.
 */
export const securityHeaders: RequestHandler = (req, res, next) => {
  if (req.get('authorization') || req.get('cookie')) res.setHeader('Cache-Control', 'no-store');
  strict(req, res, next);
};

/** Swagger UI sets style attributes as it renders: /docs alone also allows inline styles. */
export const docsHeaders = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] },
});

/**
 * Lets this answer's forms also lead to these origins, as a redirect after a form POST counts
 * as the form's target: the pages' sign-out continues at the identity provider.
 */
export function allowFormTargets(res: Response, origins: Array<string | undefined>) {
  const policy = res.getHeader('content-security-policy');
  const extra = [...new Set(origins.filter((origin): origin is string => !!origin))];
  if (typeof policy !== 'string' || extra.length === 0) return;
  res.setHeader(
    'content-security-policy',
    policy.replace(
      /(^|;)\s*form-action ([^;]*)/,
      (_all, start: string, sources: string) => `${start}form-action ${sources} ${extra.join(' ')}`,
    ),
  );
}
