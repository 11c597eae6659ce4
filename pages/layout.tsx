import type { Response } from 'express';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Principal } from '../platform/auth';
import { APPLICATION_STATUS_TEXT, RECOGNITION_STATUS_TEXT, ROLE_TEXT, enterpriseNumberText } from './dutch';
import type { FormErrors, FormValues } from './forms';

// The frame of every page and the pieces forms are made of. Patterns after the GOV.UK Design
// System and NL Design System: an error summary that links to each field, messages beside the
// fields, labels above inputs, hints under labels, one primary action per form.

export function render(res: Response, page: VNode, status = 200) {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html>${renderToString(page)}`);
}

const NAVIGATION: Record<string, Array<[string, string]>> = {
  company: [
    ['/', 'Overzicht'],
    ['/aanvragen/nieuw', 'Nieuwe aanvraag'],
    ['/machtigingen', 'Machtigingen'],
  ],
  reviewer: [
    ['/', 'Overzicht'],
    ['/dossiers', 'Dossiers'],
    ['/toezicht', 'Toezicht'],
    ['/beleid', 'Beleid'],
    ['/monitoring', 'Monitoring'],
  ],
  coordinator: [
    ['/', 'Overzicht'],
    ['/dossiers', 'Dossiers'],
    ['/toezicht', 'Toezicht'],
    ['/beleid', 'Beleid'],
    ['/monitoring', 'Monitoring'],
  ],
  school: [
    ['/', 'Overzicht'],
    ['/register', 'Erkenning nakijken'],
    ['/register/zoeken', 'Werkplek zoeken'],
    ['/plaatsingen', 'Plaatsingen'],
    ['/abonnementen', 'Meldingen'],
    ['/meldingen', 'Gemelde problemen'],
  ],
  admin: [
    ['/', 'Overzicht'],
    ['/dossiers', 'Dossiers'],
    ['/beleid', 'Beleid'],
    ['/monitoring', 'Monitoring'],
    ['/importeren', 'Importeren'],
  ],
};

export function who(principal: Principal): string {
  switch (principal.role) {
    case 'company':
      return `Onderneming ${enterpriseNumberText(principal.enterpriseNumber)}`;
    case 'school':
      return `School ${principal.schoolId}`;
    case 'admin':
      return 'Beheerder';
    default:
      return `${ROLE_TEXT[principal.role] ?? principal.role}, ${'partnershipId' in principal ? principal.partnershipId : ''}`;
  }
}

export function Page(props: {
  title: string;
  principal?: Principal;
  csrf?: string;
  errors?: FormErrors;
  labels?: Record<string, string>;
  back?: { href: string; text: string };
  /** Scripts of this page (files under /static): enhancements only, the page works without them. */
  scripts?: string[];
  children: ComponentChildren;
}) {
  const nav = props.principal ? (NAVIGATION[props.principal.role] ?? []) : [];
  const hasErrors = props.errors && (props.errors.general || Object.keys(props.errors.fields).length > 0);
  return (
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${hasErrors ? 'Fout: ' : ''}${props.title} – Erkend`}</title>
        <link rel="stylesheet" href="/static/erkend.css" />
        {props.scripts?.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#inhoud">
          Naar de inhoud
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/">
              Erkend
            </a>
            <span class="tagline">Erkenning van leerondernemingen voor duaal leren</span>
            {props.principal ? (
              <form method="post" action="/afmelden" class="signout">
                <span class="who">{who(props.principal)}</span>
                <input type="hidden" name="_csrf" value={props.csrf} />
                <button type="submit" class="link">
                  Afmelden
                </button>
              </form>
            ) : null}
          </div>
          {nav.length ? (
            <nav aria-label="Hoofdmenu" class="wrap">
              <ul>
                {nav.map(([href, text]) => (
                  <li key={href}>
                    <a href={href}>{text}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="inhoud" class="wrap" tabIndex={-1}>
          {props.back ? (
            <p>
              <a class="back" href={props.back.href}>
                {props.back.text}
              </a>
            </p>
          ) : null}
          {hasErrors ? <ErrorSummary errors={props.errors!} labels={props.labels ?? {}} /> : null}
          {props.children}
        </main>
        <footer class="site">
          <div class="wrap">
            Erkend · <a href="/docs">API voor schoolsystemen</a>
          </div>
        </footer>
      </body>
    </html>
  );
}

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

function FieldFrame(props: FieldProps & { children: ComponentChildren }) {
  const error = props.errors?.fields[props.name];
  const id = fieldId(props.name);
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
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
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
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

/** Key facts as a description list ("check your answers", a dossier's summary). */
export function Summary(props: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="summary">
      {props.rows.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Tone = 'green' | 'red' | 'yellow' | 'grey' | 'blue';

const APPLICATION_TONE: Record<string, Tone> = {
  submitted: 'blue',
  in_review: 'blue',
  info_requested: 'yellow',
  approved: 'green',
  rejected: 'red',
  lapsed: 'grey',
  withdrawn: 'grey',
};

const RECOGNITION_TONE: Record<string, Tone> = {
  active: 'green',
  suspended: 'yellow',
  withdrawn: 'red',
  expired: 'grey',
  ended: 'grey',
};

/** An application's status as a coloured tag, in Dutch. */
export const ApplicationStatus = (props: { status: string }) => (
  <Tag tone={APPLICATION_TONE[props.status] ?? 'grey'}>{APPLICATION_STATUS_TEXT[props.status] ?? props.status}</Tag>
);

/** A recognition's status as a coloured tag, in Dutch. */
export const RecognitionStatus = (props: { status: string }) => (
  <Tag tone={RECOGNITION_TONE[props.status] ?? 'grey'}>{RECOGNITION_STATUS_TEXT[props.status] ?? props.status}</Tag>
);

export function Tag(props: { children: ComponentChildren; tone?: 'green' | 'red' | 'yellow' | 'grey' | 'blue' }) {
  return <strong class={`tag tag-${props.tone ?? 'blue'}`}>{props.children}</strong>;
}

/** A message that something worked, shown once after a redirect (`?gelukt=`). */
export function Notice(props: { text?: string }) {
  return props.text ? (
    <div class="notice" role="status">
      {props.text}
    </div>
  ) : null;
}
