import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { Problem } from '../api/problem';
import { decisionInput } from '../models/application-dossier';
import { type QualityCheck, answersInput, evaluationInput } from '../models/quality-check';
import {
  type Recognition,
  type RecognitionWithPlacements,
  mentorsInput,
  recognitionWithdrawalInput,
  reinstatementInput,
  suspensionInput,
} from '../models/recognition';
import { PARTNERSHIP_ROLES, type Principal } from '../platform/auth';
import { type CatalogueNames, type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from './context';
import {
  CHECK_OUTCOME_TEXT,
  CHECK_REASON_TEXT,
  CHECK_STATUS_TEXT,
  CONDITION_TEXT,
  RECOGNITION_STATUS_TEXT,
  daysLeft,
  daysLeftText,
  enterpriseNumberText,
  establishmentNumberText,
  longDate,
} from './dutch';
import { type FormErrors, type FormValues, formErrors, formInput, formValues } from './forms';
import {
  Button,
  Checkbox,
  Form,
  fieldId,
  Notice,
  Page,
  Radios,
  Summary,
  RecognitionStatus,
  TextArea,
  TextField,
  render,
} from './layout';

// A recognition as its company, its partnership and an admin see it, with what each may do to
// it; and the partnership's quality supervision: the checks that wait for a reviewer.

/** Short texts after a successful form, named in the redirect (`?gelukt=`). */
const NOTICES: Record<string, string> = {
  afgesloten: 'Alles in orde: de controle is afgesloten.',
  beantwoord:
    'Bedankt voor uw antwoorden. De controle is nog niet afgesloten: het partnerschap beoordeelt uw antwoorden en laat u weten wat er volgt.',
  verlengd: 'Uw erkenning is verlengd.',
  'verlenging-gevraagd': 'Uw vraag tot verlenging ligt bij het partnerschap.',
  beeindigd: 'De erkenning is beëindigd.',
  mentoren: 'De mentoren zijn bijgewerkt.',
  geschorst: 'De erkenning is geschorst. De onderneming krijgt bericht.',
  hersteld: 'De schorsing is opgeheven: de erkenning geldt weer.',
  ingetrokken: 'De erkenning is ingetrokken.',
  'verlenging-beslist': 'De beslissing over de verlenging is bewaard. De onderneming krijgt bericht.',
  beoordeeld: 'De controle is beoordeeld en afgesloten.',
};

/** A path parameter (Express types allow a list, which these routes never have). */
const idOf = (req: Request, name = 'id') => String(req.params[name]);

const noticeOf = (req: Request) => NOTICES[String(req.query.gelukt ?? '')];

const isPartnership = (principal: Principal) => (PARTNERSHIP_ROLES as readonly string[]).includes(principal.role);
const isLive = (recognition: Recognition) => recognition.status === 'active' || recognition.status === 'suspended';

/** A refusal the form shows again (400, or 409 when the status changed meanwhile); anything else is thrown on. */
function refusal(error: unknown): { errors: FormErrors; status: number } {
  const errors = formErrors(error);
  if (!errors) throw error;
  return { errors, status: error instanceof Problem && error.status === 409 ? 409 : 400 };
}

/** A form posted to the recognition page and refused: shown again with its values and messages. */
interface Refused {
  form: 'answers' | 'suspend' | 'reinstate' | 'renew';
  values: FormValues;
  errors: FormErrors;
  status: number;
}

interface Loaded {
  recognition: Recognition;
  checks: QualityCheck[];
  names: CatalogueNames;
}

async function load(ctx: PageContext, res: Response, id: string): Promise<Loaded> {
  // The API decides who may read it: another tenant, or a role without access, gets its 404/403.
  const [recognition, checks, names] = await Promise.all([
    callAs(ctx, res, 'get', '/api/v1/recognitions/:id', { params: { id } }),
    callAs(ctx, res, 'get', '/api/v1/quality-checks', { query: { recognitionId: id } }),
    catalogueNames(ctx),
  ]);
  return { recognition: recognition.body as Recognition, checks: checks.body as QualityCheck[], names };
}

const trainingTitle = (recognition: Recognition, names: CatalogueNames) => names.training(recognition.trainingCode);

function RecognitionSummary(props: { recognition: Recognition; names: CatalogueNames }) {
  const r = props.recognition;
  return (
    <Summary
      rows={[
        ['Stand', <RecognitionStatus status={r.status} />],
        ['Onderneming', `${r.companyName} (${enterpriseNumberText(r.enterpriseNumber)})`],
        [
          'Vestiging',
          `${establishmentNumberText(r.establishmentNumber)}, ${r.address.street}, ${r.address.postcode} ${r.address.municipality}`,
        ],
        ['Opleiding', trainingTitle(r, props.names)],
        ['Sectoraal partnerschap', props.names.partnership(r.partnershipId)],
        ['Capaciteit', r.capacity === 1 ? '1 leerling tegelijk' : `${r.capacity} leerlingen tegelijk`],
        ['Geldig', `van ${longDate(r.validFrom)} tot ${longDate(r.validUntil)}`],
        ...(r.importedAt
          ? [['Herkomst', `Overgenomen uit het systeem van vóór Erkend op ${longDate(r.importedAt)}`] as [string, string]]
          : []),
        ['Volgende kwaliteitscontrole', r.nextQualityCheckDue && isLive(r) ? longDate(r.nextQualityCheckDue) : 'Geen gepland'],
        ['Contactpersoon', `${r.contact.name}, ${r.contact.email}${r.contact.phone ? `, ${r.contact.phone}` : ''}`],
      ]}
    />
  );
}

function Conditions(props: { recognition: Recognition; principal: Principal }) {
  const conditions = props.recognition.conditions;
  if (conditions.length === 0) return null;
  return (
    <>
      <h2>Voorwaarden</h2>
      <ul class="tasks">
        {conditions.map((c) => (
          <li key={`${c.type}-${c.mentorName}`}>
            {CONDITION_TEXT[c.type] ?? c.type} voor {c.mentorName}:{' '}
            {c.metOn ? (
              <>gevolgd op {longDate(c.metOn)}.</>
            ) : c.missedAt ? (
              <span class="overdue">niet gevolgd vóór {longDate(c.dueOn)}.</span>
            ) : (
              <>
                uiterlijk {longDate(c.dueOn)}{' '}
                <span class={daysLeft(c.dueOn) < 0 ? 'overdue' : undefined}>({daysLeftText(c.dueOn)})</span>.
                {props.principal.role === 'company' ? ' Vul de datum in bij de mentor zodra de opleiding gevolgd is.' : ''}
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function History(props: { recognition: Recognition }) {
  return (
    <>
      <h2>Geschiedenis</h2>
      <ol class="timeline">
        {[...props.recognition.history].reverse().map((change) => (
          <li key={change.at + change.status}>
            <time dateTime={change.at}>{longDate(change.at)}</time>
            {RECOGNITION_STATUS_TEXT[change.status] ?? change.status}
            {change.reasons?.length ? `: ${change.reasons.join('; ')}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

const pendingForCompany = (check: QualityCheck) => check.status === 'open' || check.status === 'overdue';
const byDue = (a: QualityCheck, b: QualityCheck) => a.dueAt.localeCompare(b.dueAt);

/** The company's self-assessment: one radio (ja/nee) and a comment per question. */
function AnswersForm(props: { recognitionId: string; check: QualityCheck; csrf?: string; refused?: Refused }) {
  const { check } = props;
  const values = props.refused?.values ?? {};
  const errors = props.refused?.errors;
  return (
    <Form action={`/erkenningen/${props.recognitionId}/controles/${check.id}`} csrf={props.csrf}>
      {/* What answering does depends on the check's state: only an answer in time closes it without the partnership. */}
      {check.status === 'overdue' ? (
        <p>
          {CHECK_REASON_TEXT[check.reason] ?? check.reason}.{' '}
          <span class="overdue">De termijn om te antwoorden liep af op {longDate(check.dueOn)}.</span> U kunt nog antwoorden, maar
          nu beoordeelt het partnerschap uw antwoorden, ook als u overal ja antwoordt. Het kan de controle ook zonder uw
          antwoorden beoordelen.
        </p>
      ) : (
        <p>
          {CHECK_REASON_TEXT[check.reason] ?? check.reason}. Beantwoord de vragen uiterlijk op {longDate(check.dueOn)}{' '}
          <span class={daysLeft(check.dueOn) < 0 ? 'overdue' : undefined}>({daysLeftText(check.dueOn)})</span>. Antwoordt u overal
          ja, dan is de controle meteen afgesloten. Antwoordt u ergens nee, dan beoordeelt het partnerschap uw antwoorden.
        </p>
      )}
      {check.questions.map((question, index) => (
        <div key={question.id}>
          <input type="hidden" name={`answers.${index}.id`} value={question.id} />
          <Radios
            name={`answers.${index}.ok`}
            label={question.question}
            options={[
              { value: 'ja', text: 'Ja' },
              { value: 'nee', text: 'Nee' },
            ]}
            values={values}
            errors={errors}
          />
          <TextArea
            name={`answers.${index}.comment`}
            label="Toelichting (niet verplicht)"
            hint="Antwoordt u nee, zeg dan wat er ontbreekt en wat u eraan doet."
            rows={3}
            values={values}
            errors={errors}
          />
        </div>
      ))}
      <Button>Antwoorden versturen</Button>
    </Form>
  );
}

const answerLabels = (check: QualityCheck | undefined): Record<string, string> =>
  Object.fromEntries(
    (check?.questions ?? []).flatMap((q, i) => [
      [`answers.${i}.ok`, q.question],
      [`answers.${i}.comment`, `Toelichting bij "${q.question}"`],
    ]),
  );

function ChecksTable(props: { checks: QualityCheck[]; principal: Principal }) {
  if (props.checks.length === 0) return <p>Er zijn nog geen kwaliteitscontroles geweest.</p>;
  const reviewer = isPartnership(props.principal);
  return (
    <table>
      <caption class="visually-hidden">Kwaliteitscontroles</caption>
      <thead>
        <tr>
          <th scope="col">Reden</th>
          <th scope="col">Geopend</th>
          <th scope="col">Antwoord uiterlijk</th>
          <th scope="col">Stand</th>
          <th scope="col">Uitkomst</th>
        </tr>
      </thead>
      <tbody>
        {props.checks.map((check) => (
          <tr key={check.id}>
            <td>{CHECK_REASON_TEXT[check.reason] ?? check.reason}</td>
            <td>{longDate(check.openedAt)}</td>
            <td>{longDate(check.dueOn)}</td>
            <td>
              {reviewer && (check.status === 'answered' || check.status === 'overdue') ? (
                <a href={`/toezicht/${check.id}`}>{CHECK_STATUS_TEXT[check.status]}: beoordelen</a>
              ) : (
                CHECK_STATUS_TEXT[check.status]
              )}
            </td>
            <td>
              {check.outcome ? CHECK_OUTCOME_TEXT[check.outcome] : ''}
              {check.notes ? ` – ${check.notes}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Supervision(props: { loaded: Loaded; principal: Principal; csrf?: string; refused?: Refused }) {
  const { recognition, checks } = props.loaded;
  const pending = props.principal.role === 'company' ? checks.filter(pendingForCompany).sort(byDue) : [];
  const [first, ...later] = pending;
  return (
    <section id="toezicht" aria-labelledby="toezicht-titel">
      <h2 id="toezicht-titel">Kwaliteitstoezicht</h2>
      {first ? (
        <>
          <h3>Kwaliteitscontrole te beantwoorden</h3>
          <AnswersForm
            recognitionId={recognition.id}
            check={first}
            csrf={props.csrf}
            refused={props.refused?.form === 'answers' ? props.refused : undefined}
          />
          {/* One form at a time: the next open check shows here once this one is answered. */}
          {later.length ? (
            <p>Daarna {later.length === 1 ? 'wacht nog 1 controle' : `wachten nog ${later.length} controles`} op uw antwoord.</p>
          ) : null}
        </>
      ) : null}
      <h3>Alle controles</h3>
      <ChecksTable checks={checks} principal={props.principal} />
    </section>
  );
}

function Renewal(props: { loaded: Loaded; csrf?: string }) {
  const { recognition: r, names } = props.loaded;
  const renewal = r.renewal;
  if (!renewal) return null;
  const partnership = names.partnership(r.partnershipId);
  return (
    <section id="verlengen" aria-labelledby="verlengen-titel">
      <h2 id="verlengen-titel">Verlengen</h2>
      {renewal.status === 'invited' && r.status === 'active' ? (
        <>
          <p>
            Uw erkenning loopt af op {longDate(r.validUntil)}. Is er niets veranderd aan uw onderneming, de werkplek, de
            capaciteit of de mentoren? Dan verlengt u ze hier in één stap. U verklaart daarmee op erewoord dat de gegevens
            hierboven nog kloppen.
          </p>
          <Form action={`/erkenningen/${r.id}/verlengen`} csrf={props.csrf}>
            <Button>Verlengen zonder wijzigingen</Button>
          </Form>
          <p>Is er wel iets veranderd? Neem dan contact op met {partnership}.</p>
        </>
      ) : renewal.status === 'invited' ? (
        <p>Een geschorste erkenning kan niet verlengd worden zolang de schorsing loopt.</p>
      ) : renewal.status === 'requested' ? (
        <p>
          Uw vraag tot verlenging van {longDate(renewal.requestedAt)} ligt bij {partnership}. U krijgt bericht zodra er beslist
          is.
        </p>
      ) : renewal.status === 'approved' ? (
        <p>Uw erkenning is verlengd: de nieuwe periode begint op {longDate(r.validUntil)}.</p>
      ) : (
        <p>
          De verlenging is geweigerd{renewal.reasons?.length ? `: ${renewal.reasons.join('; ')}` : '.'} Uw erkenning loopt af op{' '}
          {longDate(r.validUntil)}.
        </p>
      )}
    </section>
  );
}

const MENTOR_FIELDS: Array<{ key: string; label: string; type?: 'date' | 'number'; hint?: string }> = [
  { key: 'firstName', label: 'Voornaam' },
  { key: 'lastName', label: 'Achternaam' },
  { key: 'birthDate', label: 'Geboortedatum', type: 'date' },
  { key: 'yearsOfExperience', label: 'Jaren ervaring in het beroep', type: 'number' },
  { key: 'criminalRecordExtractDate', label: 'Datum van het uittreksel uit het strafregister (model 596.2)', type: 'date' },
  {
    key: 'mentorTrainingCompletedOn',
    label: 'Mentoropleiding gevolgd op',
    type: 'date',
    hint: 'Laat leeg als de mentor de opleiding nog moet volgen.',
  },
];

const mentorValues = (mentors: Recognition['mentors']): FormValues =>
  Object.fromEntries(
    mentors.flatMap((m, i) =>
      Object.entries(m)
        .filter(([, value]) => value !== undefined && value !== false)
        .map(([key, value]) => [`mentors.${i}.${key}`, String(value)]),
    ),
  );

const mentorRowCount = (values: FormValues) =>
  Math.max(0, ...Object.keys(values).map((name) => Number(/^mentors\.(\d+)\./.exec(name)?.[1] ?? -1) + 1));

function MentorsForm(props: { recognition: Recognition; csrf?: string; refused?: { values: FormValues; errors: FormErrors } }) {
  const values = props.refused?.values ?? mentorValues(props.recognition.mentors);
  const errors = props.refused?.errors;
  const rows = mentorRowCount(values);
  return (
    <Form action={`/erkenningen/${props.recognition.id}/mentoren`} csrf={props.csrf}>
      <p>
        Pas de gegevens aan, voeg onderaan een mentor toe, of vink aan wie geen mentor meer is. De voorwaarden voor mentoren
        worden opnieuw nagekeken; het partnerschap kan een korte controle vragen.
      </p>
      {errors?.fields.mentors ? (
        <p class="error-message" id={fieldId('mentors')}>
          {errors.fields.mentors}
        </p>
      ) : null}
      {Array.from({ length: rows + 1 }, (_, i) => (
        <fieldset key={i} class="mentor">
          <legend>{i < rows ? `Mentor ${i + 1}` : 'Nieuwe mentor (niet verplicht)'}</legend>
          {/* Who the mentor is, kept through changes of name or birth date: their conditions go with them. */}
          {values[`mentors.${i}.id`] ? <input type="hidden" name={`mentors.${i}.id`} value={values[`mentors.${i}.id`]} /> : null}
          {MENTOR_FIELDS.map((field) => (
            <TextField
              key={field.key}
              name={`mentors.${i}.${field.key}`}
              label={field.label}
              hint={field.hint}
              type={field.type}
              width={field.type ? 'medium' : undefined}
              values={values}
              errors={errors}
            />
          ))}
          <Checkbox
            name={`mentors.${i}.diplomaEvidence`}
            label="Heeft een diploma in het beroep"
            values={values}
            errors={errors}
          />
          {i < rows ? <Checkbox name={`verwijder.${i}`} label="Is geen mentor meer: verwijderen" values={values} /> : null}
        </fieldset>
      ))}
      <Button>Mentoren bewaren</Button>
    </Form>
  );
}

const mentorLabels = (rows: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: rows + 1 }, (_, i) =>
      [...MENTOR_FIELDS, { key: 'diplomaEvidence', label: 'Diploma' }].map((f) => [
        `mentors.${i}.${f.key}`,
        `Mentor ${i + 1}, ${f.label.toLowerCase()}`,
      ]),
    ).flat(),
  );

function Mentors(props: { recognition: Recognition; principal: Principal }) {
  const r = props.recognition;
  return (
    <section aria-labelledby="mentoren-titel">
      <h2 id="mentoren-titel">Mentoren</h2>
      <ul class="tasks">
        {r.mentors.map((m) => (
          <li key={`${m.firstName} ${m.lastName} ${m.birthDate}`}>
            {m.firstName} {m.lastName}, {m.yearsOfExperience} jaar ervaring
            {m.mentorTrainingCompletedOn ? `, mentoropleiding gevolgd op ${longDate(m.mentorTrainingCompletedOn)}` : ''}
          </li>
        ))}
      </ul>
      {props.principal.role === 'company' && isLive(r) ? (
        <p>
          <a href={`/erkenningen/${r.id}/mentoren`}>Mentoren wijzigen</a>
        </p>
      ) : null}
    </section>
  );
}

const reasonsHint = 'Eén reden per regel. De onderneming leest ze.';

/** What the partnership decides about a live recognition. */
function PartnershipActions(props: { recognition: Recognition; csrf?: string; refused?: Refused }) {
  const r = props.recognition;
  if (!isLive(r)) return null;
  const refused = (form: Refused['form']) => (props.refused?.form === form ? props.refused : undefined);
  // The API shows the active placements with the recognition: who a sanction affects.
  const placed = (r as Partial<RecognitionWithPlacements>).placements?.active ?? 0;
  return (
    <section aria-labelledby="beslissen-titel">
      <h2 id="beslissen-titel">Beslissen</h2>
      <p>
        {placed === 1 ? '1 leerling geplaatst' : `${placed} leerlingen geplaatst`}
        {placed > 0 ? ': een schorsing of intrekking treft ook hen en hun scholen.' : '.'}
      </p>
      {r.renewal?.status === 'requested' ? (
        <p>
          De onderneming vraagt een verlenging die u moet beoordelen
          {r.renewal.decisionDue ? (
            <>
              , uiterlijk {longDate(r.renewal.decisionDue)}{' '}
              {r.renewal.overdue || daysLeft(r.renewal.decisionDue) < 0 ? (
                <span class="overdue">(te laat)</span>
              ) : (
                <span>({daysLeftText(r.renewal.decisionDue)})</span>
              )}
            </>
          ) : null}
          .{' '}
          {r.renewal.keptActiveAt
            ? `De erkenning bleef na ${longDate(r.renewal.keptActiveAt)} actief tot u beslist; voor de scholen verandert niets. `
            : null}
          <a href={`/erkenningen/${r.id}/verlenging`}>Verlenging beoordelen</a>
        </p>
      ) : null}
      {r.status === 'active' ? (
        <Form action={`/erkenningen/${r.id}/schorsen`} csrf={props.csrf}>
          <h3>Schorsen</h3>
          <TextArea
            name="reasons"
            label="Redenen van de schorsing"
            hint={reasonsHint}
            values={refused('suspend')?.values}
            errors={refused('suspend')?.errors}
          />
          <Button kind="warning">Erkenning schorsen</Button>
        </Form>
      ) : (
        <Form action={`/erkenningen/${r.id}/opheffen`} csrf={props.csrf}>
          <h3>Schorsing opheffen</h3>
          <TextArea
            name="reasons"
            label="Waarom de schorsing wordt opgeheven (niet verplicht)"
            hint={reasonsHint}
            values={refused('reinstate')?.values}
            errors={refused('reinstate')?.errors}
          />
          <Button>Schorsing opheffen</Button>
        </Form>
      )}
      <h3>Intrekken</h3>
      <p>
        Een ingetrokken erkenning is definitief beëindigd. <a href={`/erkenningen/${r.id}/intrekken`}>Erkenning intrekken</a>
      </p>
    </section>
  );
}

const FORM_LABELS: Record<string, string> = { reasons: 'Redenen' };

async function showRecognition(ctx: PageContext, req: Request, res: Response, refused?: Refused) {
  const id = idOf(req);
  const loaded = await load(ctx, res, id);
  const principal = principalOf(res);
  const csrf = res.locals.csrf as string | undefined;
  const { recognition: r, names } = loaded;
  const title = `Erkenning ${trainingTitle(r, names)}`;
  const answering = loaded.checks.filter(pendingForCompany).sort(byDue)[0];
  const labels = { ...FORM_LABELS, ...answerLabels(answering) };
  render(
    res,
    <Page
      title={title}
      principal={principal}
      csrf={csrf}
      errors={refused?.errors}
      labels={labels}
      back={{ href: '/', text: 'Naar het overzicht' }}
    >
      <Notice text={refused ? undefined : noticeOf(req)} />
      <p class="caption">{r.companyName}</p>
      <h1>
        {title} <RecognitionStatus status={r.status} />
      </h1>
      {r.attention ? <p class="lead">Deze erkenning wacht even op een beheerder; wat u al deed, is bewaard.</p> : null}
      <RecognitionSummary recognition={r} names={names} />
      <Conditions recognition={r} principal={principal} />
      <Supervision loaded={loaded} principal={principal} csrf={csrf} refused={refused} />
      {principal.role === 'company' ? <Renewal loaded={loaded} csrf={csrf} /> : null}
      <Mentors recognition={r} principal={principal} />
      {isPartnership(principal) ? <PartnershipActions recognition={r} csrf={csrf} refused={refused} /> : null}
      <History recognition={r} />
      {principal.role === 'company' && isLive(r) ? (
        <>
          <h2>Erkenning beëindigen</h2>
          <p>
            Wilt u geen leerlingen meer opleiden op deze werkplek?{' '}
            <a href={`/erkenningen/${r.id}/beeindigen`}>Erkenning beëindigen</a>
          </p>
        </>
      ) : null}
    </Page>,
    refused?.status,
  );
}

/** Sends a form's input to an API operation, then back to the recognition with a notice; a refusal shows the page again. */
function recognitionAction(
  ctx: PageContext,
  form: Refused['form'],
  call: (req: Request, res: Response, values: FormValues) => Promise<string>,
) {
  return page(async (req, res) => {
    const values = formValues(req.body);
    try {
      const target = await call(req, res, values);
      res.redirect(303, target);
    } catch (error) {
      await showRecognition(ctx, req, res, { form, values, ...refusal(error) });
    }
  });
}

/** The mentor rows as posted, without those marked to be removed and without empty ones, numbered again from 0. */
function remainingMentors(values: FormValues): FormValues {
  const rows = new Map<number, FormValues>();
  for (const [name, value] of Object.entries(values)) {
    const match = /^mentors\.(\d+)\.(\w+)$/.exec(name);
    if (!match || value === '') continue;
    const index = Number(match[1]);
    if (values[`verwijder.${index}`] === 'true') continue;
    rows.set(index, { ...rows.get(index), [match[2]!]: value });
  }
  const result: FormValues = {};
  [...rows.keys()]
    .sort((a, b) => a - b)
    .forEach((index, position) => {
      for (const [key, value] of Object.entries(rows.get(index)!)) result[`mentors.${position}.${key}`] = value;
    });
  return result;
}

const mentorsForm = z.object({ mentors: mentorsInput });

/** The operation takes the list itself: its own field paths ("0.birthDate") become the form's ("mentors.0.birthDate"). */
function asMentorPaths(errors: FormErrors): FormErrors {
  const path = (key: string) => (key.startsWith('mentors') ? key : key ? `mentors.${key}` : 'mentors');
  return { ...errors, fields: Object.fromEntries(Object.entries(errors.fields).map(([key, message]) => [path(key), message])) };
}

/** A radio left empty says so plainly. */
function withChoiceMessages(errors: FormErrors): FormErrors {
  const fields = Object.fromEntries(
    Object.entries(errors.fields).map(([path, message]) => [
      path,
      path.endsWith('.ok') && message === 'Vul dit in.' ? 'Kies ja of nee.' : message,
    ]),
  );
  return { ...errors, fields };
}

export function recognitionPages(router: Router, ctx: PageContext) {
  router.get(
    '/erkenningen/:id',
    signedIn,
    page((req, res) => showRecognition(ctx, req, res)),
  );

  router.post(
    '/erkenningen/:id/controles/:checkId',
    signedIn,
    forRoles('company'),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        const answered = await callAs(ctx, res, 'post', '/api/v1/quality-checks/:id/answers', {
          params: { id: idOf(req, 'checkId') },
          body: formInput(answersInput, values),
        });
        const closed = (answered.body as QualityCheck).status === 'closed';
        res.redirect(303, `/erkenningen/${idOf(req)}?gelukt=${closed ? 'afgesloten' : 'beantwoord'}#toezicht`);
      } catch (error) {
        const refused = refusal(error);
        await showRecognition(ctx, req, res, {
          form: 'answers',
          values,
          errors: withChoiceMessages(refused.errors),
          status: refused.status,
        });
      }
    }),
  );

  router.post(
    '/erkenningen/:id/verlengen',
    signedIn,
    forRoles('company'),
    recognitionAction(ctx, 'renew', async (req, res) => {
      const renewed = await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/renewal', {
        params: { id: idOf(req) },
        body: { unchanged: true },
      });
      const status = (renewed.body as Recognition).renewal?.status;
      return `/erkenningen/${idOf(req)}?gelukt=${status === 'approved' ? 'verlengd' : 'verlenging-gevraagd'}#verlengen`;
    }),
  );

  router.post(
    '/erkenningen/:id/schorsen',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    recognitionAction(ctx, 'suspend', async (req, res, values) => {
      await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/suspension', {
        params: { id: idOf(req) },
        body: formInput(suspensionInput, values),
      });
      return `/erkenningen/${idOf(req)}?gelukt=geschorst`;
    }),
  );

  router.post(
    '/erkenningen/:id/opheffen',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    recognitionAction(ctx, 'reinstate', async (req, res, values) => {
      await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/reinstatement', {
        params: { id: idOf(req) },
        body: formInput(reinstatementInput, values),
      });
      return `/erkenningen/${idOf(req)}?gelukt=hersteld`;
    }),
  );

  confirmationPages(router, ctx);
  supervisionPages(router, ctx);
}

/** A page of its own about one recognition, with the way back to it. */
async function subPage(
  ctx: PageContext,
  req: Request,
  res: Response,
  options: {
    title: string;
    status?: number;
    errors?: FormErrors;
    labels?: Record<string, string>;
    body: (r: Recognition, names: CatalogueNames) => unknown;
  },
) {
  const [recognition, names] = await Promise.all([
    callAs(ctx, res, 'get', '/api/v1/recognitions/:id', { params: { id: idOf(req) } }),
    catalogueNames(ctx),
  ]);
  const r = recognition.body as Recognition;
  render(
    res,
    <Page
      title={options.title}
      principal={principalOf(res)}
      csrf={res.locals.csrf}
      errors={options.errors}
      labels={options.labels ?? FORM_LABELS}
      back={{ href: `/erkenningen/${r.id}`, text: 'Terug naar de erkenning' }}
    >
      <p class="caption">
        {r.companyName} – {trainingTitle(r, names)}
      </p>
      <h1>{options.title}</h1>
      {options.body(r, names) as never}
    </Page>,
    options.status,
  );
}

/** Pages of their own: the mentors' form, what cannot be undone (ending, withdrawing), and the renewal decision. */
function confirmationPages(router: Router, ctx: PageContext) {
  const Cancel = (props: { id: string }) => (
    <p>
      <a href={`/erkenningen/${props.id}`}>Annuleren</a>
    </p>
  );

  // The company replaces the list of mentors.
  const mentorsPage = (req: Request, res: Response, refused?: { values: FormValues; errors: FormErrors; status: number }) =>
    subPage(ctx, req, res, {
      title: 'Mentoren wijzigen',
      ...refused,
      labels: mentorLabels(mentorRowCount(refused?.values ?? {})),
      body: (r) =>
        isLive(r) ? (
          <>
            <MentorsForm recognition={r} csrf={res.locals.csrf} refused={refused} />
            <Cancel id={r.id} />
          </>
        ) : (
          <p>De mentoren van een erkenning die niet meer loopt, kunnen niet meer gewijzigd worden.</p>
        ),
    });
  router.get(
    '/erkenningen/:id/mentoren',
    signedIn,
    forRoles('company'),
    page((req, res) => mentorsPage(req, res)),
  );
  router.post(
    '/erkenningen/:id/mentoren',
    signedIn,
    forRoles('company'),
    page(async (req, res) => {
      const values = remainingMentors(formValues(req.body));
      try {
        const input = formInput(mentorsForm, values) as { mentors?: unknown[] };
        await callAs(ctx, res, 'put', '/api/v1/recognitions/:id/mentors', {
          params: { id: idOf(req) },
          body: input.mentors ?? [],
        });
        res.redirect(303, `/erkenningen/${idOf(req)}?gelukt=mentoren`);
      } catch (error) {
        const refused = refusal(error);
        await mentorsPage(req, res, { values, errors: asMentorPaths(refused.errors), status: refused.status });
      }
    }),
  );

  // The company ends its own recognition.
  const terminationPage = (req: Request, res: Response, refused?: { errors: FormErrors; status: number }) =>
    subPage(ctx, req, res, {
      title: 'Erkenning beëindigen',
      ...refused,
      body: (r) => (
        <>
          <p class="lead">
            Na het beëindigen is deze werkplek niet meer erkend. Scholen zien dat meteen in het register, en u kunt er geen nieuwe
            leerlingen meer opleiden.
          </p>
          <p>Wilt u later opnieuw leerlingen opleiden, dan vraagt u een nieuwe erkenning aan.</p>
          <Form action={`/erkenningen/${r.id}/beeindigen`} csrf={res.locals.csrf}>
            <Button kind="warning">Ja, erkenning beëindigen</Button>
          </Form>
          <Cancel id={r.id} />
        </>
      ),
    });
  router.get(
    '/erkenningen/:id/beeindigen',
    signedIn,
    forRoles('company'),
    page((req, res) => terminationPage(req, res)),
  );
  router.post(
    '/erkenningen/:id/beeindigen',
    signedIn,
    forRoles('company'),
    page(async (req, res) => {
      try {
        await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/termination', { params: { id: idOf(req) } });
        res.redirect(303, `/erkenningen/${idOf(req)}?gelukt=beeindigd`);
      } catch (error) {
        await terminationPage(req, res, refusal(error));
      }
    }),
  );

  // The partnership withdraws a recognition for good.
  const withdrawalPage = (req: Request, res: Response, refused?: { values: FormValues; errors: FormErrors; status: number }) =>
    subPage(ctx, req, res, {
      title: 'Erkenning intrekken',
      ...refused,
      body: (r) => (
        <>
          <p class="lead">
            <strong>Intrekken is definitief.</strong> De erkenning kan daarna niet meer hersteld worden; de onderneming moet een
            nieuwe erkenning aanvragen. Wilt u de erkenning tijdelijk stilleggen, schors ze dan.
          </p>
          <Form action={`/erkenningen/${r.id}/intrekken`} csrf={res.locals.csrf}>
            <TextArea
              name="reasons"
              label="Redenen van de intrekking"
              hint={reasonsHint}
              values={refused?.values}
              errors={refused?.errors}
            />
            <Button kind="warning">Erkenning definitief intrekken</Button>
          </Form>
          <Cancel id={r.id} />
        </>
      ),
    });
  router.get(
    '/erkenningen/:id/intrekken',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    page((req, res) => withdrawalPage(req, res)),
  );
  router.post(
    '/erkenningen/:id/intrekken',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/withdrawal', {
          params: { id: idOf(req) },
          body: formInput(recognitionWithdrawalInput, values),
        });
        res.redirect(303, `/erkenningen/${idOf(req)}?gelukt=ingetrokken`);
      } catch (error) {
        await withdrawalPage(req, res, { values, ...refusal(error) });
      }
    }),
  );

  // The partnership decides on a renewal the company could not do in one step.
  const renewalDecisionPage = (
    req: Request,
    res: Response,
    refused?: { values: FormValues; errors: FormErrors; status: number },
  ) =>
    subPage(ctx, req, res, {
      title: 'Verlenging beoordelen',
      ...refused,
      body: (r) => {
        const renewal = r.renewal;
        if (renewal?.status !== 'requested') return <p>Er wacht geen verlenging op een beslissing.</p>;
        const changes = (renewal.changes ?? {}) as Partial<Recognition>;
        const rows: Array<[string, string]> = [
          ['Gevraagd op', longDate(renewal.requestedAt)],
          ['Geldig nu tot', longDate(r.validUntil)],
        ];
        if (changes.companyName) rows.push(['Nieuwe naam', changes.companyName]);
        if (changes.capacity !== undefined) rows.push(['Nieuwe capaciteit', String(changes.capacity)]);
        if (changes.address)
          rows.push(['Nieuw adres', `${changes.address.street}, ${changes.address.postcode} ${changes.address.municipality}`]);
        if (changes.contact) rows.push(['Nieuwe contactpersoon', `${changes.contact.name}, ${changes.contact.email}`]);
        return (
          <>
            <p>
              {renewal.unchanged
                ? 'De onderneming vraagt een verlenging zonder wijzigingen. Omdat de laatste kwaliteitscontrole niet in orde was, er nog een controle loopt of een voorwaarde niet op tijd vervuld werd, beslist u.'
                : 'De onderneming vraagt een verlenging met de wijzigingen hieronder.'}
            </p>
            <Summary rows={rows} />
            <Form action={`/erkenningen/${r.id}/verlenging`} csrf={res.locals.csrf}>
              <Radios
                name="outcome"
                label="Uw beslissing"
                options={[
                  {
                    value: 'approved',
                    text: 'Verlengen',
                    hint: 'De wijzigingen gelden vanaf nu; de nieuwe periode volgt op de huidige.',
                  },
                  { value: 'rejected', text: 'Niet verlengen', hint: `De erkenning loopt af op ${longDate(r.validUntil)}.` },
                ]}
                values={refused?.values}
                errors={refused?.errors}
              />
              <TextArea
                name="reasons"
                label="Redenen"
                hint="Eén reden per regel; verplicht wanneer u niet verlengt."
                values={refused?.values}
                errors={refused?.errors}
              />
              <Button>Beslissing bewaren</Button>
            </Form>
          </>
        );
      },
    });
  router.get(
    '/erkenningen/:id/verlenging',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    page((req, res) => renewalDecisionPage(req, res)),
  );
  router.post(
    '/erkenningen/:id/verlenging',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/renewal/decision', {
          params: { id: idOf(req) },
          body: formInput(decisionInput, values),
        });
        res.redirect(303, `/erkenningen/${idOf(req)}?gelukt=verlenging-beslist`);
      } catch (error) {
        await renewalDecisionPage(req, res, { values, ...refusal(error) });
      }
    }),
  );
}

/** The questions answered "nee", with the company's comments: what a reviewer weighs. */
function Answers(props: { check: QualityCheck; all?: boolean }) {
  const { check } = props;
  const answers = check.answers ?? [];
  const shown = props.all ? answers : answers.filter((a) => !a.ok);
  const question = (id: string) => check.questions.find((q) => q.id === id)?.question ?? id;
  if (answers.length === 0) return <p>De onderneming heeft niet geantwoord.</p>;
  return (
    <>
      <ul class="tasks">
        {shown.map((answer) => (
          <li key={answer.id}>
            <strong>{answer.ok ? 'Ja' : 'Nee'}</strong>: {question(answer.id)}
            {answer.comment ? (
              <>
                <br />
                Toelichting: {answer.comment}
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {!props.all && shown.length < answers.length ? <p>Op de andere vragen antwoordde de onderneming ja.</p> : null}
    </>
  );
}

/** Why the check was opened: the reported incidents, for a reviewer. */
function Trigger(props: { check: QualityCheck }) {
  const { check } = props;
  if (!check.trigger && !check.reports?.length) return null;
  return (
    <p>
      Aanleiding: {check.trigger}
      {check.reports?.map((report) => ` · ${longDate(report.at)}: ${report.description}`)}
    </p>
  );
}

/** The quality checks of the partnership (all of them for an admin) that wait for a reviewer. */
function supervisionPages(router: Router, ctx: PageContext) {
  const recognitionsOf = async (res: Response, checks: QualityCheck[]) => {
    const ids = [...new Set(checks.map((c) => c.recognitionId))];
    const found = await Promise.all(
      ids.map((id) =>
        callAs(ctx, res, 'get', '/api/v1/recognitions/:id', { params: { id } }).then(
          (reply) => reply.body as Recognition,
          // A recognition the reader may not see (or gone) leaves its check without a name.
          () => undefined,
        ),
      ),
    );
    return new Map(found.filter((r) => r !== undefined).map((r) => [r.id, r]));
  };

  const workplace = (r: Recognition | undefined, names: CatalogueNames) =>
    r ? `${r.companyName} – ${names.training(r.trainingCode)}` : 'Onbekende erkenning';

  router.get(
    '/toezicht',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES, 'admin'),
    page(async (req, res) => {
      const principal = principalOf(res);
      const [answered, overdue, names] = await Promise.all([
        callAs(ctx, res, 'get', '/api/v1/quality-checks', { query: { status: 'answered', limit: '1000' } }),
        callAs(ctx, res, 'get', '/api/v1/quality-checks', { query: { status: 'overdue', limit: '1000' } }),
        catalogueNames(ctx),
      ]);
      // Oldest answer first: it has waited longest.
      const waiting = (answered.body as QualityCheck[]).sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''));
      const late = (overdue.body as QualityCheck[]).sort(byDue);
      const recognitions = await recognitionsOf(res, [...waiting, ...late]);
      const act = isPartnership(principal) ? 'Beoordelen' : 'Bekijken';
      render(
        res,
        <Page title="Kwaliteitstoezicht" principal={principal} csrf={res.locals.csrf}>
          <Notice text={noticeOf(req)} />
          <h1>Kwaliteitstoezicht</h1>
          <h2>Te beoordelen ({waiting.length})</h2>
          {waiting.length === 0 ? <p>Er wachten geen beantwoorde controles op een beoordeling.</p> : null}
          {waiting.map((check) => {
            const r = recognitions.get(check.recognitionId);
            return (
              <section key={check.id} id={check.id} class="check" aria-labelledby={`titel-${check.id}`}>
                <h3 id={`titel-${check.id}`}>
                  <a href={`/erkenningen/${check.recognitionId}`}>{workplace(r, names)}</a>
                </h3>
                <p>
                  {CHECK_REASON_TEXT[check.reason] ?? check.reason}, beantwoord op {longDate(check.answeredAt)} (antwoord gevraagd
                  tegen {longDate(check.dueOn)}).
                </p>
                <Answers check={check} />
                <p>
                  <a class="button secondary" href={`/toezicht/${check.id}`}>
                    {act}
                    <span class="visually-hidden">: {workplace(r, names)}</span>
                  </a>
                </p>
              </section>
            );
          })}
          <h2>Te laat: niet beantwoord ({late.length})</h2>
          {late.length === 0 ? (
            <p>Alle controles zijn op tijd beantwoord.</p>
          ) : (
            <table>
              <caption class="visually-hidden">Controles die niet op tijd beantwoord zijn</caption>
              <thead>
                <tr>
                  <th scope="col">Werkplek</th>
                  <th scope="col">Reden</th>
                  <th scope="col">Antwoord uiterlijk</th>
                  <th scope="col">
                    <span class="visually-hidden">Actie</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {late.map((check) => (
                  <tr key={check.id} id={check.id}>
                    <td>
                      <a href={`/erkenningen/${check.recognitionId}`}>
                        {workplace(recognitions.get(check.recognitionId), names)}
                      </a>
                    </td>
                    <td>{CHECK_REASON_TEXT[check.reason] ?? check.reason}</td>
                    <td>
                      {longDate(check.dueOn)} <span class="overdue">({daysLeftText(check.dueOn)})</span>
                    </td>
                    <td>
                      <a href={`/toezicht/${check.id}`}>{act}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Page>,
      );
    }),
  );

  const evaluationPage = async (
    req: Request,
    res: Response,
    refused?: { values: FormValues; errors: FormErrors; status: number },
  ) => {
    const principal = principalOf(res);
    const [found, names] = await Promise.all([
      callAs(ctx, res, 'get', '/api/v1/quality-checks/:id', { params: { id: idOf(req) } }),
      catalogueNames(ctx),
    ]);
    const check = found.body as QualityCheck;
    const r = (await recognitionsOf(res, [check])).get(check.recognitionId);
    const evaluable = isPartnership(principal) && (check.status === 'answered' || check.status === 'overdue');
    render(
      res,
      <Page
        title="Kwaliteitscontrole beoordelen"
        principal={principal}
        csrf={res.locals.csrf}
        errors={refused?.errors}
        labels={{ outcome: 'Beoordeling', notes: 'Toelichting' }}
        back={{ href: '/toezicht', text: 'Terug naar het toezicht' }}
      >
        <p class="caption">{workplace(r, names)}</p>
        <h1>Kwaliteitscontrole beoordelen</h1>
        <Summary
          rows={[
            ['Werkplek', <a href={`/erkenningen/${check.recognitionId}`}>{workplace(r, names)}</a>],
            ['Erkenning', r ? <RecognitionStatus status={r.status} /> : ''],
            ['Reden', CHECK_REASON_TEXT[check.reason] ?? check.reason],
            ['Geopend', longDate(check.openedAt)],
            ['Antwoord gevraagd tegen', longDate(check.dueOn)],
            ['Stand', CHECK_STATUS_TEXT[check.status] ?? check.status],
          ]}
        />
        <Trigger check={check} />
        <h2>Antwoorden</h2>
        <Answers check={check} all />
        {evaluable ? (
          <Form action={`/toezicht/${check.id}`} csrf={res.locals.csrf}>
            <Radios
              name="outcome"
              label="Uw beoordeling"
              options={[
                { value: 'ok', text: CHECK_OUTCOME_TEXT.ok!, hint: 'De controle wordt afgesloten.' },
                {
                  value: 'improvement-needed',
                  text: CHECK_OUTCOME_TEXT['improvement-needed']!,
                  hint: 'Er volgt sneller een nieuwe controle dan gewoonlijk.',
                },
                {
                  value: 'suspend',
                  text: CHECK_OUTCOME_TEXT.suspend!,
                  hint: 'De erkenning wordt geschorst tot u de schorsing opheft.',
                },
              ]}
              values={refused?.values}
              errors={refused?.errors}
            />
            <TextArea
              name="notes"
              label="Toelichting voor de onderneming (niet verplicht)"
              values={refused?.values}
              errors={refused?.errors}
            />
            <Button>Beoordeling bewaren</Button>
          </Form>
        ) : check.outcome ? (
          <p>
            Beoordeeld: {CHECK_OUTCOME_TEXT[check.outcome]}
            {check.notes ? ` – ${check.notes}` : ''}.
          </p>
        ) : null}
      </Page>,
      refused?.status,
    );
  };

  router.get(
    '/toezicht/:id',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES, 'admin'),
    page((req, res) => evaluationPage(req, res)),
  );
  router.post(
    '/toezicht/:id',
    signedIn,
    forRoles(...PARTNERSHIP_ROLES),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await callAs(ctx, res, 'post', '/api/v1/quality-checks/:id/evaluation', {
          params: { id: idOf(req) },
          body: formInput(evaluationInput, values),
        });
        res.redirect(303, '/toezicht?gelukt=beoordeeld');
      } catch (error) {
        await evaluationPage(req, res, { values, ...refusal(error) });
      }
    }),
  );
}
