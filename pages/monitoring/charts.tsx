import type { ComponentChildren } from 'preact';

// The monitoring page's charts: bar charts in inline SVG drawn on the server (no script), each
// with a table of the same numbers beside it.

const NUMBER = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
export const PERCENT = new Intl.NumberFormat('nl-BE', { style: 'percent', maximumFractionDigits: 0 });

/** A figure as a Dutch reader writes it; a median of nothing is a dash. */
export const number = (value: number | null | undefined) => (value === null || value === undefined ? '–' : NUMBER.format(value));

export interface Series {
  key: string;
  /** What a bar's value counts, written after it ("3 binnen de termijn"): the bar is read, not its colour. */
  label: string;
  /** The label after a value of exactly 1, where Dutch says it in the singular ("1 document"). */
  one?: string;
  colour: string;
}

// Each at least 4.5:1 against white, and told apart by their labels as well as their hue.
export const BLUE = '#0b4f8a';
export const ORANGE = '#9a4700';
export const GREEN = '#00703c';

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
export function BarChart(props: {
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
export const monthName = (month: string) => MONTHS[Number(month.slice(5, 7)) - 1] ?? month;

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
export function MonthChart(props: {
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
export function Chart(props: { caption: string; note?: string; chart: ComponentChildren; table: ComponentChildren }) {
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

/** A chart's numbers as a table: the first column names a row, the others are numbers (right-aligned). */
export function FiguresTable(props: {
  caption: string;
  columns: string[];
  rows: Array<[string, ...ComponentChildren[]]>;
  total?: boolean;
}) {
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
