import type { Request, Response, Router } from 'express';
import { Problem, notFound } from '../../api/problem';
import type { MonitoringReport } from '../../models/monitoring';
import { type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from '../context';
import { thisYearInBrussels } from '../dutch';
import { stringOf } from '../forms';
import { render } from '../layout';
import { paths, patterns } from '../paths';
import { MonitoringPage } from './report';

// The yearly report of the partnerships (planlast and quality): each figure a person would rather
// look at than read drawn as a bar chart in inline SVG on the server (no script), and beside it a
// table with the same numbers; the burden month by month, for all the partnerships shown together
// (the API's `total`: medians over all their dossiers). Printable from the browser; downloadable
// as the API's CSV.

const ROLES = ['admin', 'coordinator', 'reviewer'] as const;

/** The year of the path, or not found: `/monitoring/twintig` is no page. */
function yearOf(req: Request): string {
  const year = stringOf(req.params.year);
  if (!/^\d{4}$/.test(year)) throw notFound();
  return year;
}

/** The API's query: the year, and for an admin the partnership chosen (others see only their own). */
function queryOf(req: Request, res: Response, year: string): Record<string, string> {
  const partnershipId = principalOf(res).role === 'admin' ? stringOf(req.query.partnershipId) : '';
  return { year, ...(partnershipId ? { partnershipId } : {}) };
}

/** The API's figures; a year it does not report on (400) is a page that does not exist. */
async function monitoring(ctx: PageContext, res: Response, query: Record<string, string>, headers?: Record<string, string>) {
  try {
    return await callAs(ctx, res, 'get', '/api/v1/monitoring', { query, headers });
  } catch (error) {
    if (error instanceof Problem && error.status === 400) throw notFound(error.detail);
    throw error;
  }
}

export function monitoringPages(router: Router, ctx: PageContext) {
  // The year picker's form, and the navigation's link: to the year's own address.
  router.get(patterns.monitoring, signedIn, forRoles(...ROLES), (req, res) => {
    const year = /^\d{4}$/.test(stringOf(req.query.year)) ? stringOf(req.query.year) : String(thisYearInBrussels());
    const partnershipId = stringOf(req.query.partnershipId);
    res.redirect(
      303,
      `${paths.monitoringYear(year)}${partnershipId ? `?partnershipId=${encodeURIComponent(partnershipId)}` : ''}`,
    );
  });

  router.get(
    patterns.monitoringCsv,
    signedIn,
    forRoles(...ROLES),
    page(async (req, res) => {
      const year = yearOf(req);
      const reply = await monitoring(ctx, res, queryOf(req, res, year), { accept: 'text/csv' });
      res
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="erkend-monitoring-${year}.csv"`)
        .send(reply.body);
    }),
  );

  router.get(
    patterns.monitoringYear,
    signedIn,
    forRoles(...ROLES),
    page(async (req, res) => {
      const year = yearOf(req);
      const query = queryOf(req, res, year);
      const [reply, names] = await Promise.all([monitoring(ctx, res, query), catalogueNames(ctx)]);
      render(
        res,
        <MonitoringPage
          principal={principalOf(res)}
          csrf={res.locals.csrf}
          year={year}
          partnershipId={query.partnershipId}
          report={reply.body as MonitoringReport}
          names={names}
        />,
      );
    }),
  );
}
