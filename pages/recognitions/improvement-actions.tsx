import { addToDate } from '../../models/dates';
import type { Policy } from '../../models/policy';
import { todayInBrussels } from '../dutch';
import type { FormErrors, FormValues } from '../forms';
import { TextArea, TextField } from '../layout';

// The actions of an improvement plan as the reviewer's evaluation form asks them: rows filled
// from the coordinator's templates (each due today plus its `dueAfter`) and a few empty ones, so
// a reviewer edits, leaves out (an empty description) or adds actions without JavaScript.

/** Empty rows under the templates' rows. */
const EXTRA_ROWS = 3;

const name = (row: number, field: 'description' | 'dueOn') => `actions.${row}.${field}`;

/** The rows as the form first shows them: one per template. */
export function templateRows(templates: Policy['improvementTemplates'], today = todayInBrussels()): FormValues {
  return Object.fromEntries(
    templates.flatMap((t, row) => [
      [name(row, 'description'), t.description],
      [name(row, 'dueOn'), addToDate(today, t.dueAfter)],
    ]),
  );
}

/** How many rows the values fill. */
function filledRows(values: FormValues): number {
  let rows = 0;
  while (values[name(rows, 'description')] !== undefined || values[name(rows, 'dueOn')] !== undefined) rows++;
  return rows;
}

/**
 * The evaluation's values as the API takes them: the rows with a description, numbered anew
 * (a refusal names them so, and the form shows them so again), and none at all unless the
 * outcome is improvement-needed.
 */
export function withActions(values: FormValues): FormValues {
  const rest = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith('actions.')));
  if (values.outcome !== 'improvement-needed') return rest;
  const kept = Array.from({ length: filledRows(values) }, (_, row) => row).filter(
    (row) => (values[name(row, 'description')] ?? '').trim() !== '',
  );
  kept.forEach((row, i) => {
    rest[name(i, 'description')] = values[name(row, 'description')]!;
    rest[name(i, 'dueOn')] = values[name(row, 'dueOn')] ?? '';
  });
  return rest;
}

export const actionLabels = (values: FormValues): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: filledRows(values) + EXTRA_ROWS }, (_, row) => [
      [name(row, 'description'), `Actie ${row + 1}`],
      [name(row, 'dueOn'), `Actie ${row + 1}: uiterlijk op`],
    ]).flat(),
  );

/** The rows: those filled, then a few empty ones. */
export function ActionRows(props: { values: FormValues; errors?: FormErrors }) {
  const rows = filledRows(props.values) + EXTRA_ROWS;
  return (
    <fieldset class="field">
      <legend>Verbeteracties bij “verbetering nodig”</legend>
      <p class="hint">
        De onderneming beantwoordt elke actie vóór haar datum. Maak een omschrijving leeg om die actie weg te laten; zonder acties
        volgt geen verbeterplan.
      </p>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} class="action-row">
          <TextArea
            name={name(row, 'description')}
            label={`Actie ${row + 1}`}
            rows={2}
            values={props.values}
            errors={props.errors}
          />
          <TextField
            name={name(row, 'dueOn')}
            label={`Actie ${row + 1}: uiterlijk op`}
            type="date"
            width="medium"
            values={props.values}
            errors={props.errors}
          />
        </div>
      ))}
    </fieldset>
  );
}
