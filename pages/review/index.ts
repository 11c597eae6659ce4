import type { Router } from 'express';
import { decisionInput, infoRequestInput } from '../../models/application-dossier';
import { type PageContext, forOperation, forRoles, page } from '../context';
import { type FormValues, formInput } from '../forms';
import { PARTNERSHIPS_AND_ADMIN } from '../may';
import { patterns } from '../paths';
import { DEFAULT_VISIT_CHECKLIST } from '../../models/policy';
import { visitPoint } from './actions';
import { action, dossier } from './dossier';
import { queue } from './queue';

// The reviewer's and coordinator's pages for applications: the queue of open dossiers, nearest
// deadline first, and one dossier with the information request, visit and decision forms.

/** The points the visit form showed (a form from before the policy's checklist posts none: the default three). */
function visitPoints(values: FormValues): readonly string[] {
  const posted = Array.from({ length: 30 }, (_, index) => values[visitPoint(index)]).filter((p): p is string => !!p);
  return posted.length > 0 ? posted : DEFAULT_VISIT_CHECKLIST;
}

export function reviewPages(router: Router, ctx: PageContext) {
  const { applications } = ctx.api;
  const reviewers = [forRoles(...PARTNERSHIPS_AND_ADMIN)];

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
    forOperation(applications.requestInformation),
    action(
      ctx,
      applications.requestInformation,
      (values) => formInput(infoRequestInput, values),
      () => 'informatie',
    ),
  );
  router.post(
    patterns.dossierAction('bezoek'),
    forOperation(applications.recordVisit),
    action(
      ctx,
      applications.recordVisit,
      // By hand: the checklist is a record of booleans, and an unchecked box is not posted at all.
      (values) => ({
        visitedOn: values.visitedOn || undefined,
        checklist: Object.fromEntries(visitPoints(values).map((point) => [point, values[`checklist.${point}`] === 'true'])),
        ...(values.notes ? { notes: values.notes } : {}),
      }),
      () => 'bezoek',
    ),
  );
  router.post(
    patterns.dossierAction('beslissing'),
    forOperation(applications.decide),
    action(
      ctx,
      applications.decide,
      (values) => formInput(decisionInput, values),
      (reply) => (reply.status === 'approved' ? 'goedgekeurd' : 'afgewezen'),
    ),
  );
}
