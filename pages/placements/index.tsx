import type { Router } from 'express';
import { type PageContext, catalogueNames, forRoles, page, principalOf } from '../context';
import { render } from '../layout';
import { patterns } from '../paths';
import { actionPages } from './actions';
import { evaluationPages } from './evaluation';
import { feedbackPages } from './feedback';
import { CompanyPlacements, SchoolPlacements, allPlacements } from './lists';
import { proposalPages } from './propose';
import { placementPage } from './view';

// Placements as agreements (issue 22), the school's and the company's pages: the school proposes
// a learner at a workplace and follows it, the company answers and evaluates, and either ends it.

export function placementPages(router: Router, ctx: PageContext) {
  router.get(
    patterns.placements,
    // The school's and the company's own placements; a partnership reads them per recognition.
    forRoles('school', 'company'),
    page(async (req, res) => {
      const [names, list] = await Promise.all([catalogueNames(ctx), allPlacements(ctx, res)]);
      render(
        res,
        principalOf(res).role === 'company' ? (
          <CompanyPlacements res={res} list={list} names={names} />
        ) : (
          <SchoolPlacements req={req} res={res} list={list} names={names} />
        ),
      );
    }),
  );
  // `/plaatsingen/nieuw` before `/plaatsingen/:id`.
  proposalPages(router, ctx);
  placementPage(router, ctx);
  actionPages(router, ctx);
  evaluationPages(router, ctx);
  feedbackPages(router, ctx);
}
