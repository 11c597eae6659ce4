import type { Request, Response, Router } from 'express';
import { Problem, notFound } from '../../api/problem';
import { type PageContext, call, catalogueNames, forOperation, page, principalOf, signedInPage } from '../context';
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
    return await call(ctx, res, ctx.api.monitoring.report, { query, headers });
  } catch (error) {
    if (error instanceof Problem && error.status === 400) throw notFound(error.detail);
    throw error;
  }
}

export function monitoringPages(router: Router, ctx: PageContext) {
  const forReport = forOperation(ctx.api.monitoring.report);

  // The year picker's form, and the navigation's link: to the year's own address.
  router.get(patterns.monitoring, forReport, (req: Request, res: Response) => {
    const year = /^\d{4}$/.test(stringOf(req.query.year)) ? stringOf(req.query.year) : String(thisYearInBrussels());
    const partnershipId = stringOf(req.query.partnershipId);
    res.redirect(
      303,
      `${paths.monitoringYear(year)}${partnershipId ? `?partnershipId=${encodeURIComponent(partnershipId)}` : ''}`,
    );
  });

  router.get(
    patterns.monitoringCsv,
    forReport,
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
    forReport,
    page(async (req, res) => {
      const year = yearOf(req);
      const query = queryOf(req, res, year);
      const [{ body: report }, names] = await Promise.all([monitoring(ctx, res, query), catalogueNames(ctx)]);
      // Text only when asked for (`Accept: text/csv`), as the CSV's page does.
      if (typeof report === 'string') throw new Error('The monitoring report came as text');
      render(
        res,
        <MonitoringPage {...signedInPage(res)} year={year} partnershipId={query.partnershipId} report={report} names={names} />,
      );
    }),
  );
}
