import type { Request, Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import { Problem, notFound } from '../api/problem';
import type { BurdenMonth, MonitoringReport, PartnershipIndicators } from '../models/monitoring';
import { type CatalogueNames, type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from './context';
import { longDateTime, thisYearInBrussels } from './dutch';
import { Page, Select, render, who } from './layout';
import { stringOf } from './forms';

// The yearly report of the partnerships (planlast and quality): each figure a person would rather
// look at than read drawn as a bar chart in inline SVG on the server (no script), and beside it a
// table with the same numbers; the burden month by month, for all the partnerships shown together
// (the API's `total`: medians over all their dossiers). Printable from the browser; downloadable
// as the API's CSV.

const ROLES = ['admin', 'coordinator', 'reviewer'] as const;

const NUMBER = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('nl-BE', { style: 'percent', maximumFractionDigits: 0 });

/** A figure as a Dutch reader writes it; a median of nothing is a dash. */
const number = (value: number | null | undefined) => (value === null || value === undefined ? '–' : NUMBER.format(value));

const decided = (f: PartnershipIndicators) => f.applications.approved + f.applications.rejected;

// ---------------------------------------------------------------------------------------------
// Charts

interface Series {
  key: string;
  /** What a bar's value counts, written after it ("3 binnen de termijn"): the bar is read, not its colour. */
  label: string;
  /** The label after a value of exactly 1, where Dutch says it in the singular ("1 document"). */
  one?: string;
  colour: string;
}

// Each at least 4.5:1 against white, and told apart by their labels as well as their hue.
const BLUE = '#0b4f8a';
const ORANGE = '#9a4700';
const GREEN = '#00703c';

const WIDTH = 480;
const BAR_AREA = 260;
const BAR = 20;
const GAP = 4;
const HEADING = 24;
const GROUP_GAP = 14;

/** An SVG chart as an image with its values in its title, for those who do not see it. */
function ChartFrame(props: { id: string; title: string; height: number; fontSize: number; children: ComponentChildren }) {
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${props.id}-titel`}
      viewBox={`0 0 ${WIDTH} ${props.height}`}
      width={WIDTH}
      height={props.height}
      preserveAspectRatio="xMinYMin meet"
      font-size={String(props.fontSize)}
    >
      <title id={`${props.id}-titel`}>{props.title}</title>
      {props.children}
    </svg>
  );
}

/** A value and what it counts, as a bar's label says it ("3 binnen de termijn", "1 document"). */
const valueText = (value: number | null | undefined, series: Series) =>
  value === null || value === undefined
    ? `geen gegevens (${series.label})`
    : `${number(value)} ${value === 1 ? (series.one ?? series.label) : series.label}`;

/**
 * Horizontal bars, grouped: each group's name on a line of its own, then one bar per series with
 * its value and what it counts written after it. One scale for all bars of a chart. Groups with
 * nothing to show are named in a line below instead of drawn as empty bars (the table has them).
 */
function BarChart(props: {
  id: string;
  title: string;
  /** Said before the names of the groups left out, such as "Geen beslissingen". */
  without: string;
  series: Series[];
  groups: Array<{ name: string; values: Record<string, number | null> }>;
}) {
  const drawn = props.groups.filter((g) => props.series.some((s) => (g.values[s.key] ?? 0) > 0));
  const left = props.groups.filter((g) => !drawn.includes(g)).map((g) => g.name);
  const max = Math.max(1, ...drawn.flatMap((g) => props.series.map((s) => g.values[s.key] ?? 0)));
  const groupHeight = HEADING + props.series.length * (BAR + GAP) + GROUP_GAP;
  const height = drawn.length * groupHeight;
  const title = `${props.title}: ${drawn
    .map((g) => `${g.name}, ${props.series.map((s) => valueText(g.values[s.key], s)).join(', ')}`)
    .join('; ')}`;
  return (
    <>
      {drawn.length ? (
        <ChartFrame id={props.id} title={title} height={height} fontSize={16}>
          {drawn.map((group, g) => {
            const top = g * groupHeight;
            return (
              <g key={group.name}>
                <text x="0" y={top + 15} font-weight="600" fill="#1b1b1b">
                  {group.name}
                </text>
                {props.series.map((series, s) => {
                  const value = group.values[series.key];
                  const y = top + HEADING + s * (BAR + GAP);
                  const width = value ? Math.max(2, (value / max) * BAR_AREA) : 0;
                  return (
                    <g key={series.key}>
                      <rect x="0" y={y} width={width} height={BAR} fill={series.colour} />
                      <text x={width + 6} y={y + 15} fill="#1b1b1b">
                        {valueText(value, series)}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </ChartFrame>
      ) : null}
      {left.length ? (
        <p class="chart-left">
          {props.without}: {left.join(', ')}.
        </p>
      ) : null}
    </>
  );
}

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];
const MONTHS_SHORT = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
/** The month of a `YYYY-MM` as a Dutch reader names it ("november"). */
const monthName = (month: string) => MONTHS[Number(month.slice(5, 7)) - 1] ?? month;

const MONTH_SLOT = WIDTH / 12;
const MONTH_BAR = 26;
const COLUMN_AREA = 110;
const VALUE_ROOM = 22;
const AXIS_ROOM = 24;

/**
 * Columns over the months of a year, one measure: each month in its own place of twelve (months
 * still to come are left empty), its value written above its column and its name below. A month
 * without a value (nothing submitted, or nothing recorded) has no column but a dash.
 */
function MonthChart(props: {
  id: string;
  title: string;
  series: Series;
  months: Array<{ month: string; value: number | null; why?: string }>;
}) {
  const max = Math.max(1, ...props.months.map((m) => m.value ?? 0));
  const base = VALUE_ROOM + COLUMN_AREA;
  const height = base + AXIS_ROOM;
  const said = (m: (typeof props.months)[number]) =>
    m.value === null
      ? `${monthName(m.month)} ${m.why ?? 'geen gegevens'}`
      : `${monthName(m.month)} ${valueText(m.value, props.series)}`;
  return (
    <ChartFrame id={props.id} title={`${props.title}: ${props.months.map(said).join(', ')}`} height={height} fontSize={14}>
      <line x1="0" y1={base} x2={WIDTH} y2={base} stroke="#505a5f" stroke-width="1" />
      {props.months.map((m) => {
        const slot = Number(m.month.slice(5, 7)) - 1;
        const middle = slot * MONTH_SLOT + MONTH_SLOT / 2;
        const column = m.value ? Math.max(2, (m.value / max) * COLUMN_AREA) : 0;
        return (
          <g key={m.month}>
            <rect x={middle - MONTH_BAR / 2} y={base - column} width={MONTH_BAR} height={column} fill={props.series.colour} />
            <text x={middle} y={base - column - 6} text-anchor="middle" fill="#1b1b1b">
              {number(m.value)}
            </text>
            <text x={middle} y={base + 18} text-anchor="middle" fill="#1b1b1b">
              {MONTHS_SHORT[slot]}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** A chart and the table with its numbers, kept together (on screen and on paper). */
function Chart(props: { caption: string; note?: string; chart: ComponentChildren; table: ComponentChildren }) {
  return (
    <section class="chart-block">
      <figure>
        <figcaption>{props.caption}</figcaption>
        {props.chart}
      </figure>
      {props.note ? <p class="hint">{props.note}</p> : null}
      {props.table}
    </section>
  );
}

function Table(props: { caption: string; columns: string[]; rows: Array<[string, ...ComponentChildren[]]>; total?: boolean }) {
  // Wide tables scroll sideways on a phone rather than lose their column headers.
  return (
    <div class="table-scroll" role="region" aria-label={props.caption} tabIndex={0}>
      <table class="figures">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column, index) => (
              <th key={column} scope="col" class={index > 0 ? 'numeric' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([name, ...cells], index) => (
            <tr key={name} class={props.total && index === props.rows.length - 1 ? 'total' : undefined}>
              <th scope="row">{name}</th>
              {cells.map((cell, c) => (
                <td key={c} class="numeric">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The report's sections

function Decisions(props: { report: MonitoringReport; names: CatalogueNames }) {
  const rows = props.report.partnerships;
  return (
    <Chart
      caption="Beslissingen binnen de termijn, per partnerschap"
      chart={
        <BarChart
          id="termijn"
          title={`Beslissingen binnen de termijn per partnerschap in ${props.report.year}`}
          without={`Geen beslissingen in ${props.report.year}`}
          series={[
            { key: 'within', label: 'binnen de termijn', colour: BLUE },
            { key: 'decided', label: 'beslist', colour: ORANGE },
          ]}
          groups={rows.map((f) => ({
            name: props.names.partnership(f.partnershipId),
            values: { within: f.applications.decidedWithinDeadline, decided: decided(f) },
          }))}
        />
      }
      table={
        <Table
          caption={`Aanvragen en beslissingen in ${props.report.year}`}
          columns={[
            'Partnerschap',
            'Ontvangen',
            'Goedgekeurd',
            'Afgewezen',
            'Vervallen',
            'Ingetrokken',
            'Binnen de termijn beslist',
            'Mediaan dagen tot beslissing',
          ]}
          rows={rows.map((f) => [
            props.names.partnership(f.partnershipId),
            number(f.applications.received),
            number(f.applications.approved),
            number(f.applications.rejected),
            number(f.applications.lapsed),
            number(f.applications.withdrawn),
            `${number(f.applications.decidedWithinDeadline)} van ${number(decided(f))}${
              decided(f) ? ` (${PERCENT.format(f.applications.decidedWithinDeadline / decided(f))})` : ''
            }`,
            number(f.applications.medianDaysToDecision),
          ])}
        />
      }
    />
  );
}

const BURDEN: Array<{
  key: 'medianFieldsAsked' | 'medianDocumentsAsked' | 'infoRequestsPerApplication';
  title: string;
  label: string;
  one: string;
  colour: string;
}> = [
  {
    key: 'medianFieldsAsked',
    title: 'Gevraagde velden (mediaan per aanvraag)',
    label: 'velden',
    one: 'veld',
    colour: BLUE,
  },
  {
    key: 'medianDocumentsAsked',
    title: 'Gevraagde documenten (mediaan per aanvraag)',
    label: 'documenten',
    one: 'document',
    colour: ORANGE,
  },
  {
    key: 'infoRequestsPerApplication',
    title: 'Vragen om informatie (gemiddeld per aanvraag)',
    label: 'informatievragen',
    one: 'informatievraag',
    colour: GREEN,
  },
];

/** A month's value of a measure: none when nothing was submitted that month (the API's 0 is no rate). */
const monthValue = (m: BurdenMonth, key: (typeof BURDEN)[number]['key']) =>
  key === 'infoRequestsPerApplication' && m.received === 0 ? null : m[key];

function Burden(props: { report: MonitoringReport; names: CatalogueNames }) {
  const { report, names } = props;
  const rows = report.partnerships;
  // One partnership: its own months; several: all of them together, as the API counts its total.
  const whose = rows.length === 1 ? names.partnership(rows[0]!.partnershipId) : 'alle partnerschappen samen';
  const months = report.total.burdenByMonth;
  return (
    <>
      <Chart
        caption={`Planlast per maand, ${whose}`}
        // Each measure on its own scale: tens of fields would flatten a single information request.
        chart={
          months.length ? (
            BURDEN.map((measure) => (
              <div key={measure.key}>
                <h3 class="chart-title">{measure.title}</h3>
                <MonthChart
                  id={`planlast-${measure.key}`}
                  title={`${measure.title} per maand in ${report.year}, ${whose}`}
                  series={{ key: measure.key, label: measure.label, one: measure.one, colour: measure.colour }}
                  months={months.map((m) => ({
                    month: m.month,
                    value: monthValue(m, measure.key),
                    why: m.received === 0 ? 'geen aanvragen' : 'geen planlast opgetekend',
                  }))}
                />
              </div>
            ))
          ) : (
            <p class="chart-left">Er is in {report.year} nog geen maand begonnen.</p>
          )
        }
        note="Per maand van indiening van de aanvraag. Een streepje: geen aanvragen in die maand, of geen planlast opgetekend."
        table={
          <Table
            caption={`Planlast per maand in ${report.year}: ${whose}`}
            columns={[
              'Maand',
              'Ontvangen',
              'Gevraagde velden (mediaan)',
              'Gevraagde documenten (mediaan)',
              'Informatievragen per aanvraag',
            ]}
            rows={months.map((m) => [
              monthName(m.month),
              number(m.received),
              number(m.medianFieldsAsked),
              number(m.medianDocumentsAsked),
              number(monthValue(m, 'infoRequestsPerApplication')),
            ])}
          />
        }
      />
      <Table
        caption={`Planlast in ${report.year}`}
        columns={[
          'Partnerschap',
          'Gevraagde velden (mediaan)',
          'Gevraagde documenten (mediaan)',
          'Informatievragen per aanvraag',
          'Verlengingen in één stap',
        ]}
        rows={[
          ...rows.map((f) => [names.partnership(f.partnershipId), f.burden] as const),
          ...(rows.length > 1 ? [['Alle partnerschappen samen', report.total.burden] as const] : []),
        ].map(([name, burden]): [string, ...string[]] => [
          name,
          number(burden.medianFieldsAsked),
          number(burden.medianDocumentsAsked),
          number(burden.infoRequestsPerApplication),
          number(burden.renewalsInOneStep),
        ])}
        total={rows.length > 1}
      />
    </>
  );
}

/** Places and occupation per province, summed over the partnerships shown. */
function provinces(report: MonitoringReport): Array<[string, { places: number; occupied: number }]> {
  const sums = new Map<string, { places: number; occupied: number }>();
  for (const f of report.partnerships) {
    for (const [province, figures] of Object.entries(f.capacity.byProvince)) {
      const sum = sums.get(province) ?? { places: 0, occupied: 0 };
      sums.set(province, { places: sum.places + figures.places, occupied: sum.occupied + figures.occupied });
    }
  }
  // In the API's order: the Flemish provinces first.
  return [...sums];
}

function Places(props: { report: MonitoringReport }) {
  const rows = provinces(props.report);
  const places = rows.reduce((sum, [, f]) => sum + f.places, 0);
  const occupied = rows.reduce((sum, [, f]) => sum + f.occupied, 0);
  const share = (f: { places: number; occupied: number }) => (f.places ? PERCENT.format(f.occupied / f.places) : '–');
  return (
    <Chart
      caption="Leerplaatsen en bezetting, per provincie"
      chart={
        <BarChart
          id="plaatsen"
          title={`Leerplaatsen en bezette plaatsen per provincie in ${props.report.year}`}
          without="Geen erkende leerplaatsen"
          series={[
            { key: 'places', label: 'plaatsen', one: 'plaats', colour: BLUE },
            { key: 'occupied', label: 'bezet', colour: ORANGE },
          ]}
          groups={rows.map(([province, f]) => ({ name: province, values: { places: f.places, occupied: f.occupied } }))}
        />
      }
      table={
        <Table
          caption={`Leerplaatsen per provincie in ${props.report.year}`}
          columns={['Provincie', 'Plaatsen', 'Bezet', 'Bezettingsgraad']}
          rows={[
            ...rows.map(([province, f]): [string, ...string[]] => [province, number(f.places), number(f.occupied), share(f)]),
            ['Totaal', number(places), number(occupied), share({ places, occupied })],
          ]}
          total
        />
      }
    />
  );
}

function Quality(props: { report: MonitoringReport; names: CatalogueNames }) {
  return (
    <>
      <Table
        caption={`Kwaliteitscontroles in ${props.report.year}`}
        columns={['Partnerschap', 'Geopend', 'Afgesloten zonder beoordelaar', 'Verbetering nodig', 'Schorsingen']}
        rows={props.report.partnerships.map((f) => [
          props.names.partnership(f.partnershipId),
          number(f.qualityChecks.opened),
          number(f.qualityChecks.closedWithoutReviewer),
          number(f.qualityChecks.improvementNeeded),
          number(f.qualityChecks.suspensions),
        ])}
      />
      <Table
        caption={`Erkenningen in ${props.report.year}`}
        columns={['Partnerschap', 'Erkend', 'Geschorst', 'Ingetrokken', 'Verlopen', 'Beëindigd']}
        rows={props.report.partnerships.map((f) => [
          props.names.partnership(f.partnershipId),
          number(f.recognitions.active),
          number(f.recognitions.suspended),
          number(f.recognitions.withdrawn),
          number(f.recognitions.expired),
          number(f.recognitions.ended),
        ])}
      />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Pages

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

/** The year picker offers the years with data (the API's `years`), newest first. */
function Filter(props: {
  year: string;
  years: MonitoringReport['years'];
  partnershipId: string;
  names: CatalogueNames;
  admin: boolean;
}) {
  const years = Array.from({ length: props.years.to - props.years.from + 1 }, (_, i) => String(props.years.to - i)).map((y) => ({
    value: y,
    text: y,
  }));
  const values = { year: props.year, partnershipId: props.partnershipId };
  return (
    <form method="get" action="/monitoring" class="filter">
      <Select name="year" label="Jaar" options={years} values={values} />
      {props.admin ? (
        <Select
          name="partnershipId"
          label="Partnerschap"
          placeholder="Alle partnerschappen"
          options={props.names.partnerships.map((p) => ({ value: p.id, text: p.name }))}
          values={values}
        />
      ) : null}
      <button type="submit" class="button secondary">
        Toon de cijfers
      </button>
    </form>
  );
}

export function monitoringPages(router: Router, ctx: PageContext) {
  // The year picker's form, and the navigation's link: to the year's own address.
  router.get('/monitoring', signedIn, forRoles(...ROLES), (req, res) => {
    const year = /^\d{4}$/.test(stringOf(req.query.year)) ? stringOf(req.query.year) : String(thisYearInBrussels());
    const partnershipId = stringOf(req.query.partnershipId);
    res.redirect(303, `/monitoring/${year}${partnershipId ? `?partnershipId=${encodeURIComponent(partnershipId)}` : ''}`);
  });

  router.get(
    '/monitoring/:year.csv',
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
    '/monitoring/:year',
    signedIn,
    forRoles(...ROLES),
    page(async (req, res) => {
      const principal = principalOf(res);
      const year = yearOf(req);
      const query = queryOf(req, res, year);
      const [reply, names] = await Promise.all([monitoring(ctx, res, query), catalogueNames(ctx)]);
      const report = reply.body as MonitoringReport;
      const csv = `/monitoring/${year}.csv${query.partnershipId ? `?partnershipId=${encodeURIComponent(query.partnershipId)}` : ''}`;
      const title = `Monitoring ${year}`;
      render(
        res,
        <Page title={title} principal={principal} csrf={res.locals.csrf}>
          <p class="caption">{who(principal)}</p>
          <h1>{title}</h1>
          <p class="lead">
            Planlast en kwaliteit van de erkenning{query.partnershipId ? ` bij ${names.partnership(query.partnershipId)}` : ''} in{' '}
            {year}.{' '}
            {Number(year) === thisYearInBrussels()
              ? `Het jaar loopt nog: erkenningen en leerplaatsen zoals ze zijn op ${longDateTime(report.asOf)}.`
              : `Erkenningen en leerplaatsen zoals ze waren op het einde van ${year}.`}
          </p>
          <Filter
            year={year}
            years={report.years}
            partnershipId={query.partnershipId ?? ''}
            names={names}
            admin={principal.role === 'admin'}
          />
          <ul class="actions no-print">
            <li>
              <a href={csv} download={`erkend-monitoring-${year}.csv`}>
                Download als CSV
              </a>{' '}
              (één rij per partnerschap, voor een rekenblad)
            </li>
            <li>
              Afdrukken of bewaren als PDF: gebruik Afdrukken in uw browser (Ctrl+P of ⌘+P); menu&apos;s en knoppen worden dan
              weggelaten.
            </li>
          </ul>
          <h2>Beslissingen</h2>
          <Decisions report={report} names={names} />
          <h2>Planlast</h2>
          <Burden report={report} names={names} />
          <h2>Leerplaatsen</h2>
          <Places report={report} />
          <h2>Kwaliteit en erkenningen</h2>
          <Quality report={report} names={names} />
        </Page>,
      );
    }),
  );
}
