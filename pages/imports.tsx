import type { Response, Router } from 'express';
import { Problem } from '../api/problem';
import { IMPORT_COLUMNS, type ImportView, rowsDone } from '../models/recognition-import';
import { type PageContext, call, forOperation, page, principalOf, signedInPage } from './context';
import { inDutch, longDateTime } from './dutch';
import type { Principal } from '../platform/auth';
import type { FormErrors } from './forms';
import { Button, FileField, Form, Page, Summary, Table, Tag, render } from './layout';
import { paths, patterns } from './paths';

// The administrator takes over today's recognitions: a CSV uploaded through a plain form to the
// import operation, then the import's page with its progress, counts and the refused rows by
// line, followed as it runs (/static/follow.js; without it, a link to look again).

const COLUMNS: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  enterpriseNumber: 'ondernemingsnummer, bijvoorbeeld 0403.170.701',
  establishmentNumber: 'vestigingseenheidsnummer, bijvoorbeeld 2.123.456.791',
  trainingCode: 'code van de opleiding, zoals in de catalogus (GET /api/v1/trainings)',
  companyName: 'naam van de onderneming',
  street: 'straat en huisnummer van de werkplek',
  postcode: 'postcode (4 cijfers)',
  municipality: 'gemeente',
  capacity: 'aantal leerlingen tegelijk (1 tot 100)',
  validFrom: 'erkend sinds (JJJJ-MM-DD)',
  validUntil: 'erkend tot en met (JJJJ-MM-DD); een verlopen erkenning wordt niet overgenomen',
  contactName: 'naam van de contactpersoon',
  contactEmail: 'e-mailadres van de contactpersoon',
};

const STATUS: Record<ImportView['status'], { text: string; tone: 'blue' | 'green' | 'red' }> = {
  running: { text: 'Bezig', tone: 'blue' },
  done: { text: 'Klaar', tone: 'green' },
  failed: { text: 'Gestopt', tone: 'red' },
};

const NUMBER = new Intl.NumberFormat('nl-BE');
const ERRORS_SHOWN = 200;

function uploadErrors(error: unknown): FormErrors | undefined {
  if (!(error instanceof Problem)) return undefined;
  if (error.status === 413) return { fields: { file: 'Het bestand is groter dan 200 MB. Splits het in delen.' } };
  const issues = error.errors ?? [];
  if (issues.some((e) => e.path === 'file') || error.status === 415) return { fields: { file: 'Kies een CSV-bestand.' } };
  if (error.status !== 400) return undefined;
  // The header's columns, or a line that cannot be read: each said in the one message of the field.
  const columns = issues.map((e) =>
    e.code === 'missing-column' ? `kolom ${e.path} ontbreekt` : `kolom “${e.path}” is onbekend`,
  );
  const text =
    issues[0]?.code === 'unreadable-csv'
      ? `Dit bestand is geen leesbare CSV (${issues[0]?.message ?? ''}).`
      : `De eerste regel moet de kolommen noemen: ${columns.join('; ')}.`;
  return { fields: { file: text } };
}

function ImportForm(props: { csrf?: string; errors?: FormErrors }) {
  return (
    <Form action={paths.imports} csrf={props.csrf} upload>
      <FileField
        name="file"
        label="CSV-bestand met de erkenningen"
        hint="UTF-8, gescheiden door komma's, met op de eerste regel de namen van de kolommen hieronder (in eender welke volgorde)."
        accept=".csv,text/csv"
        errors={props.errors}
      />
      <Button>Importeren</Button>
    </Form>
  );
}

async function showStart(res: Response, ctx: PageContext, errors?: FormErrors, status = 200) {
  const { body: recent } = await call(ctx, res, ctx.api.imports.list, { query: { limit: '10' } });
  render(
    res,
    <Page
      title="Erkenningen importeren"
      {...signedInPage(res)}
      errors={errors}
      labels={{ file: 'CSV-bestand met de erkenningen' }}
    >
      <h1>Bestaande erkenningen importeren</h1>
      <p class="lead">
        Erkenningen uit de systemen van vóór Erkend worden overgenomen, niet opnieuw aangevraagd. Elke geldige rij wordt een
        actieve erkenning, met haar kwaliteitscontroles, verlenging en einde alsof ze op de begindatum werd goedgekeurd.
      </p>
      <p>Hetzelfde bestand nog eens importeren verandert niets: wat er al is, wordt overgeslagen.</p>
      <ImportForm csrf={res.locals.csrf} errors={errors} />
      <h2>Kolommen</h2>
      <Summary rows={IMPORT_COLUMNS.map((column) => [column, COLUMNS[column]])} />
      {recent.length ? (
        <>
          <h2>Recente imports</h2>
          <Table caption="Recente imports" columns={['Bestand', 'Gestart', 'Stand', 'Rijen']}>
            {recent.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={paths.import(i.id)}>{i.fileName ?? i.id}</a>
                </td>
                <td>{longDateTime(i.startedAt)}</td>
                <td>
                  <Tag tone={STATUS[i.status].tone}>{STATUS[i.status].text}</Tag>
                </td>
                <td>
                  {NUMBER.format(i.imported)} overgenomen, {NUMBER.format(i.skipped)} overgeslagen, {NUMBER.format(i.failed)}{' '}
                  geweigerd
                </td>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
    </Page>,
    status,
  );
}

function Progress(props: { run: ImportView }) {
  const { run } = props;
  const done = rowsDone(run);
  return (
    <div id="voortgang" data-follow={run.status === 'running' ? '3000' : undefined} aria-live="polite">
      <p>
        <Tag tone={STATUS[run.status].tone}>{STATUS[run.status].text}</Tag> {NUMBER.format(done)} van {NUMBER.format(run.total)}{' '}
        rijen verwerkt
      </p>
      <progress max={Math.max(run.total, 1)} value={done} aria-label="Verwerkte rijen">
        {run.total ? Math.round((done / run.total) * 100) : 100}%
      </progress>
      <Summary
        rows={[
          ['Overgenomen', NUMBER.format(run.imported)],
          ['Overgeslagen (bestond al)', NUMBER.format(run.skipped)],
          ['Geweigerd', NUMBER.format(run.failed)],
          ['Gestart', `${longDateTime(run.startedAt)}`],
          ...(run.finishedAt ? [['Afgerond', longDateTime(run.finishedAt)] as [string, string]] : []),
        ]}
      />
      {run.failure ? <p class="error-message">De import is gestopt: {run.failure}</p> : null}
      {run.status === 'running' ? (
        <p>
          <a href={paths.import(run.id)}>Stand vernieuwen</a>
        </p>
      ) : null}
    </div>
  );
}

/** One import: its progress and the rows it refused; pages/static/follow.js reloads it while it runs. */
function ImportRunPage(props: { principal: Principal; run: ImportView }) {
  const { run } = props;
  return (
    <Page
      title={`Import ${run.fileName ?? run.id}`}
      principal={props.principal}
      back={{ href: paths.imports, text: 'Naar de imports' }}
      scripts={[paths.asset('follow.js')]}
    >
      <p class="caption">Import van bestaande erkenningen</p>
      <h1>{run.fileName ?? run.id}</h1>
      <Progress run={run} />
      <h2>Geweigerde rijen</h2>
      {run.errors.length === 0 ? (
        <p>{run.status === 'running' ? 'Nog geen.' : 'Geen: elke rij is overgenomen of bestond al.'}</p>
      ) : (
        <Table caption="Geweigerde rijen" columns={['Regel', 'Kolom', 'Waarom']}>
          {run.errors.slice(0, ERRORS_SHOWN).map((e) => (
            <tr key={`${e.line}:${e.path}`}>
              <td>{e.line}</td>
              <td>{e.path}</td>
              <td>{inDutch(e)}</td>
            </tr>
          ))}
        </Table>
      )}
      {run.errors.length > ERRORS_SHOWN ? (
        <p>
          De eerste {ERRORS_SHOWN} van {NUMBER.format(run.errors.length)}; alle via GET /api/v1/imports/{run.id}.
        </p>
      ) : null}
    </Page>
  );
}

export function importPages(router: Router, ctx: PageContext) {
  const admin = [forOperation(ctx.api.imports.create)];

  router.get(
    patterns.imports,
    ...admin,
    page((_req, res) => showStart(res, ctx)),
  );

  router.post(
    patterns.imports,
    ...admin,
    page(async (req, res) => {
      let started;
      try {
        ({ body: started } = await call(ctx, res, ctx.api.imports.create, { request: req }));
      } catch (error) {
        const errors = uploadErrors(error);
        if (!errors) throw error;
        req.resume();
        return showStart(res, ctx, errors, error instanceof Problem && error.status === 413 ? 413 : 400);
      }
      res.redirect(303, paths.import(started.id));
    }),
  );

  router.get(
    patterns.import,
    ...admin,
    page(async (req, res) => {
      const { body: run } = await call(ctx, res, ctx.api.imports.get, { params: { id: String(req.params.id) } });
      render(res, <ImportRunPage principal={principalOf(res)} run={run} />);
    }),
  );
}
