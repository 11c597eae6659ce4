import { type FormErrors, type FormValues, fieldsOf } from '../forms';
import { Button, Checkbox, ErrorMessage, Form, TextArea, TextField, fieldId } from '../layout';
import { paths } from '../paths';
import { DURATIONS, EVERYDAY_UNITS, HINTS, LABELS, type Partnership, UNITS, amountAndUnit } from './fields';
import { ImprovementFields, improvementLabels } from './improvement';
import { amountName, questionRows, unitName } from './values';

// The policy's form, for its coordinator or an admin: a term as an amount and a unit, the
// self-assessment's questions a row each and an empty row to add one.

function TermField(props: { path: string; values: FormValues; errors?: FormErrors; stored: Record<string, unknown> }) {
  const { path, values } = props;
  const error = props.errors?.fields[path];
  const id = fieldId(path);
  const current = values[unitName(path)];
  const storedUnit = typeof props.stored[path] === 'string' ? amountAndUnit(props.stored[path]).unit : undefined;
  const options = UNITS.filter((unit) => EVERYDAY_UNITS.includes(unit.code) || unit.code === current || unit.code === storedUnit);
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={described}>
        <legend>{LABELS[path]}</legend>
        <p class="hint" id={`${id}-hint`}>
          {HINTS[path]}
        </p>
        <ErrorMessage id={`${id}-error`} text={error} />
        <div class="term">
          <div>
            <label for={id}>Aantal</label>
            <input
              id={id}
              name={amountName(path)}
              type="text"
              inputMode={current === 'ISO' ? 'text' : 'numeric'}
              class="input-short"
              value={values[amountName(path)] ?? ''}
              aria-invalid={error ? 'true' : undefined}
            />
          </div>
          <div>
            <label for={fieldId(unitName(path))}>Eenheid</label>
            <select id={fieldId(unitName(path))} name={unitName(path)}>
              {options.map((unit) => (
                <option key={unit.code} value={unit.code} selected={unit.code === current}>
                  {unit.text}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
    </div>
  );
}

function QuestionRow(props: { row: number; position: number; isNew: boolean; values: FormValues; errors?: FormErrors }) {
  const name = (part: string) => `selfAssessment.${props.row}.${part}`;
  const field = fieldsOf(props);
  return (
    <fieldset class="group">
      <legend>{props.isNew ? 'Nieuwe vraag' : `Vraag ${props.position}`}</legend>
      <TextField
        {...field}
        name={name('id')}
        label="Sleutel"
        hint="Kort en zonder spaties, bijvoorbeeld veiligheid: de antwoorden worden eraan gekoppeld."
        width="medium"
      />
      <TextArea {...field} name={name('question')} label="Vraag" rows={2} />
      {props.isNew ? null : <Checkbox name={name('remove')} label="Deze vraag verwijderen" values={props.values} />}
    </fieldset>
  );
}

export function PolicyForm(props: { partnership: Partnership; values: FormValues; errors?: FormErrors; csrf?: string }) {
  const { values, errors } = props;
  const field = { values, errors };
  const rows = questionRows(values);
  const extra = Math.max(-1, ...rows) + 1;
  const selfAssessmentError = errors?.fields.selfAssessment;
  return (
    <Form action={paths.policy} csrf={props.csrf}>
      <input type="hidden" name="partnershipId" value={props.partnership.id} />
      <h2>Termijnen</h2>
      {DURATIONS.map((path) => (
        <TermField {...field} key={path} path={path} stored={props.partnership.policy} />
      ))}
      <h2>Aanvraag</h2>
      <TextArea {...field} name="requiredDocuments" label={LABELS.requiredDocuments!} hint={HINTS.requiredDocuments} rows={4} />
      <h2>Wijzigingen tijdens de erkenning</h2>
      <TextField
        {...field}
        name="capacityIncreaseWithoutReview"
        label={LABELS.capacityIncreaseWithoutReview!}
        hint={HINTS.capacityIncreaseWithoutReview}
        inputMode="numeric"
        width="short"
      />
      <h2>Kwaliteitscontrole</h2>
      <Checkbox {...field} name="mentorChangeCheck" label="Een nieuwe mentor opent een lichte kwaliteitscontrole" />
      <TextField
        {...field}
        name="learnerFeedbackThreshold"
        label={LABELS.learnerFeedbackThreshold!}
        hint={HINTS.learnerFeedbackThreshold}
        inputMode="text"
        width="short"
      />
      <h3 id={fieldId('selfAssessment')} tabIndex={-1}>
        {LABELS.selfAssessment}
      </h3>
      <p class="hint">
        Een erkende werkplek beantwoordt deze vragen bij elke kwaliteitscontrole. Vul de lege rij in om een vraag toe te voegen.
      </p>
      <ErrorMessage text={selfAssessmentError} />
      {[...rows, extra].map((row, index) => (
        <QuestionRow {...field} key={row} row={row} position={index + 1} isNew={row === extra} />
      ))}
      <ImprovementFields {...field} />
      <Button>Beleid bewaren</Button>
    </Form>
  );
}

/** Labels for the error summary, questions by their place in the form. */
export function labelsFor(values: FormValues): Record<string, string> {
  const labels = { ...LABELS, ...improvementLabels(values) };
  const rows = questionRows(values);
  const extra = Math.max(-1, ...rows) + 1;
  [...rows, extra].forEach((row, index) => {
    const which = row === extra ? 'Nieuwe vraag' : `Vraag ${index + 1}`;
    labels[`selfAssessment.${row}.id`] = `${which}, sleutel`;
    labels[`selfAssessment.${row}.question`] = `${which}, vraag`;
  });
  return labels;
}
