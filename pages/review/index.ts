import type { Router } from 'express';
import { decisionInput, infoRequestInput } from '../../models/application-dossier';
import { PARTNERSHIP_ROLES } from '../../platform/auth';
import { type PageContext, forRoles, page, signedIn } from '../context';
import { formInput } from '../forms';
import { patterns } from '../paths';
import { VISIT_CHECKLIST } from './actions';
import { action, dossier } from './dossier';
import { queue } from './queue';

// The reviewer's and coordinator's pages for applications: the queue of open dossiers, nearest
// deadline first, and one dossier with the information request, visit and decision forms.

export function reviewPages(router: Router, ctx: PageContext) {
  const reviewers = [signedIn, forRoles(...PARTNERSHIP_ROLES, 'admin')];
  const actors = [signedIn, forRoles(...PARTNERSHIP_ROLES)];

  router.get(
    patterns.dossiers,
    ...reviewers,
    page((req, res) => queue(ctx, req, res)),
  );
  router.get(
    patterns.dossier,
    ...reviewers,
    page((req, res) => dossier(ctx, req, res)),
  );
  router.post(
    patterns.dossierAction('informatie'),
    ...actors,
    action(
      ctx,
      '/api/v1/applications/:id/info-requests',
      (values) => formInput(infoRequestInput, values),
      () => 'informatie',
    ),
  );
  router.post(
    patterns.dossierAction('bezoek'),
    ...actors,
    action(
      ctx,
      '/api/v1/applications/:id/visit',
      // By hand: the checklist is a record of booleans, and an unchecked box is not posted at all.
      (values) => ({
        visitedOn: values.visitedOn || undefined,
        checklist: Object.fromEntries(VISIT_CHECKLIST.map((point) => [point, values[`checklist.${point}`] === 'true'])),
        ...(values.notes ? { notes: values.notes } : {}),
      }),
      () => 'bezoek',
    ),
  );
  router.post(
    patterns.dossierAction('beslissing'),
    ...actors,
    action(
      ctx,
      '/api/v1/applications/:id/decision',
      (values) => formInput(decisionInput, values),
      (reply) => (reply.status === 'approved' ? 'goedgekeurd' : 'afgewezen'),
    ),
  );
}
