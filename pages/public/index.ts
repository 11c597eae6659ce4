import type { Router } from 'express';
import { addressKey, perCaller } from '../../api/limits';
import type { PageContext } from '../context';
import { patterns } from '../paths';
import { verificationPage } from './verificatie';
import { publicSearchPage } from './werkplek-zoeken';

export { CertificateLink, certificatePage } from './certificate';

/**
 * The public register's pages, for anyone: registered before the sessions are read, so they
 * neither need a session nor set a cookie, and limited per address as the public API is.
 */
export function publicPages(router: Router, ctx: PageContext, perMinute: number) {
  router.use(
    [patterns.publicSearch, patterns.verification],
    perCaller('public register', perMinute, 60_000, undefined, addressKey),
  );
  publicSearchPage(router, ctx);
  verificationPage(router, ctx);
}
