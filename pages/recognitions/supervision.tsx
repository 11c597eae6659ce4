import type { Request, Response, Router } from 'express';
import { type QualityCheck, checkActionAllowed, evaluationInput } from '../../models/quality-check';
import { Problem } from '../../api/problem';
import { isWholeCheck } from '../check-views';
import { type PageContext, call, catalogueNames, forOperation, forRoles, page, principalOf, signedInPage } from '../context';
import { formInput, formValues, refusal } from '../forms';
import { render } from '../layout';
import { paths, patterns } from '../paths';
import { byDue } from './checks';
import { PARTNERSHIPS_AND_ADMIN, may } from '../may';
import { type Refusal, idOf, noticeOf, recognitionOf } from './shared';
import { ChecksPage, EvaluationPage, type RecognitionsById } from './supervision-view';
import { templateRows, withActions } from './improvement-actions';
import { policyOfPartnership } from '../policy/of-partnership';

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
    call(ctx, res, ctx.api.qualityChecks.list, { query: { status: 'answered', limit: '1000' } }),
    call(ctx, res, ctx.api.qualityChecks.list, { query: { status: 'overdue', limit: '1000' } }),
    catalogueNames(ctx),
  ]);
  // Oldest answer first: it has waited longest.
  const waiting = answered.body.filter(isWholeCheck).sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''));
  const late = overdue.body.filter(isWholeCheck).sort(byDue);
  const recognitions = await recognitionsOf(ctx, res, [...waiting, ...late]);
  render(
    res,
    <ChecksPage
      {...signedInPage(res)}
      notice={noticeOf(req)}
      waiting={waiting}
      late={late}
      recognitions={recognitions}
      names={names}
      act={may(principal, ctx.api.qualityChecks.evaluate) ? 'Beoordelen' : 'Bekijken'}
    />,
  );
}

async function showEvaluation(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  const principal = principalOf(res);
  const [found, names] = await Promise.all([
    call(ctx, res, ctx.api.qualityChecks.get, { params: { id: idOf(req) } }),
    catalogueNames(ctx),
  ]);
  const check = found.body;
  // A school's view of a check never reaches this page, which is the partnerships' and an admin's.
  if (!isWholeCheck(check)) throw new Problem(404, 'Not Found', req.path);
  const recognition = (await recognitionsOf(ctx, res, [check])).get(check.recognitionId);
  const evaluable = may(principal, ctx.api.qualityChecks.evaluate) && checkActionAllowed('evaluate', check.status);
  const templates = evaluable
    ? templateRows((await policyOfPartnership(ctx, res, check.partnershipId)).improvementTemplates)
    : {};
  render(
    res,
    <EvaluationPage
      {...signedInPage(res)}
      check={check}
      recognition={recognition}
      names={names}
      evaluable={evaluable}
      refused={refused}
      templates={templates}
    />,
    refused?.status,
  );
}

export function supervisionPages(router: Router, ctx: PageContext) {
  router.get(
    patterns.checks,
    forRoles(...PARTNERSHIPS_AND_ADMIN),
    page((req, res) => showChecks(ctx, req, res)),
  );
  router.get(
    patterns.check,
    forRoles(...PARTNERSHIPS_AND_ADMIN),
    page((req, res) => showEvaluation(ctx, req, res)),
  );
  router.post(
    patterns.check,
    forOperation(ctx.api.qualityChecks.evaluate),
    page(async (req, res) => {
      const values = withActions(formValues(req.body));
      try {
        await call(ctx, res, ctx.api.qualityChecks.evaluate, {
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
