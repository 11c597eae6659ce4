import type { Router } from 'express';
import { type PageContext, forOperation, page } from '../context';
import { patterns } from '../paths';
import { showCatalogue } from './catalogue';
import { retryNotice, showOutbox } from './outbox';
import { showParked } from './parked';

// The administrator's "Beheer" pages (pages/admin/frame.tsx), each guarded by the operation it is made of.

export function adminPages(router: Router, ctx: PageContext) {
  const admin = forOperation(ctx.api.admin.parked);
  router.get(
    patterns.adminCatalogue,
    ...admin,
    page((_req, res) => showCatalogue(ctx, res)),
  );
  router.get(
    patterns.adminParked,
    ...admin,
    page((_req, res) => showParked(ctx, res)),
  );
  router.get(
    patterns.adminOutbox,
    ...forOperation(ctx.api.admin.deliveries),
    page((req, res) => showOutbox(ctx, req, res)),
  );
  router.post(
    patterns.adminOutboxRetry,
    ...forOperation(ctx.api.admin.retry),
    page((req, res) => retryNotice(ctx, req, res)),
  );
}
