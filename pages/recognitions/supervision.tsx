import type { Request, Response, Router } from 'express';
import { type QualityCheck, checkActionAllowed, evaluationInput } from '../../models/quality-check';
import { PARTNERSHIP_ROLES } from '../../platform/auth';
import { type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from '../context';
import { formInput, formValues } from '../forms';
import { render } from '../layout';
import { paths, patterns } from '../paths';
import { byDue } from './checks';
import { type Refusal, idOf, isPartnership, noticeOf, recognitionOf, refusal } from './shared';
import { ChecksPage, EvaluationPage, type RecognitionsById } from './supervision-view';

// The quality checks of the partnership (all of them for an admin) that wait for a reviewer.

async function recognitionsOf(ctx: PageContext, res: Response, checks: QualityCheck[]): Promise<RecognitionsById> {
  const ids = [...new Set(checks.map((c) => c.recognitionId))];
  const found = await Promise.all(
    // A recognition the reader may not see (or gone) leaves its check without a name.
    ids.map((id) => recognitionOf(ctx, res, id).catch(() => undefined)),
  );
  return new Map(found.filter((r) => r !== undefined).map((r) => [r.id, r]));
}

async function showChecks(ctx: PageContext, req: Request, res: Response) {
  const principal = principalOf(res);
  const [answered, overdue, names] = await Promise.all([
    callAs(ctx, res, 'get', '/api/v1/quality-checks', { query: { status: 'answered', limit: '1000' } }),
    callAs(ctx, res, 'get', '/api/v1/quality-checks', { query: { status: 'overdue', limit: '1000' } }),
    catalogueNames(ctx),
  ]);
  // Oldest answer first: it has waited longest.
  const waiting = (answered.body as QualityCheck[]).sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''));
  const late = (overdue.body as QualityCheck[]).sort(byDue);
  const recognitions = await recognitionsOf(ctx, res, [...waiting, ...late]);
  render(
    res,
    <ChecksPage
      principal={principal}
      csrf={res.locals.csrf}
      notice={noticeOf(req)}
      waiting={waiting}
      late={late}
      recognitions={recognitions}
      names={names}
      act={isPartnership(principal) ? 'Beoordelen' : 'Bekijken'}
    />,
  );
}

async function showEvaluation(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  const principal = principalOf(res);
  const [found, names] = await Promise.all([
    callAs(ctx, res, 'get', '/api/v1/quality-checks/:id', { params: { id: idOf(req) } }),
    catalogueNames(ctx),
  ]);
  const check = found.body as QualityCheck;
  const recognition = (await recognitionsOf(ctx, res, [check])).get(check.recognitionId);
  const evaluable = isPartnership(principal) && checkActionAllowed('evaluate', check.status);
  render(
    res,
    <EvaluationPage
      principal={principal}
      csrf={res.locals.csrf}
      check={check}
      recognition={recognition}
      names={names}
      evaluable={evaluable}
      refused={refused}
    />,
    refused?.status,
  );
}

export function supervisionPages(router: Router, ctx: PageContext) {
  router.get(
    patterns.checks,
    signedIn,
    forRoles(...PARTNERSHIP_ROLES, 'admin'),
    page((req, res) => showChecks(ctx, req, res)),
  );
  router.get(
    patterns.check,
    signedIn,
    forRoles(...PARTNERSHIP_ROLES, 'admin'),
    page((req, res) => showEvaluation(ctx, req, res)),
  );
  router.post(
    patterns.check,
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await callAs(ctx, res, 'post', '/api/v1/quality-checks/:id/evaluation', {
          params: { id: idOf(req) },
          body: formInput(evaluationInput, values),
        });
        res.redirect(303, `${paths.checks}?gelukt=beoordeeld`);
      } catch (error) {
        await showEvaluation(ctx, req, res, { values, ...refusal(error) });
      }
    }),
  );
}
