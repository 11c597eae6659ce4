import type { MonitoringReport } from '../../models/monitoring';
import type { MonitoringAnswer } from '../../models/monitoring-placements';
import type { Principal } from '../../platform/auth';
import type { CatalogueNames } from '../context';
import { longDateTime, thisYearInBrussels } from '../dutch';
import { Page, PartnershipFilter, Select, who } from '../layout';
import { paths } from '../paths';
import { ImprovementPlanFigures } from './improvement-plans';
import { Demand, PlacementFigures } from './placements';
import { Burden, Decisions, Places, Quality } from './sections';

// The monitoring page of one year: the year picker, the downloads and the report's sections.

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
    <form method="get" action={paths.monitoring} class="filter">
      <Select name="year" label="Jaar" options={years} values={values} />
      {props.admin ? <PartnershipFilter partnerships={props.names.partnerships} values={values} /> : null}
      <button type="submit" class="button secondary">
        Toon de cijfers
      </button>
    </form>
  );
}

export function MonitoringPage(props: {
  principal: Principal;
  csrf?: string;
  year: string;
  partnershipId?: string;
  report: MonitoringAnswer;
  names: CatalogueNames;
}) {
  const { principal, year, report, names, partnershipId } = props;
  const csv = `${paths.monitoringCsv(year)}${partnershipId ? `?partnershipId=${encodeURIComponent(partnershipId)}` : ''}`;
  const title = `Monitoring ${year}`;
  return (
    <Page title={title} principal={principal} csrf={props.csrf}>
      <p class="caption">{who(principal)}</p>
      <h1>{title}</h1>
      <p class="lead">
        Planlast en kwaliteit van de erkenning{partnershipId ? ` bij ${names.partnership(partnershipId)}` : ''} in {year}.{' '}
        {Number(year) === thisYearInBrussels()
          ? `Het jaar loopt nog: erkenningen en leerplaatsen zoals ze zijn op ${longDateTime(report.asOf)}.`
          : `Erkenningen en leerplaatsen zoals ze waren op het einde van ${year}.`}
      </p>
      <Filter
        year={year}
        years={report.years}
        partnershipId={partnershipId ?? ''}
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
      <h2>Verbeterplannen</h2>
      <ImprovementPlanFigures report={report} names={names} />
      <h2>Plaatsingen</h2>
      <PlacementFigures report={report} names={names} />
      <h2>Vraag naar werkplekken</h2>
      <Demand report={report} names={names} />
    </Page>
  );
}
