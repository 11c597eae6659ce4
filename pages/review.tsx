import type { Request, Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import { APPLICATION_STATUSES, OPEN_STATUSES } from '../models/application';
import { type ApplicationView, decisionInput, infoRequestInput } from '../models/application-dossier';
import { actionAllowed } from '../models/application-actions';
import { ageOn } from '../models/dates';
import { deadlineFirst } from '../models/read-models';
import { Problem } from '../api/problem';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import { type CatalogueNames, type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from './context';
import {
  APPLICATION_STATUS_TEXT,
  CONDITION_TEXT,
  daysLeft,
  daysLeftText,
  enterpriseNumberText,
  establishmentNumberText,
  longDate,
  longDateTime,
  timelineText,
  todayInBrussels,
} from './dutch';
import { UploadedDocuments, readUploads } from './documents';
import { type FormErrors, type FormValues, formErrors, formInput, formValues, stringOf } from './forms';
import {
  Button,
  Checkbox,
  Form,
  Notice,
  Page,
  Radios,
  Select,
  Summary,
  ApplicationStatus,
  TextArea,
  TextField,
  render,
} from './layout';

// The reviewer's and coordinator's pages for applications: the queue of open dossiers, nearest
// deadline first, and one dossier with the information request, visit and decision forms.

const LIMIT = 100;

/** The points a site visit checks; each is sent as true or false (an unchecked box too). */
const VISIT_CHECKLIST = ['Werkplek veilig', 'Uitrusting volgens opleidingsplan', 'Mentor aanwezig'];

const DECLARATION_TEXT: Record<string, string> = {
  financialCapacity: 'Financieel gezond',
  noConvictions: 'Geen veroordelingen',
  equipmentAndOrganisation: 'Uitrusting en organisatie in orde',
  honour: 'Op erewoord naar waarheid ingevuld',
};

const LABELS: Record<string, string> = {
  message: 'Bericht aan de onderneming',
  items: 'Wat ontbreekt',
  visitedOn: 'Datum van het bezoek',
  notes: 'Notities',
  outcome: 'Beslissing',
  reasons: 'Redenen',
};

/** Success notices after a redirect, by code: the text never comes from the address itself. */
const NOTICES: Record<string, string> = {
  informatie: 'Uw vraag is naar de onderneming verstuurd. De beslissingstermijn loopt opnieuw zodra zij de aanvraag aanvult.',
  bezoek: 'Het bedrijfsbezoek is vastgelegd.',
  goedgekeurd: 'De aanvraag is goedgekeurd en de erkenning is aangemaakt. De onderneming krijgt bericht.',
  afgewezen: 'De aanvraag is afgewezen. De onderneming krijgt de redenen en kan bezwaar aantekenen.',
};

/** Days left to the decision deadline; past it, in the overdue style (also on the day it passed). */
function DaysLeft(props: { application: ApplicationView; due: string }) {
  const days = daysLeft(props.due);
  const late = props.application.overdue || days < 0;
  return <span class={late ? 'overdue' : undefined}>{late && days === 0 ? 'vandaag verstreken' : daysLeftText(props.due)}</span>;
}

/** Where the dossier stands in time: the running decision deadline, or whose turn it is. */
function Deadline(props: { application: ApplicationView }) {
  const a = props.application;
  if (a.status === 'in_review' && a.decisionDue) {
    return (
      <>
        <DaysLeft application={a} due={a.decisionDue} />
        <br />
        <span class="hint">uiterlijk {longDate(a.decisionDue)}</span>
      </>
    );
  }
  if (a.status === 'info_requested') {
    const open = a.infoRequests.find((r) => !r.answeredAt);
    return <>Wacht op de onderneming{open ? ` tot ${longDate(open.dueAt)}` : ''}</>;
  }
  if (a.status === 'submitted') return <>Automatische controle</>;
  return <>{a.decision ? `Beslist op ${longDate(a.decision.decidedAt)}` : '–'}</>;
}

async function queue(ctx: PageContext, req: Request, res: Response) {
  const principal = principalOf(res);
  const names = await catalogueNames(ctx);
  const status = (APPLICATION_STATUSES as readonly string[]).includes(stringOf(req.query.status))
    ? stringOf(req.query.status)
    : '';
  const partnershipId = principal.role === 'admin' ? stringOf(req.query.partnershipId) : '';
  const overdue = stringOf(req.query.overdue) === 'true';
  const filters: FormValues = { status, partnershipId, overdue: overdue ? 'true' : '' };

  // Open dossiers by deadline (the API's order, kept when the three lists are merged); a closed
  // status newest first.
  const closed = status !== '' && !(OPEN_STATUSES as string[]).includes(status);
  const lists = await Promise.all(
    (status ? [status] : OPEN_STATUSES).map((s) =>
      callAs(ctx, res, 'get', '/api/v1/applications', {
        query: {
          status: s,
          sort: closed ? 'newest' : 'deadline',
          limit: String(LIMIT),
          ...(partnershipId ? { partnershipId } : {}),
          ...(overdue ? { overdue: 'true' } : {}),
        },
      }),
    ),
  );
  const bodies = lists.map((list) => list.body as ApplicationView[]);
  const applications = closed ? bodies[0]! : bodies.flat().sort(deadlineFirst);
  const cut = bodies.some((list) => list.length === LIMIT);

  render(
    res,
    <Page title="Dossiers" principal={principal} csrf={res.locals.csrf}>
      <h1>Dossiers</h1>
      <p class="lead">
        {closed
          ? 'Afgesloten aanvragen, de nieuwste eerst.'
          : 'Aanvragen die op een beslissing wachten: wat te laat is eerst, dan de dichtste termijn.'}
      </p>
      <form method="get" action="/dossiers">
        <Select
          name="status"
          label="Stand"
          placeholder="Open dossiers"
          options={APPLICATION_STATUSES.map((s) => ({ value: s, text: APPLICATION_STATUS_TEXT[s]! }))}
          values={filters}
        />
        {principal.role === 'admin' ? (
          <Select
            name="partnershipId"
            label="Partnerschap"
            placeholder="Alle partnerschappen"
            options={names.partnerships.map((p) => ({ value: p.id, text: p.name }))}
            values={filters}
          />
        ) : null}
        <Checkbox name="overdue" label="Alleen te laat" values={filters} />
        <Button kind="secondary">Filteren</Button>
      </form>
      {applications.length === 0 ? (
        <p>Er zijn geen dossiers die aan deze filters voldoen.</p>
      ) : (
        <>
          <p>
            {applications.length === 1 ? '1 dossier' : `${applications.length} dossiers`}
            {cut ? ` (de eerste ${LIMIT} per stand; verfijn met de filters)` : ''}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Termijn</th>
                <th scope="col">Onderneming</th>
                <th scope="col">Opleiding</th>
                <th scope="col">Vestiging</th>
                {principal.role === 'admin' ? <th scope="col">Partnerschap</th> : null}
                <th scope="col">Stand</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Deadline application={a} />
                  </td>
                  <td>
                    <a href={`/dossiers/${a.id}`}>{a.companyName}</a>
                  </td>
                  <td>{names.training(a.trainingCode)}</td>
                  <td>
                    {a.application.address.municipality}
                    <br />
                    <span class="hint">{establishmentNumberText(a.establishmentNumber)}</span>
                  </td>
                  {principal.role === 'admin' ? <td>{names.partnership(a.partnershipId)}</td> : null}
                  <td>
                    <ApplicationStatus status={a.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>,
  );
}

function Timeline(props: { application: ApplicationView; names: CatalogueNames }) {
  const partnership = props.names.partnership(props.application.partnershipId);
  return (
    <ol class="timeline">
      {props.application.timeline.map((entry) => {
        const data = entry.data ?? {};
        const list = (Array.isArray(data.items) ? data.items : Array.isArray(data.reasons) ? data.reasons : []) as string[];
        const said = stringOf(data.message) || stringOf(data.grounds) || stringOf(data.notes);
        return (
          <li key={entry.id}>
            <time dateTime={entry.at}>{longDateTime(entry.at)}</time>
            {timelineText(entry.type, entry.data, partnership)}
            {said ? <p>“{said}”</p> : null}
            {list.length ? (
              <ul>
                {list.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function DossierSummary(props: { application: ApplicationView; names: CatalogueNames }) {
  const a = props.application;
  const input = a.application;
  // Uploaded files are listed under Documenten; these were only named (a school system's reference).
  const named = input.documents.filter((d) => !d.documentId);
  return (
    <>
      <Summary
        rows={[
          ['Onderneming', `${a.companyName} (${enterpriseNumberText(a.enterpriseNumber)})`],
          ['Vestigingseenheid', establishmentNumberText(a.establishmentNumber)],
          [
            'Adres',
            <>
              {input.address.street}
              <br />
              {input.address.postcode} {input.address.municipality}
            </>,
          ],
          ['Opleiding', props.names.training(a.trainingCode)],
          ['Partnerschap', props.names.partnership(a.partnershipId)],
          ['Capaciteit', input.capacity === 1 ? '1 leerling' : `${input.capacity} leerlingen`],
          [
            'Contactpersoon',
            <>
              {input.contact.name}
              <br />
              <a href={`mailto:${input.contact.email}`}>{input.contact.email}</a>
              {input.contact.phone ? (
                <>
                  <br />
                  {input.contact.phone}
                </>
              ) : null}
            </>,
          ],
          ['Ingediend', longDateTime(a.submittedAt)],
          ...(named.length
            ? [
                [
                  'Documenten genoemd zonder bestand',
                  <ul>
                    {named.map((d) => (
                      <li key={d.kind + d.name}>
                        {d.kind}: {d.name}
                      </li>
                    ))}
                  </ul>,
                ] as [string, ComponentChildren],
              ]
            : []),
        ]}
      />
      <h2>Mentoren</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Naam</th>
            <th scope="col">Leeftijd</th>
            <th scope="col">Ervaring</th>
            <th scope="col">Uittreksel strafregister</th>
            <th scope="col">Mentoropleiding</th>
          </tr>
        </thead>
        <tbody>
          {input.mentors.map((m, index) => (
            <tr key={index}>
              <td>
                {m.firstName} {m.lastName}
                {m.diplomaEvidence ? <span class="hint"> (diploma in het beroep)</span> : null}
              </td>
              <td>{ageOn(m.birthDate, todayInBrussels())} jaar</td>
              <td>{m.yearsOfExperience === 1 ? '1 jaar' : `${m.yearsOfExperience} jaar`}</td>
              <td>{longDate(m.criminalRecordExtractDate)}</td>
              <td>{m.mentorTrainingCompletedOn ? `Gevolgd op ${longDate(m.mentorTrainingCompletedOn)}` : 'Nog niet gevolgd'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Verklaringen op erewoord</h2>
      <ul>
        {Object.entries(input.declarations).map(([key, declared]) => (
          <li key={key}>
            {DECLARATION_TEXT[key] ?? key}: {declared ? 'verklaard' : 'niet verklaard'}
          </li>
        ))}
      </ul>
      <h2>Voorwaarden</h2>
      {a.conditions.length === 0 ? (
        <p>De erkenning krijgt geen voorwaarden mee.</p>
      ) : (
        <ul>
          {a.conditions.map((c) => (
            <li key={c.mentor}>
              {CONDITION_TEXT[c.type] ?? c.type} voor {c.mentorName}, uiterlijk {longDate(c.dueOn)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Outcome(props: { application: ApplicationView }) {
  const a = props.application;
  if (!a.decision) return null;
  return (
    <>
      <h2>Beslissing</h2>
      <p>
        {a.decision.outcome === 'approved' ? 'Goedgekeurd' : 'Afgewezen'} op {longDateTime(a.decision.decidedAt)}.
      </p>
      {a.decision.reasons.length ? (
        <ul>
          {a.decision.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {a.recognitionId ? (
        <p>
          <a href={`/erkenningen/${a.recognitionId}`}>Naar de erkenning</a>
        </p>
      ) : null}
      {a.objection ? (
        <p>
          Bezwaar van de onderneming op {longDateTime(a.objection.at)}: “{a.objection.grounds}”
        </p>
      ) : null}
    </>
  );
}

function Visits(props: { application: ApplicationView }) {
  if (props.application.visits.length === 0) return null;
  return (
    <>
      <h2>Bedrijfsbezoeken</h2>
      {props.application.visits.map((visit) => (
        <div key={visit.recordedAt}>
          <h3>Bezoek op {longDate(visit.visitedOn)}</h3>
          <ul>
            {Object.entries(visit.checklist).map(([point, ok]) => (
              <li key={point}>
                {point}: {ok ? 'in orde' : 'niet in orde'}
              </li>
            ))}
          </ul>
          {visit.notes ? <p>{visit.notes}</p> : null}
        </div>
      ))}
    </>
  );
}

function ActionForms(props: { application: ApplicationView; csrf?: string; values: FormValues; errors?: FormErrors }) {
  const { application: a, values, errors } = props;
  const base = `/dossiers/${a.id}`;
  if (!actionAllowed('decide', a.status)) {
    const open = a.infoRequests.find((r) => !r.answeredAt);
    return a.status === 'info_requested' ? (
      <p>
        U kunt verder zodra de onderneming de aanvraag aanvult{open ? ` (uiterlijk ${longDate(open.dueAt)})` : ''}. Doet ze dat
        niet op tijd, dan vervalt de aanvraag.
      </p>
    ) : null;
  }
  return (
    <>
      <h2 id="informatie">Informatie vragen</h2>
      <Form action={`${base}/informatie`} csrf={props.csrf}>
        <TextArea name="message" label={LABELS.message!} rows={3} values={values} errors={errors} />
        <TextArea
          name="items"
          label={LABELS.items!}
          hint="Eén stuk per regel, bijvoorbeeld: Attest mentoropleiding van Jan Peeters"
          rows={3}
          values={values}
          errors={errors}
        />
        <Button kind="secondary">Informatie vragen</Button>
      </Form>

      <h2 id="bezoek">Bedrijfsbezoek vastleggen</h2>
      <Form action={`${base}/bezoek`} csrf={props.csrf}>
        <TextField
          name="visitedOn"
          label={LABELS.visitedOn!}
          type="date"
          width="medium"
          values={{ visitedOn: todayInBrussels(), ...values }}
          errors={errors}
        />
        <fieldset class="field">
          <legend>Wat was in orde?</legend>
          {VISIT_CHECKLIST.map((point) => (
            <Checkbox key={point} name={`checklist.${point}`} label={point} values={values} errors={errors} />
          ))}
        </fieldset>
        <TextArea name="notes" label={LABELS.notes!} rows={3} values={values} errors={errors} />
        <Button kind="secondary">Bezoek vastleggen</Button>
      </Form>

      <h2 id="beslissing">Beslissen</h2>
      <Form action={`${base}/beslissing`} csrf={props.csrf}>
        <Radios
          name="outcome"
          label={LABELS.outcome!}
          options={[
            { value: 'approved', text: 'Goedkeuren', hint: 'De werkplek wordt erkend voor deze opleiding.' },
            { value: 'rejected', text: 'Afwijzen', hint: 'De onderneming kan bezwaar aantekenen.' },
          ]}
          values={values}
          errors={errors}
        />
        <TextArea
          name="reasons"
          label={LABELS.reasons!}
          hint="Eén reden per regel. Verplicht bij een afwijzing."
          rows={4}
          values={values}
          errors={errors}
        />
        <Button>Beslissing vastleggen</Button>
      </Form>
    </>
  );
}

async function dossier(
  ctx: PageContext,
  req: Request,
  res: Response,
  form: { values?: FormValues; errors?: FormErrors; status?: number } = {},
) {
  const principal = principalOf(res);
  const id = String(req.params.id);
  const [reply, names, uploads] = await Promise.all([
    callAs(ctx, res, 'get', '/api/v1/applications/:id', { params: { id } }),
    catalogueNames(ctx),
    readUploads(ctx, res, id),
  ]);
  const a = reply.body as ApplicationView;
  const acts = (PARTNERSHIP_ROLES as readonly string[]).includes(principal.role);
  render(
    res,
    <Page
      title={`Dossier ${a.companyName}`}
      principal={principal}
      csrf={res.locals.csrf}
      errors={form.errors}
      labels={LABELS}
      back={{ href: '/dossiers', text: 'Terug naar de dossiers' }}
    >
      <Notice text={NOTICES[stringOf(req.query.gelukt)]} />
      <p class="caption">Aanvraag tot erkenning · {names.training(a.trainingCode)}</p>
      <h1>{a.companyName}</h1>
      <p>
        <ApplicationStatus status={a.status} />
        {a.status === 'in_review' && a.decisionDue ? (
          <>
            {' '}
            Beslissing uiterlijk {longDate(a.decisionDue)} (<DaysLeft application={a} due={a.decisionDue} />)
          </>
        ) : null}
      </p>
      <Outcome application={a} />
      <DossierSummary application={a} names={names} />
      <h2>Documenten</h2>
      <UploadedDocuments applicationId={a.id} uploads={uploads} />
      <Visits application={a} />
      {acts ? <ActionForms application={a} csrf={res.locals.csrf} values={form.values ?? {}} errors={form.errors} /> : null}
      <h2 id="tijdlijn">Tijdlijn</h2>
      <Timeline application={a} names={names} />
    </Page>,
    form.status,
  );
}

/**
 * Posts one of the dossier's forms: on success back to the dossier with a notice, on a refusal
 * the dossier again with the values kept and the messages beside the fields.
 */
function action(
  ctx: PageContext,
  apiPath: string,
  build: (values: FormValues) => unknown,
  notice: (reply: ApplicationView) => string,
) {
  return page(async (req, res) => {
    const id = String(req.params.id);
    const values = formValues(req.body);
    try {
      const reply = await callAs(ctx, res, 'post', apiPath, { params: { id }, body: build(values) });
      res.redirect(303, `/dossiers/${encodeURIComponent(id)}?gelukt=${notice(reply.body as ApplicationView)}`);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      await dossier(ctx, req, res, { values, errors, status: error instanceof Problem && error.status === 409 ? 409 : 400 });
    }
  });
}

export function reviewPages(router: Router, ctx: PageContext) {
  const reviewers = [signedIn, forRoles(...PARTNERSHIP_ROLES, 'admin')];
  const actors = [signedIn, forRoles(...PARTNERSHIP_ROLES)];

  router.get(
    '/dossiers',
    ...reviewers,
    page((req, res) => queue(ctx, req, res)),
  );
  router.get(
    '/dossiers/:id',
    ...reviewers,
    page((req, res) => dossier(ctx, req, res)),
  );
  router.post(
    '/dossiers/:id/informatie',
    ...actors,
    action(
      ctx,
      '/api/v1/applications/:id/info-requests',
      (values) => formInput(infoRequestInput, values),
      () => 'informatie',
    ),
  );
  router.post(
    '/dossiers/:id/bezoek',
    ...actors,
    action(
      ctx,
      '/api/v1/applications/:id/visit',
      // By hand: the checklist is a record of booleans, and an unchecked box is not posted at all.
      (values) => ({
        visitedOn: values.visitedOn || undefined,
        checklist: Object.fromEntries(VISIT_CHECKLIST.map((point) => [point, values[`checklist.${point}`] === 'true'])),
        ...(values.notes ? { notes: values.notes } : {}),
      }),
      () => 'bezoek',
    ),
  );
  router.post(
    '/dossiers/:id/beslissing',
    ...actors,
    action(
      ctx,
      '/api/v1/applications/:id/decision',
      (values) => formInput(decisionInput, values),
      (reply) => (reply.status === 'approved' ? 'goedgekeurd' : 'afgewezen'),
    ),
  );
}
