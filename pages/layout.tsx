import type { Response } from 'express';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Principal } from '../platform/auth';
import { APPLICATION_STATUS_TEXT, RECOGNITION_STATUS_TEXT, ROLE_TEXT, enterpriseNumberText } from './dutch';
import { ErrorSummary } from './form-fields';
import type { FormErrors } from './forms';
import { paths } from './paths';

// The frame of every page: head, header with who is signed in and the menu of their role, the
// error summary, the footer. The pieces of forms are in pages/form-fields.tsx and the table in
// pages/table.tsx, exported here too so a page imports what it is made of from one place.

export * from './form-fields';
export * from './table';

export function render(res: Response, page: VNode, status = 200) {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** A partnership's reviewer and its coordinator work on the same pages. */
const PARTNERSHIP_MENU: Array<[string, string]> = [
  [paths.start, 'Overzicht'],
  [paths.dossiers, 'Dossiers'],
  [paths.recognitions, 'Erkenningen'],
  [paths.checks, 'Toezicht'],
  [paths.policy, 'Beleid'],
  [paths.monitoring, 'Monitoring'],
];

/** The menu of each role. */
const NAVIGATION: Record<string, Array<[string, string]>> = {
  company: [
    [paths.start, 'Overzicht'],
    [paths.newApplication, 'Nieuwe aanvraag'],
    [paths.placements, 'Plaatsingen'],
    [paths.mandates, 'Machtigingen'],
    [paths.notices, 'Berichten'],
  ],
  reviewer: PARTNERSHIP_MENU,
  coordinator: PARTNERSHIP_MENU,
  school: [
    [paths.start, 'Overzicht'],
    [paths.register, 'Erkenning nakijken'],
    [paths.registerSearch, 'Werkplek zoeken'],
    [paths.placements, 'Plaatsingen'],
    [paths.searchingLearners, 'Zoekende leerlingen'],
    [paths.subscriptions, 'Meldingen'],
    [paths.incidents, 'Gemelde problemen'],
    [paths.notices, 'Berichten'],
  ],
  admin: [
    [paths.start, 'Overzicht'],
    [paths.dossiers, 'Dossiers'],
    [paths.recognitions, 'Erkenningen'],
    [paths.policy, 'Beleid'],
    [paths.monitoring, 'Monitoring'],
    [paths.imports, 'Importeren'],
    [paths.adminCatalogue, 'Beheer'],
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
        <link rel="stylesheet" href={paths.asset('erkend.css')} />
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
            <a class="brand" href={paths.start}>
              Erkend
            </a>
            <span class="tagline">Erkenning van leerondernemingen voor duaal leren</span>
            {props.principal ? (
              <form method="post" action={paths.signOut} class="signout">
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
            Erkend · <a href={paths.publicSearch}>Erkende werkplek zoeken</a> · <a href={paths.docs}>API voor schoolsystemen</a>
          </div>
        </footer>
      </body>
    </html>
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
