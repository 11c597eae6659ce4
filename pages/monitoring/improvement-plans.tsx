import type { MonitoringAnswer } from '../../models/monitoring-placements';
import type { CatalogueNames } from '../context';
import { FiguresTable, number } from './charts';

// The report's improvement plans (issue 23): how many a quality check opened in the year, and
// how many of those were done in time or went overdue.

export function ImprovementPlanFigures(props: { report: MonitoringAnswer; names: CatalogueNames }) {
  const { report, names } = props;
  return (
    <FiguresTable
      caption={`Verbeterplannen geopend in ${report.year}`}
      columns={['Partnerschap', 'Geopend', 'Op tijd afgerond', 'Over tijd']}
      rows={report.partnerships.map((f) => [
        names.partnership(f.partnershipId),
        number(f.improvementPlans.opened),
        number(f.improvementPlans.doneInTime),
        number(f.improvementPlans.overdue),
      ])}
    />
  );
}
