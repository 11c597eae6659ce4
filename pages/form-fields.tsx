import type { ComponentChildren } from 'preact';
import type { FormErrors, FormValues } from './forms';

// The pieces forms are made of, after the GOV.UK Design System and NL Design System: an error
// summary that links to each field, messages beside the fields, labels above inputs, hints under
// labels, one primary action per form.

/** The field's id: its path with dots, which a fragment link can name. */
export const fieldId = (name: string) => `veld-${name.replace(/[^\w-]/g, '-')}`;

/**
 * What is wrong, at the top of the page, each message a link to its field. `href` leads elsewhere
 * (the step of a longer form that asks it), or nowhere when it gives none.
 */
export function ErrorSummary(props: {
  errors: FormErrors;
  labels: Record<string, string>;
  href?: (path: string) => string | undefined;
}) {
  const entries = Object.entries(props.errors.fields);
  const href = props.href ?? ((path: string) => `#${fieldId(path)}`);
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>Er is een probleem</h2>
      {props.errors.general ? <p>{props.errors.general}</p> : null}
      {entries.length ? (
        <ul>
          {entries.map(([path, message]) => {
            const label = props.labels[path];
            const text = label !== undefined ? `${label}: ${message}` : message;
            const to = href(path);
            return <li key={path}>{to ? <a href={to}>{text}</a> : text}</li>;
          })}
        </ul>
      ) : null}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  values?: FormValues;
  errors?: FormErrors;
}

/** A field's message, read out first ("Fout: …") and linked from the field by `id`. */
export function ErrorMessage(props: { id?: string; text?: string }) {
  return props.text ? (
    <p class="error-message" id={props.id}>
      <span class="visually-hidden">Fout: </span>
      {props.text}
    </p>
  ) : null;
}

/** A field's label and the hint under it, which the field names in aria-describedby. */
function LabelAndHint(props: FieldProps) {
  const id = fieldId(props.name);
  return (
    <>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </>
  );
}

function FieldFrame(props: FieldProps & { children: ComponentChildren }) {
  const error = props.errors?.fields[props.name];
  const id = fieldId(props.name);
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <LabelAndHint {...props} />
      <ErrorMessage id={`${id}-error`} text={error} />
      {props.children}
    </div>
  );
}

const describedBy = (props: FieldProps) =>
  [props.hint ? `${fieldId(props.name)}-hint` : '', props.errors?.fields[props.name] ? `${fieldId(props.name)}-error` : '']
    .filter(Boolean)
    .join(' ') || undefined;

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'tel' | 'date' | 'number';
    autocomplete?: string;
    inputMode?: 'numeric' | 'text' | 'email' | 'tel';
    width?: 'short' | 'medium';
    required?: boolean;
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.values?.[props.name] ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        class={props.width ? `input-${props.width}` : undefined}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.fields[props.name] ? 'true' : undefined}
        required={props.required}
      />
    </FieldFrame>
  );
}

/** A file to upload; `accept` only helps the browser's picker, the API checks the content. */
export function FileField(props: FieldProps & { accept?: string }) {
  return (
    <FieldFrame {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type="file"
        accept={props.accept}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.fields[props.name] ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number; required?: boolean }) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={props.rows ?? 4}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.fields[props.name] ? 'true' : undefined}
        required={props.required}
      >
        {props.values?.[props.name] ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function Select(props: FieldProps & { options: Array<{ value: string; text: string }>; placeholder?: string }) {
  const current = props.values?.[props.name] ?? '';
  return (
    <FieldFrame {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.fields[props.name] ? 'true' : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === current}>
            {option.text}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** The filter by partnership on the lists an admin sees across partnerships (dossiers, monitoring). */
export function PartnershipFilter(props: { partnerships: Array<{ id: string; name: string }>; values: FormValues }) {
  return (
    <Select
      name="partnershipId"
      label="Partnerschap"
      placeholder="Alle partnerschappen"
      options={props.partnerships.map((p) => ({ value: p.id, text: p.name }))}
      values={props.values}
    />
  );
}

/** A yes/no the person confirms, such as a declaration on honour. */
export function Checkbox(props: FieldProps) {
  const error = props.errors?.fields[props.name];
  const id = fieldId(props.name);
  return (
    <div class={`field checkbox${error ? ' field-error' : ''}`}>
      <ErrorMessage id={`${id}-error`} text={error} />
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value="true"
        checked={props.values?.[props.name] === 'true'}
        aria-describedby={describedBy(props)}
      />
      <LabelAndHint {...props} />
    </div>
  );
}

export function Radios(props: FieldProps & { options: Array<{ value: string; text: string; hint?: string }> }) {
  const error = props.errors?.fields[props.name];
  const id = fieldId(props.name);
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{props.label}</legend>
        <ErrorMessage id={`${id}-error`} text={error} />
        {props.options.map((option, index) => (
          <div class="radio" key={option.value}>
            <input
              type="radio"
              id={index === 0 ? id : `${id}-${index}`}
              name={props.name}
              value={option.value}
              checked={props.values?.[props.name] === option.value}
            />
            <label for={index === 0 ? id : `${id}-${index}`}>{option.text}</label>
            {option.hint ? <p class="hint">{option.hint}</p> : null}
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/**
 * A form that posts to the server with this session's CSRF token. `liveCheck`: where
 * /static/live-check.js posts it to check answers as they are typed.
 */
export function Form(props: {
  action: string;
  csrf?: string;
  children: ComponentChildren;
  class?: string;
  liveCheck?: string;
  /** An upload form: multipart, its token the first part, checked before the file is taken (pages/session.ts). */
  upload?: boolean;
}) {
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.upload ? 'multipart/form-data' : undefined}
      novalidate
      class={props.class}
      data-live-check={props.liveCheck}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

export function Button(props: {
  children: ComponentChildren;
  kind?: 'primary' | 'secondary' | 'warning';
  name?: string;
  value?: string;
}) {
  return (
    <button type="submit" class={`button ${props.kind ?? 'primary'}`} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}
