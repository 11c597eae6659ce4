import type { MonitoringAnswer, PartnershipReport } from '../../models/monitoring-placements';
import { PLACEMENT_STATUSES, TERMINATION_REASONS } from '../../models/placement-status';
import type { CatalogueNames } from '../context';
import { STATUS_TEXT, reasonText } from '../placements/shared';
import { BLUE, BarChart, Chart, FiguresTable, ORANGE, number } from './charts';
import { byProvince } from './sections';

// The report's placement agreements (issue 22): the placements proposed in the year by how they
// stand, the early endings by reason, the learners' feedback, and the demand: learners still
// searching beside the free places per province, and how long a learner searched.

const name = (names: CatalogueNames, f: PartnershipReport) => names.partnership(f.partnershipId);

export function PlacementFigures(props: { report: MonitoringAnswer; names: CatalogueNames }) {
  const { report, names } = props;
  const rows = report.partnerships;
  return (
    <>
      <FiguresTable
        caption={`Plaatsingen voorgesteld in ${report.year}, volgens hoe ze nu staan`}
        columns={['Partnerschap', ...PLACEMENT_STATUSES.map((s) => STATUS_TEXT[s]), 'Erkenningen zonder plaatsing']}
        rows={rows.map((f) => [
          name(names, f),
          ...PLACEMENT_STATUSES.map((s) => number(f.placements[s])),
          number(f.placements.unusedRecognitions),
        ])}
      />
      <FiguresTable
        caption={`Vroegtijdig beëindigde plaatsingen in ${report.year}, per reden`}
        columns={['Partnerschap', ...TERMINATION_REASONS.map(reasonText)]}
        rows={rows.map((f) => [name(names, f), ...TERMINATION_REASONS.map((r) => number(f.placements.terminatedByReason[r]))])}
      />
      <FiguresTable
        caption={`Feedback van leerlingen in ${report.year}`}
        columns={['Partnerschap', 'Antwoorden', 'Gemiddelde op 4']}
        rows={rows.map((f) => [name(names, f), number(f.learnerFeedback.answers), number(f.learnerFeedback.average)])}
      />
      <p class="hint">Een gemiddelde pas vanaf drie antwoorden, zodat niemand het antwoord van één leerling kan herkennen.</p>
    </>
  );
}

export function Demand(props: { report: MonitoringAnswer; names: CatalogueNames }) {
  const { report, names } = props;
  const rows = byProvince(report.partnerships.map((f) => f.demand.byProvince));
  // A free place in one province does not help a learner in another: the total shortage is their sum.
  const shortage = (f: { searching: number; freePlaces: number }) => Math.max(0, f.searching - f.freePlaces);
  const total = (figure: (f: { searching: number; freePlaces: number }) => number) =>
    number(rows.reduce((sum, [, f]) => sum + figure(f), 0));
  return (
    <>
      <Chart
        caption="Zoekende leerlingen en vrije plaatsen, per provincie"
        chart={
          <BarChart
            id="tekort"
            title={`Zoekende leerlingen en vrije plaatsen per provincie in ${report.year}`}
            without="Geen zoekende leerlingen en geen vrije plaatsen"
            series={[
              { key: 'searching', label: 'zoekende leerlingen', one: 'zoekende leerling', colour: ORANGE },
              { key: 'freePlaces', label: 'vrije plaatsen', one: 'vrije plaats', colour: BLUE },
            ]}
            groups={rows.map(([province, f]) => ({ name: province, values: f }))}
          />
        }
        note="Zoekende leerlingen volgens de postcode van hun woonplaats; vrije plaatsen van de erkende werkplekken. Een tekort: meer zoekende leerlingen dan vrije plaatsen."
        table={
          <FiguresTable
            caption={`Zoekende leerlingen en vrije plaatsen per provincie in ${report.year}`}
            columns={['Provincie', 'Zoekende leerlingen', 'Vrije plaatsen', 'Tekort']}
            rows={[
              ...rows.map(([province, f]): [string, ...string[]] => [
                province,
                number(f.searching),
                number(f.freePlaces),
                number(shortage(f)),
              ]),
              ['Totaal', total((f) => f.searching), total((f) => f.freePlaces), total(shortage)],
            ]}
            total
          />
        }
      />
      <FiguresTable
        caption={`Zoeken naar een werkplek in ${report.year}`}
        columns={['Partnerschap', 'Zoekende leerlingen', 'Mediaan dagen tot plaatsing']}
        rows={report.partnerships.map((f) => [
          name(names, f),
          number(f.demand.searching),
          number(f.demand.medianDaysToPlacement),
        ])}
      />
    </>
  );
}
