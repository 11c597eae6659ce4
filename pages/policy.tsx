import type { Request, Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import { notFound } from '../api/problem';
import { DURATION_PATTERN } from '../models/duration';
import type { PolicyChange } from '../models/policy';
import { type PageContext, callAs, forRoles, page, principalOf, signedIn } from './context';
import { ROLE_TEXT, durationText, inDutch, longDateTime } from './dutch';
import { type FormErrors, type FormValues, formErrors, formValues, stringOf } from './forms';
import {
  Button,
  Checkbox,
  ErrorMessage,
  Form,
  Notice,
  Page,
  Select,
  Summary,
  TextArea,
  TextField,
  fieldId,
  render,
} from './layout';

// A partnership's policy: its coordinator (or an admin) changes it in a form, its reviewers read
// it, and everyone who sees it sees its history. Terms are a number and a unit, as people say
// them ("21 dagen"); the API keeps ISO 8601 durations (P21D).

interface Partnership {
  id: string;
  name: string;
  policy: Record<string, unknown>;
  policyProblems?: Array<{ path: string; message: string }>;
}

const DURATIONS = [
  'decisionDeadline',
  'infoRequestDeadline',
  'validity',
  'renewalNotice',
  'qualityCheckInterval',
  'qualityCheckResponseDeadline',
  'mentorTrainingDeadline',
  'objectionWindow',
] as const;

/** The policy's fields in the order of the form: the error summary lists them so. */
const FIELD_ORDER = [...DURATIONS, 'requiredDocuments', 'mentorChangeCheck', 'selfAssessment'];

const LABELS: Record<string, string> = {
  decisionDeadline: 'Beslissingstermijn',
  infoRequestDeadline: 'Termijn om informatie aan te vullen',
  validity: 'Geldigheid van een erkenning',
  renewalNotice: 'Uitnodiging om te verlengen',
  qualityCheckInterval: 'Tijd tussen twee kwaliteitscontroles',
  qualityCheckResponseDeadline: 'Antwoordtermijn van een kwaliteitscontrole',
  mentorTrainingDeadline: 'Termijn voor de mentoropleiding',
  objectionWindow: 'Termijn voor bezwaar',
  mentorChangeCheck: 'Controle bij een nieuwe mentor',
  requiredDocuments: 'Verplichte documenten',
  selfAssessment: 'Vragen van de zelfevaluatie',
};

const HINTS: Record<string, string> = {
  decisionDeadline: 'Binnen deze termijn beslist het partnerschap over een volledige aanvraag.',
  infoRequestDeadline: 'Zo lang heeft de onderneming om gevraagde informatie te bezorgen; daarna vervalt de aanvraag.',
  validity: 'Zo lang geldt een erkenning na de goedkeuring.',
  renewalNotice: 'Zo lang voor het einde van de erkenning wordt de onderneming uitgenodigd om te verlengen.',
  qualityCheckInterval: 'Zo vaak krijgt een erkende werkplek een periodieke kwaliteitscontrole.',
  qualityCheckResponseDeadline: 'Zo lang heeft de onderneming om een kwaliteitscontrole te beantwoorden.',
  mentorTrainingDeadline: 'Zo lang heeft een mentor zonder mentoropleiding om die te volgen.',
  objectionWindow: 'Zo lang kan de onderneming bezwaar aantekenen tegen een afwijzing.',
  requiredDocuments: 'Eén soort document per regel, zoals de onderneming het oplaadt, bijvoorbeeld risicoanalyse.',
};

const NOTICES: Record<string, string> = {
  bewaard: 'Het beleid is bewaard. Dossiers volgen het vanaf hun volgende stap.',
};

const HISTORY_LIMIT = 20;

// ---------------------------------------------------------------------------------------------
// Terms: a number and a unit on the page, an ISO 8601 duration in the API

interface Unit {
  code: string;
  text: string;
  iso: (amount: string) => string;
  /** Its length in seconds, for a unit of fixed length. */
  seconds?: number;
}

const UNITS: Unit[] = [
  { code: 'D', text: 'dagen', iso: (n) => `P${n}D`, seconds: 86_400 },
  { code: 'W', text: 'weken', iso: (n) => `P${n}W`, seconds: 604_800 },
  { code: 'M', text: 'maanden', iso: (n) => `P${n}M` },
  { code: 'Y', text: 'jaren', iso: (n) => `P${n}Y` },
  // Offered only when a term already uses them (tests and demonstrations run in seconds).
  { code: 'H', text: 'uren', iso: (n) => `PT${n}H`, seconds: 3_600 },
  { code: 'MIN', text: 'minuten', iso: (n) => `PT${n}M`, seconds: 60 },
  { code: 'S', text: 'seconden', iso: (n) => `PT${n}S`, seconds: 1 },
  // A term no single unit can say exactly (P1M2D, set through the API): kept as written.
  { code: 'ISO', text: 'ISO 8601-duur', iso: (n) => n },
];
const EVERYDAY_UNITS = ['D', 'W', 'M', 'Y'];
/** The units of the duration pattern's groups, in order. */
const PATTERN_UNITS = ['Y', 'M', 'W', 'D', 'H', 'MIN', 'S'];
const unitOf = (code: string | undefined) => UNITS.find((unit) => unit.code === code);

/** A term as one amount and unit: exact, never rounded (P1Y6M is 18 maanden, P1W3D 10 dagen). */
function amountAndUnit(iso: string): { amount: string; unit: string } {
  const match = DURATION_PATTERN.exec(iso);
  if (!match) return { amount: iso, unit: 'ISO' };
  const present = PATTERN_UNITS.map((code, index) => ({ code, amount: match[index + 1] })).filter((p) => p.amount !== undefined);
  if (present.length === 1) return { amount: present[0]!.amount!, unit: present[0]!.code };
  const calendar = present.filter((p) => p.code === 'Y' || p.code === 'M');
  if (calendar.length === present.length) {
    return {
      amount: String(calendar.reduce((months, p) => months + Number(p.amount) * (p.code === 'Y' ? 12 : 1), 0)),
      unit: 'M',
    };
  }
  if (calendar.length > 0) return { amount: iso, unit: 'ISO' };
  // Fixed lengths only: in the smallest unit written, which each larger one is a whole multiple of.
  const smallest = unitOf(present.at(-1)!.code)!;
  const seconds = present.reduce((sum, p) => sum + Number(p.amount) * unitOf(p.code)!.seconds!, 0);
  return { amount: String(seconds / smallest.seconds!), unit: smallest.code };
}

/** The ISO duration of a posted amount and unit, or the reason it is none. */
function termOf(amount: string, unit: string): { iso: string } | { error: string } {
  const chosen = unitOf(unit);
  if (!chosen) return { error: 'Kies een eenheid.' };
  if (amount === '') return { error: 'Vul een aantal in.' };
  if (chosen.code === 'ISO') return { iso: amount };
  if (!/^\d+$/.test(amount)) return { error: 'Geef het aantal als een geheel getal, bijvoorbeeld 14.' };
  return { iso: chosen.iso(amount.replace(/^0+(?=\d)/, '')) };
}

// ---------------------------------------------------------------------------------------------
// Form values and the policy

// A term is two fields, `<path>.amount` and `<path>.unit`, while its refusals stay under the
// API's path (`decisionDeadline`): the summary's labels are the API's paths as everywhere, and
// the amount field carries the id of that path, so a summary link lands on the number to change.
const amountName = (path: string) => `${path}.amount`;
const unitName = (path: string) => `${path}.unit`;

/** The policy as the form shows it. */
function valuesOf(policy: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const path of DURATIONS) {
    const { amount, unit } = amountAndUnit(typeof policy[path] === 'string' ? policy[path] : '');
    values[amountName(path)] = amount;
    values[unitName(path)] = unit;
  }
  values.mentorChangeCheck = policy.mentorChangeCheck === false ? '' : 'true';
  values.requiredDocuments = Array.isArray(policy.requiredDocuments) ? policy.requiredDocuments.join('\n') : '';
  const questions = Array.isArray(policy.selfAssessment) ? (policy.selfAssessment as Array<Record<string, unknown>>) : [];
  questions.forEach((q, index) => {
    values[`selfAssessment.${index}.id`] = String(q?.id ?? '');
    values[`selfAssessment.${index}.question`] = String(q?.question ?? '');
  });
  return values;
}

/** The self-assessment rows the form has, by their index in the form: each with an id or a question. */
function questionRows(values: FormValues): number[] {
  const rows = new Set<number>();
  for (const name of Object.keys(values)) {
    const match = /^selfAssessment\.(\d{1,2})\.(id|question)$/.exec(name);
    if (match && values[name] !== '') rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

/**
 * The API's policy from the posted form, the reasons some terms could not be read, and which
 * form row each question of the body came from (the API names them by their place in the body).
 * A term left as it was keeps its stored form (P1Y6M stays P1Y6M, not P18M).
 */
function policyOf(values: FormValues, stored: Record<string, unknown>) {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const path of DURATIONS) {
    const amount = values[amountName(path)] ?? '';
    const unit = values[unitName(path)] ?? '';
    const before = typeof stored[path] === 'string' ? amountAndUnit(stored[path]) : undefined;
    const term = termOf(amount, unit);
    if (before && before.unit === unit && before.amount === amount) body[path] = stored[path];
    else if ('iso' in term) body[path] = term.iso;
    else {
      // The API refuses the empty term too, so nothing is saved; the page's reason replaces its message.
      body[path] = '';
      errors[path] = term.error;
    }
  }
  body.mentorChangeCheck = values.mentorChangeCheck === 'true';
  body.requiredDocuments = (values.requiredDocuments ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const rows = questionRows(values).filter((row) => values[`selfAssessment.${row}.remove`] !== 'true');
  body.selfAssessment = rows.map((row) => ({
    id: values[`selfAssessment.${row}.id`] ?? '',
    question: values[`selfAssessment.${row}.question`] ?? '',
  }));
  return { body, errors, rows };
}

/** A refusal's field paths as the form names them: a document by its textarea, a question by its row. */
function formPath(path: string, rows: number[]): string {
  if (path.startsWith('requiredDocuments.')) return 'requiredDocuments';
  const question = /^selfAssessment\.(\d+)(\.\w+)?$/.exec(path);
  if (question && rows[Number(question[1])] !== undefined)
    return `selfAssessment.${rows[Number(question[1])]}${question[2] ?? ''}`;
  return path;
}

const rank = (path: string) => {
  const [field, row, part] = path.split('.');
  const at = FIELD_ORDER.indexOf(field!);
  return [at < 0 ? FIELD_ORDER.length : at, Number(row ?? -1), part === 'question' ? 1 : 0];
};

/** Messages in the order of the form. */
function inFormOrder(fields: Record<string, string>): Record<string, string> {
  const compare = (a: string, b: string) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  };
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => compare(a, b)));
}

// ---------------------------------------------------------------------------------------------
// Reading a policy and its history

/** A policy's value as people read it, in the form and in the history. */
function valueText(field: string, value: unknown): string {
  if (value === undefined || value === null) return 'niet ingesteld';
  if ((DURATIONS as readonly string[]).includes(field) && typeof value === 'string') return durationText(value);
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (field === 'requiredDocuments' && Array.isArray(value)) return value.length ? value.join(', ') : 'geen';
  if (field === 'selfAssessment' && Array.isArray(value)) {
    return value.length === 0 ? 'geen vragen' : value.length === 1 ? '1 vraag' : `${value.length} vragen`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Which questions a change added, removed or reworded (by their key): a list's counts alone say too little. */
function questionChanges(before: unknown, after: unknown): string {
  const list = (value: unknown) =>
    new Map(
      (Array.isArray(value) ? (value as Array<{ id?: unknown; question?: unknown }>) : []).map((q) => [
        String(q?.id ?? ''),
        String(q?.question ?? ''),
      ]),
    );
  const [old, now] = [list(before), list(after)];
  const added = [...now].filter(([id]) => !old.has(id)).map(([, q]) => `“${q}”`);
  const removed = [...old].filter(([id]) => !now.has(id)).map(([, q]) => `“${q}”`);
  const reworded = [...now].filter(([id, q]) => old.has(id) && old.get(id) !== q).map(([, q]) => `“${q}”`);
  const parts = [
    added.length ? `toegevoegd: ${added.join(', ')}` : '',
    removed.length ? `verwijderd: ${removed.join(', ')}` : '',
    reworded.length ? `anders verwoord: ${reworded.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function PolicySummary(props: { policy: Record<string, unknown> }) {
  const p = props.policy;
  const questions = Array.isArray(p.selfAssessment) ? (p.selfAssessment as Array<{ question?: string }>) : [];
  const documents = Array.isArray(p.requiredDocuments) ? (p.requiredDocuments as string[]) : [];
  const rows: Array<[string, ComponentChildren]> = DURATIONS.map((path) => [LABELS[path]!, valueText(path, p[path])]);
  rows.push([
    LABELS.requiredDocuments!,
    documents.length ? (
      <ul>
        {documents.map((kind) => (
          <li key={kind}>{kind}</li>
        ))}
      </ul>
    ) : (
      'Geen'
    ),
  ]);
  rows.push([
    LABELS.mentorChangeCheck!,
    p.mentorChangeCheck === false ? 'Nee' : 'Ja, een nieuwe mentor opent een lichte kwaliteitscontrole',
  ]);
  rows.push([
    LABELS.selfAssessment!,
    questions.length ? (
      <ol>
        {questions.map((q, index) => (
          <li key={index}>{q.question}</li>
        ))}
      </ol>
    ) : (
      'Geen vragen'
    ),
  ]);
  return <Summary rows={rows} />;
}

function History(props: { changes: PolicyChange[]; older?: string }) {
  return (
    <section aria-labelledby="geschiedenis">
      <h2 id="geschiedenis">Geschiedenis</h2>
      {props.changes.length === 0 ? (
        <p>Dit beleid is nog niet gewijzigd.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Wijzigingen van het beleid, de nieuwste eerst</caption>
          <thead>
            <tr>
              <th scope="col">Wanneer</th>
              <th scope="col">Door</th>
              <th scope="col">Wat veranderde</th>
            </tr>
          </thead>
          <tbody>
            {props.changes.map((change) => (
              <tr key={change.id}>
                <td>
                  <time datetime={change.at}>{longDateTime(change.at)}</time>
                </td>
                <td class="break">
                  {change.by.sub} ({ROLE_TEXT[change.by.role] ?? change.by.role})
                </td>
                <td>
                  <ul class="changes">
                    {change.changed.map((field) => (
                      <li key={field}>
                        {LABELS[field] ?? field}: {valueText(field, change.before?.[field])} →{' '}
                        {valueText(field, (change.after as Record<string, unknown>)[field])}
                        {field === 'selfAssessment' ? questionChanges(change.before?.[field], change.after.selfAssessment) : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.older ? (
        <p class="pagination">
          <a href={props.older}>Oudere wijzigingen</a>
        </p>
      ) : null}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// The form

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
  return (
    <fieldset class="group">
      <legend>{props.isNew ? 'Nieuwe vraag' : `Vraag ${props.position}`}</legend>
      <TextField
        name={name('id')}
        label="Sleutel"
        hint="Kort en zonder spaties, bijvoorbeeld veiligheid: de antwoorden worden eraan gekoppeld."
        width="medium"
        values={props.values}
        errors={props.errors}
      />
      <TextArea name={name('question')} label="Vraag" rows={2} values={props.values} errors={props.errors} />
      {props.isNew ? null : <Checkbox name={name('remove')} label="Deze vraag verwijderen" values={props.values} />}
    </fieldset>
  );
}

function PolicyForm(props: { partnership: Partnership; values: FormValues; errors?: FormErrors; csrf?: string }) {
  const { values, errors } = props;
  const rows = questionRows(values);
  const extra = Math.max(-1, ...rows) + 1;
  const selfAssessmentError = errors?.fields.selfAssessment;
  return (
    <Form action="/beleid" csrf={props.csrf}>
      <input type="hidden" name="partnershipId" value={props.partnership.id} />
      <h2>Termijnen</h2>
      {DURATIONS.map((path) => (
        <TermField key={path} path={path} values={values} errors={errors} stored={props.partnership.policy} />
      ))}
      <h2>Aanvraag</h2>
      <TextArea
        name="requiredDocuments"
        label={LABELS.requiredDocuments!}
        hint={HINTS.requiredDocuments}
        rows={4}
        values={values}
        errors={errors}
      />
      <h2>Kwaliteitscontrole</h2>
      <Checkbox
        name="mentorChangeCheck"
        label="Een nieuwe mentor opent een lichte kwaliteitscontrole"
        values={values}
        errors={errors}
      />
      <h3 id={fieldId('selfAssessment')} tabIndex={-1}>
        {LABELS.selfAssessment}
      </h3>
      <p class="hint">
        Een erkende werkplek beantwoordt deze vragen bij elke kwaliteitscontrole. Vul de lege rij in om een vraag toe te voegen.
      </p>
      <ErrorMessage text={selfAssessmentError} />
      {[...rows, extra].map((row, index) => (
        <QuestionRow key={row} row={row} position={index + 1} isNew={row === extra} values={values} errors={errors} />
      ))}
      <Button>Beleid bewaren</Button>
    </Form>
  );
}

/** Labels for the error summary, questions by their place in the form. */
function labelsFor(values: FormValues): Record<string, string> {
  const labels = { ...LABELS };
  const rows = questionRows(values);
  const extra = Math.max(-1, ...rows) + 1;
  [...rows, extra].forEach((row, index) => {
    const which = row === extra ? 'Nieuwe vraag' : `Vraag ${index + 1}`;
    labels[`selfAssessment.${row}.id`] = `${which}, sleutel`;
    labels[`selfAssessment.${row}.question`] = `${which}, vraag`;
  });
  return labels;
}

// ---------------------------------------------------------------------------------------------
// The page

/** The partnership shown: a reviewer's or coordinator's own, an admin's choice (the first by default). */
async function partnershipFor(ctx: PageContext, res: Response, chosen: string) {
  const principal = principalOf(res);
  const all = (await callAs(ctx, res, 'get', '/api/v1/partnerships')).body as Partnership[];
  const id = principal.role === 'admin' ? chosen || all[0]?.id : 'partnershipId' in principal ? principal.partnershipId : '';
  const partnership = all.find((p) => p.id === id);
  if (!partnership) throw notFound(`No partnership ${id}`);
  return { partnership, all };
}

async function historyOf(ctx: PageContext, res: Response, partnershipId: string, before: string) {
  const reply = await callAs(ctx, res, 'get', '/api/v1/partnerships/:id/policy-history', {
    params: { id: partnershipId },
    query: { limit: String(HISTORY_LIMIT), ...(before ? { before } : {}) },
  });
  return reply.body as PolicyChange[];
}

async function show(
  ctx: PageContext,
  req: Request,
  res: Response,
  options: { partnershipId: string; values?: FormValues; errors?: FormErrors; status?: number },
) {
  const principal = principalOf(res);
  const { partnership, all } = await partnershipFor(ctx, res, options.partnershipId);
  const before = stringOf(req.query.voor);
  const changes = await historyOf(ctx, res, partnership.id, before);
  const editable = principal.role === 'admin' || principal.role === 'coordinator';
  // A stored policy beyond today's bounds is shown with its fields marked, for an admin or coordinator to repair.
  const repair =
    !options.errors && partnership.policyProblems?.length
      ? {
          general: 'Dit beleid voldoet niet aan de grenzen. Pas de aangeduide velden aan en bewaar het.',
          fields: Object.fromEntries(
            partnership.policyProblems.map((p) => [formPath(p.path.replace(/^policy\./, ''), []), inDutch(p.message)]),
          ),
        }
      : undefined;
  const errors = options.errors ?? (editable ? repair : undefined);
  const values = options.values ?? valuesOf(partnership.policy);
  const query = principal.role === 'admin' ? `partnershipId=${encodeURIComponent(partnership.id)}&` : '';
  const older =
    changes.length === HISTORY_LIMIT ? `/beleid?${query}voor=${encodeURIComponent(changes.at(-1)!.id)}#geschiedenis` : undefined;
  render(
    res,
    <Page
      title={`Beleid van ${partnership.name}`}
      principal={principal}
      csrf={res.locals.csrf}
      errors={errors}
      labels={labelsFor(values)}
    >
      <Notice text={options.errors ? undefined : NOTICES[stringOf(req.query.gelukt)]} />
      <span class="caption">{partnership.name}</span>
      <h1>Beleid</h1>
      {principal.role === 'admin' ? (
        <form method="get" action="/beleid">
          <Select
            name="partnershipId"
            label="Sectoraal partnerschap"
            options={all.map((p) => ({ value: p.id, text: p.name }))}
            values={{ partnershipId: partnership.id }}
          />
          <Button kind="secondary">Tonen</Button>
        </form>
      ) : null}
      {editable ? (
        <>
          <p class="lead">
            Hoe het partnerschap zijn dossiers behandelt. Een wijziging geldt voor nieuwe aanvragen en voor lopende dossiers vanaf
            hun volgende stap.
          </p>
          <PolicyForm partnership={partnership} values={values} errors={errors} csrf={res.locals.csrf} />
        </>
      ) : (
        <>
          <p class="lead">
            Hoe het partnerschap zijn dossiers behandelt. Alleen de coördinator van het partnerschap kan het wijzigen.
          </p>
          <PolicySummary policy={partnership.policy} />
        </>
      )}
      <History changes={changes} older={older} />
    </Page>,
    options.status ?? 200,
  );
}

export function policyPages(router: Router, ctx: PageContext) {
  router.get(
    '/beleid',
    signedIn,
    forRoles('coordinator', 'reviewer', 'admin'),
    page(async (req, res) => show(ctx, req, res, { partnershipId: stringOf(req.query.partnershipId) })),
  );

  router.post(
    '/beleid',
    signedIn,
    forRoles('coordinator', 'admin'),
    page(async (req, res) => {
      const principal = principalOf(res);
      const values = formValues(req.body);
      // The partnership the form was for: another than a coordinator's own is refused by the API
      // (not found), never quietly applied to its own.
      const own = 'partnershipId' in principal ? principal.partnershipId : '';
      const partnershipId = values.partnershipId || own;
      const all = (await callAs(ctx, res, 'get', '/api/v1/partnerships')).body as Partnership[];
      const stored = all.find((p) => p.id === partnershipId)?.policy ?? {};
      const { body, errors: unreadable, rows } = policyOf(values, stored);
      try {
        await callAs(ctx, res, 'put', '/api/v1/partnerships/:id/policy', { params: { id: partnershipId }, body });
      } catch (error) {
        const refused = formErrors(error);
        if (!refused) throw error;
        const fields: Record<string, string> = {};
        for (const [path, message] of Object.entries(refused.fields)) fields[formPath(path, rows)] ??= message;
        const errors = { ...refused, fields: inFormOrder({ ...fields, ...unreadable }) };
        return show(ctx, req, res, { partnershipId, values, errors, status: 400 });
      }
      const query = principal.role === 'admin' ? `&partnershipId=${encodeURIComponent(partnershipId)}` : '';
      res.redirect(303, `/beleid?gelukt=bewaard${query}`);
    }),
  );
}
