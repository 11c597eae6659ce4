import type { BurdenMonth, MonitoringReport, PartnershipIndicators } from '../../models/monitoring';
import type { CatalogueNames } from '../context';
import { BLUE, BarChart, Chart, FiguresTable, GREEN, MonthChart, ORANGE, PERCENT, monthName, number } from './charts';

// The report's sections: decisions, planlast, places and quality, each a chart and its table.

const decided = (f: PartnershipIndicators) => f.applications.approved + f.applications.rejected;

export function Decisions(props: { report: MonitoringReport; names: CatalogueNames }) {
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
        <FiguresTable
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

export function Burden(props: { report: MonitoringReport; names: CatalogueNames }) {
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
          <FiguresTable
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
      <FiguresTable
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

/** Figures per province summed over the partnerships shown, in the API's order (the Flemish provinces first). */
export function byProvince<F extends Record<string, number>>(perPartnership: Array<Record<string, F>>): Array<[string, F]> {
  const sums = new Map<string, Record<string, number>>();
  for (const provinces of perPartnership) {
    for (const [province, figures] of Object.entries(provinces)) {
      const sum = sums.get(province) ?? {};
      for (const [key, value] of Object.entries(figures)) sum[key] = (sum[key] ?? 0) + value;
      sums.set(province, sum);
    }
  }
  return [...sums] as Array<[string, F]>;
}

export function Places(props: { report: MonitoringReport }) {
  const rows = byProvince(props.report.partnerships.map((f) => f.capacity.byProvince));
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
        <FiguresTable
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

export function Quality(props: { report: MonitoringReport; names: CatalogueNames }) {
  return (
    <>
      <FiguresTable
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
      <FiguresTable
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
