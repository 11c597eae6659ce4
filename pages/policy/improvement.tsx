import { type FormErrors, type FormValues, fieldsOf } from '../forms';
import { Checkbox, TextArea, fieldId } from '../layout';
import { EVERYDAY_UNITS, UNITS, amountAndUnit, rowsOf, termOf } from './fields';

// The policy's improvement plans and site visits (issue 23): the points a reviewer checks on a
// visit, one a line, and the coordinator's templates of improvement actions, a row each (what
// to do, and how long after the evaluation it is due) with an empty row to add one.

const name = (row: number, part: 'id' | 'description' | 'amount' | 'unit' | 'remove') => `improvementTemplates.${row}.${part}`;

interface Template {
  id?: unknown;
  description?: unknown;
  dueAfter?: unknown;
}

/** The template rows the form has, by their index in the form. */
export const templateRows = (values: FormValues) => rowsOf(values, 'improvementTemplates', ['description', 'amount']);

/** The policy's checklist and templates as the form shows them. */
export function improvementValues(policy: Record<string, unknown>): FormValues {
  const values: FormValues = {
    visitChecklist: Array.isArray(policy.visitChecklist) ? policy.visitChecklist.join('\n') : '',
  };
  const templates = Array.isArray(policy.improvementTemplates) ? (policy.improvementTemplates as Template[]) : [];
  templates.forEach((t, row) => {
    const { amount, unit } = amountAndUnit(String(t?.dueAfter ?? ''));
    values[name(row, 'id')] = String(t?.id ?? '');
    values[name(row, 'description')] = String(t?.description ?? '');
    values[name(row, 'amount')] = amount;
    values[name(row, 'unit')] = unit;
  });
  return values;
}

/** The checklist and templates of the posted form, and the reasons a term could not be read (by row). */
export function improvementBody(values: FormValues) {
  const errors: Record<string, string> = {};
  const visitChecklist = (values.visitChecklist ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const rows = templateRows(values).filter((row) => values[name(row, 'remove')] !== 'true');
  const improvementTemplates = rows.map((row, index) => {
    const term = termOf(values[name(row, 'amount')] ?? '', values[name(row, 'unit')] ?? 'D');
    if ('error' in term) errors[`improvementTemplates.${row}.dueAfter`] = term.error;
    return {
      // A new row's key: its place, unique among the templates as saved.
      id: values[name(row, 'id')] || `actie-${index + 1}-${rows.length}`,
      description: values[name(row, 'description')] ?? '',
      dueAfter: 'iso' in term ? term.iso : '',
    };
  });
  return { body: { visitChecklist, improvementTemplates }, errors, rows };
}

/** A refusal's path as the form names it: a point by the checklist, a template by its row. */
export function improvementFormPath(path: string, rows: number[]): string | undefined {
  if (path.startsWith('visitChecklist.')) return 'visitChecklist';
  const template = /^improvementTemplates\.(\d+)(\.\w+)?$/.exec(path);
  if (template && rows[Number(template[1])] !== undefined)
    return `improvementTemplates.${rows[Number(template[1])]}${template[2] ?? ''}`;
  return undefined;
}

/** Labels for the error summary: templates by their place in the form. */
export function improvementLabels(values: FormValues): Record<string, string> {
  const rows = templateRows(values);
  const extra = Math.max(-1, ...rows) + 1;
  return Object.fromEntries(
    [...rows, extra].flatMap((row, index) => {
      const which = row === extra ? 'Nieuwe verbeteractie' : `Verbeteractie ${index + 1}`;
      return [
        [name(row, 'description'), `${which}, omschrijving`],
        [`improvementTemplates.${row}.dueAfter`, `${which}, termijn`],
      ];
    }),
  );
}

function TemplateRow(props: { row: number; position: number; isNew: boolean; values: FormValues; errors?: FormErrors }) {
  const { row, values } = props;
  const field = fieldsOf(props);
  const term = `improvementTemplates.${row}.dueAfter`;
  const error = props.errors?.fields[term];
  const unit = values[name(row, 'unit')] ?? 'D';
  const units = UNITS.filter((u) => EVERYDAY_UNITS.includes(u.code) || u.code === unit);
  return (
    <fieldset class="group">
      <legend>{props.isNew ? 'Nieuwe verbeteractie' : `Verbeteractie ${props.position}`}</legend>
      <input type="hidden" name={name(row, 'id')} value={values[name(row, 'id')] ?? ''} />
      <TextArea {...field} name={name(row, 'description')} label="Wat de onderneming doet" rows={2} />
      <div class={`field${error ? ' field-error' : ''}`}>
        {error ? (
          <p class="error-message" id={`${fieldId(term)}-error`}>
            <span class="visually-hidden">Fout: </span>
            {error}
          </p>
        ) : null}
        <div class="term">
          <div>
            <label for={fieldId(term)}>Uiterlijk na (aantal)</label>
            <input
              id={fieldId(term)}
              name={name(row, 'amount')}
              type="text"
              inputMode="numeric"
              class="input-short"
              value={values[name(row, 'amount')] ?? ''}
              aria-invalid={error ? 'true' : undefined}
            />
          </div>
          <div>
            <label for={fieldId(name(row, 'unit'))}>Eenheid</label>
            <select id={fieldId(name(row, 'unit'))} name={name(row, 'unit')}>
              {units.map((u) => (
                <option key={u.code} value={u.code} selected={u.code === unit}>
                  {u.text}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {props.isNew ? null : <Checkbox name={name(row, 'remove')} label="Deze verbeteractie verwijderen" values={values} />}
    </fieldset>
  );
}

export function ImprovementFields(props: { values: FormValues; errors?: FormErrors }) {
  const field = fieldsOf(props);
  const rows = templateRows(props.values);
  const extra = Math.max(-1, ...rows) + 1;
  return (
    <>
      <h2>Bezoek en verbeterplannen</h2>
      <TextArea
        {...field}
        name="visitChecklist"
        label="Wat een bedrijfsbezoek nagaat"
        hint="Eén punt per regel. De beoordelaar vinkt bij een bezoek aan wat in orde was."
        rows={4}
      />
      <h3>Verbeteracties om mee te starten</h3>
      <p class="hint">
        Bij “verbetering nodig” vult het formulier van de beoordelaar deze acties in, met hun datum; de beoordelaar past ze aan.
        Vul de lege rij in om een actie toe te voegen.
      </p>
      {[...rows, extra].map((row, index) => (
        <TemplateRow {...field} key={row} row={row} position={index + 1} isNew={row === extra} />
      ))}
    </>
  );
}
