import { CHANGE_FIELD_LABELS, type ChangeField } from '../../models/change-rules';
import type { TimelineEntry } from '../../models/recognition-timeline';
import { CHECK_OUTCOME_TEXT, CHECK_REASON_TEXT, RECOGNITION_STATUS_TEXT, longDate } from '../dutch';

// A recognition's whole life on its page, newest first: what happened, in a sentence each.

const fields = (list: unknown) => ((list as ChangeField[] | undefined) ?? []).map((f) => CHANGE_FIELD_LABELS[f]).join(', ');

const places = (data: Record<string, unknown>) => {
  const capacity = data.capacity as { from: number; to: number } | undefined;
  return capacity ? ` (van ${capacity.from} naar ${capacity.to})` : '';
};

/** One entry as its parties read it. */
function sentence({ type, data = {} }: TimelineEntry): string {
  switch (type) {
    case 'status': {
      const reasons = data.reasons as string[] | undefined;
      return `${RECOGNITION_STATUS_TEXT[data.status as string] ?? String(data.status)}${reasons?.length ? `: ${reasons.join('; ')}` : ''}`;
    }
    case 'change': {
      const applied = fields(data.applied);
      const review = fields(data.review);
      return [applied ? `Gewijzigd: ${applied}${places(data)}` : '', review ? `Wijziging gevraagd: ${review}` : '']
        .filter(Boolean)
        .join('. ');
    }
    case 'change-decided':
      return `Wijziging ${data.outcome === 'approved' ? 'goedgekeurd' : 'niet goedgekeurd'}: ${fields(data.fields)}${places(data)}`;
    case 'check-opened':
      return `Kwaliteitscontrole gestart (${(CHECK_REASON_TEXT[data.reason as string] ?? String(data.reason)).toLowerCase()})`;
    case 'check-closed':
      return `Kwaliteitscontrole afgesloten: ${(CHECK_OUTCOME_TEXT[data.outcome as string] ?? String(data.outcome)).toLowerCase()}`;
    case 'incident':
      return 'Probleem gemeld';
    case 'plan-opened':
      return `Verbeterplan opgesteld (${data.actions === 1 ? '1 actie' : `${String(data.actions)} acties`})`;
    case 'plan-done':
      return 'Verbeterplan uitgevoerd';
    case 'plan-overdue':
      return 'Verbeterplan over tijd';
    case 'renewal-requested':
      return data.unchanged ? 'Verlenging gevraagd zonder wijzigingen' : 'Verlenging gevraagd';
    case 'renewal-decided':
      return data.status === 'approved' ? `Verlengd${data.oneStep ? ' in één stap' : ''}` : 'Verlenging geweigerd';
    case 'placement-started':
      return `Leerling gestart op ${longDate(data.startsOn as string)}`;
    case 'placement-ended':
      return 'Plaatsing beëindigd';
  }
}

export function Timeline(props: { timeline: TimelineEntry[] }) {
  return (
    <>
      <h2>Geschiedenis</h2>
      <ol class="timeline">
        {[...props.timeline].reverse().map((entry, index) => (
          <li key={`${entry.at}-${entry.type}-${index}`}>
            <time dateTime={entry.at}>{longDate(entry.at)}</time>
            {sentence(entry)}
          </li>
        ))}
      </ol>
    </>
  );
}
