import type { Request, Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import { Problem } from '../api/problem';
import { actionAllowed } from '../models/application-actions';
import type { ApplicationView } from '../models/application-dossier';
import type { Partnership } from '../models/catalogue';
import { assessApplication } from '../models/eligibility';
import type { UploadedDocument } from '../models/document';
import { policySchema } from '../models/policy';
import { type CatalogueNames, type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from './context';
import {
  daysLeft,
  daysLeftText,
  enterpriseNumberText,
  establishmentNumberText,
  longDate,
  longDateTime,
  timelineText,
  todayInBrussels,
} from './dutch';
import { applicationForm } from './application-form';
import { Documents, answersFor, missingKinds, readUploads, unsentUploads, uploadDocument, uploadErrors } from './documents';
import { type FormErrors, type FormValues, formErrors, formValues, isoFromTyped } from './forms';
import { Button, Form, Notice, Page, Summary, ApplicationStatus, TextArea, TextField, render } from './layout';

// The company's dossier: where its application stands in plain Dutch, what the partnership asks,
// the timeline, the decision, and the actions its status allows (supplement, withdraw, object).
// Reviewers and coordinators have a page of their own for the same dossier.

const NOTICES: Record<string, string> = {
  ingediend: 'Uw aanvraag is ingediend. U krijgt ook een bevestiging per e-mail.',
  aangevuld: 'Uw aanvulling is verstuurd naar het partnerschap.',
  ingetrokken: 'Uw aanvraag is ingetrokken.',
  bezwaar: 'Uw bezwaar is ingediend. Het partnerschap beoordeelt uw aanvraag opnieuw.',
  opgeladen: 'Het document is opgeladen.',
};

/** One dossier as the signed-in person may read it; a malformed id is a page that does not exist. */
async function readApplication(ctx: PageContext, res: Response, id: string): Promise<ApplicationView> {
  try {
    return (await callAs(ctx, res, 'get', '/api/v1/applications/:id', { params: { id } })).body as ApplicationView;
  } catch (error) {
    if (error instanceof Problem && error.status === 400) throw new Problem(404, 'Not Found', `No application ${id}`);
    throw error;
  }
}

/** Where the application stands, in one sentence. */
function headline(app: ApplicationView, partnership: string, own: boolean): string {
  const subject = own ? 'Uw aanvraag' : 'De aanvraag';
  switch (app.status) {
    case 'submitted':
      return `${subject} is ingediend en wordt nagekeken op volledigheid.`;
    case 'in_review':
      if (app.overdue)
        return `${subject} ligt bij ${partnership}. De beslissingstermijn is verstreken; het partnerschap beslist zo snel mogelijk.`;
      return app.decisionDue
        ? `${subject} is volledig en ligt bij ${partnership}; beslissing uiterlijk ${longDate(app.decisionDue)}.`
        : `${subject} is volledig en ligt bij ${partnership}.`;
    case 'info_requested': {
      const due = openRequests(app)[0]?.dueAt;
      return `${partnership} vraagt bijkomende informatie${due ? `: stuur die uiterlijk ${longDate(due)}, anders vervalt de aanvraag` : ''}.`;
    }
    case 'approved':
      return `${subject} is goedgekeurd: de werkplek is erkend als leeronderneming voor deze opleiding.`;
    case 'rejected':
      return `${partnership} heeft ${subject.toLowerCase()} afgewezen.`;
    case 'lapsed':
      return `${subject} is vervallen: de gevraagde informatie kwam niet op tijd binnen.`;
    case 'withdrawn':
      return `${subject} is ingetrokken.`;
  }
}

const idOf = (req: Request) => String(req.params.id);

const openRequests = (app: ApplicationView) => app.infoRequests.filter((r) => !r.answeredAt);

const canObject = (app: ApplicationView) =>
  actionAllowed('object', app.status) && !!app.objectionDeadline && Date.parse(app.objectionDeadline) > Date.now();

/** The partnership's required documents, and what the supplement form asks: documents to upload, extracts the rules still miss. */
async function supplementAsks(ctx: PageContext, res: Response, app: ApplicationView, uploads: UploadedDocument[]) {
  const partnerships = (await callAs(ctx, res, 'get', '/api/v1/partnerships')).body as Partnership[];
  const policy = policySchema.safeParse(partnerships.find((p) => p.id === app.partnershipId)?.policy);
  const required = policy.success ? policy.data.requiredDocuments : [];
  const missing = policy.success ? assessApplication(app.application, todayInBrussels(), policy.data).missing : [];
  const extracts = app.application.mentors
    .map((_, index) => index)
    .filter((index) => missing.some((m) => m.path === `mentors.${index}.criminalRecordExtractDate`));
  return { required, documents: missingKinds(required, app, uploads), unsent: unsentUploads(app, uploads), extracts };
}

type Asks = Awaited<ReturnType<typeof supplementAsks>>;
const extractField = (index: number) => `mentors.${index}.criminalRecordExtractDate`;
const mentorName = (app: ApplicationView, index: number) =>
  `${app.application.mentors[index]?.firstName ?? ''} ${app.application.mentors[index]?.lastName ?? ''}`.trim();

function labelsOf(app: ApplicationView): Record<string, string> {
  return {
    message: 'Uw antwoord',
    grounds: 'Uw bezwaar',
    kind: 'Soort document',
    file: 'Bestand',
    ...Object.fromEntries(
      app.application.mentors.map((_, index) => [
        extractField(index),
        `Uittreksel uit het strafregister van ${mentorName(app, index)}`,
      ]),
    ),
  };
}

function Timeline(props: { app: ApplicationView; partnership: string }) {
  const newestFirst = props.app.timeline.map((entry, index) => ({ entry, index })).reverse();
  newestFirst.sort((a, b) => b.entry.at.localeCompare(a.entry.at) || b.index - a.index);
  return (
    <ol class="timeline" reversed>
      {newestFirst.map(({ entry }) => (
        <li key={entry.id}>
          <time dateTime={entry.at}>{longDateTime(entry.at)}</time>
          {timelineText(entry.type, entry.data, props.partnership)}
        </li>
      ))}
    </ol>
  );
}

function Requests(props: {
  app: ApplicationView;
  asks?: Asks;
  /** Where the documents are uploaded, before the supplement that sends them. */
  documents: ComponentChildren;
  values: FormValues;
  errors?: FormErrors;
  csrf?: string;
  partnership: string;
}) {
  const { app, asks, values, errors } = props;
  const open = openRequests(app);
  if (open.length === 0) return null;
  return (
    <section id="aanvullen" aria-labelledby="gevraagd">
      <h2 id="gevraagd">Gevraagde informatie</h2>
      {open.map((request) => (
        <div class="inset" key={request.id}>
          <p>
            {request.requestedBy === 'system'
              ? 'Bij de automatische controle bleek dat dit nog ontbreekt:'
              : `${props.partnership} vraagt op ${longDate(request.requestedAt)}:`}
          </p>
          {request.requestedBy === 'system' ? null : <p>{request.message}</p>}
          <ul>
            {request.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <p>
            Stuur dit uiterlijk <strong>{longDate(request.dueAt)}</strong>{' '}
            <span class={daysLeft(request.dueAt) < 0 ? 'overdue' : undefined}>({daysLeftText(request.dueAt)})</span>.
          </p>
        </div>
      ))}
      {props.documents}
      {asks ? (
        <Form action={`/aanvragen/${app.id}/aanvullen`} csrf={props.csrf}>
          <h3>Aanvulling versturen</h3>
          {asks.documents.length ? (
            <p>
              Nog op te laden bij <a href="#documenten">Documenten</a>: {asks.documents.join(', ')}.
            </p>
          ) : null}
          {asks.unsent.length ? (
            <p>Met uw aanvulling gaan deze opgeladen documenten mee: {asks.unsent.map((u) => u.name).join(', ')}.</p>
          ) : null}
          {asks.extracts.map((index) => (
            <TextField
              key={index}
              name={extractField(index)}
              type="date"
              width="medium"
              label={`Datum van het nieuwe uittreksel uit het strafregister van ${mentorName(app, index)}`}
              hint="Het uittreksel (model 596.2) is ten hoogste één jaar oud."
              values={values}
              errors={errors}
            />
          ))}
          <TextArea
            name="message"
            label="Uw antwoord"
            hint="Schrijf kort wat u aanvult of wijzigt."
            rows={5}
            values={values}
            errors={errors}
          />
          <Button>Aanvulling versturen</Button>
        </Form>
      ) : null}
    </section>
  );
}

function Decision(props: { app: ApplicationView; own: boolean; values: FormValues; errors?: FormErrors; csrf?: string }) {
  const { app } = props;
  if (!app.decision) return null;
  return (
    <section aria-labelledby="beslissing">
      <h2 id="beslissing">Beslissing</h2>
      <p>
        {app.decision.outcome === 'approved' ? 'Goedgekeurd' : 'Afgewezen'} op {longDate(app.decision.decidedAt)}.
      </p>
      {app.decision.reasons.length ? (
        <>
          <p>{app.decision.outcome === 'approved' ? 'Motivering:' : 'Redenen van de afwijzing:'}</p>
          <ul>
            {app.decision.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      {app.recognitionId ? (
        <p>
          <a class="button primary" href={`/erkenningen/${app.recognitionId}`}>
            Naar uw erkenning
          </a>
        </p>
      ) : null}
      {app.objection ? (
        <div class="inset">
          <p>Bezwaar aangetekend op {longDate(app.objection.at)}:</p>
          <p>{app.objection.grounds}</p>
        </div>
      ) : null}
      {props.own && canObject(app) ? (
        <>
          <h3>Niet akkoord?</h3>
          <p>
            U kunt tot {longDateTime(app.objectionDeadline)} bezwaar aantekenen. Het partnerschap beoordeelt uw aanvraag dan
            opnieuw.
          </p>
          <Form action={`/aanvragen/${app.id}/bezwaar`} csrf={props.csrf}>
            <TextArea
              name="grounds"
              label="Uw bezwaar"
              hint="Waarom is de beslissing volgens u niet juist? Wat is er intussen veranderd?"
              rows={6}
              values={props.values}
              errors={props.errors}
            />
            <Button>Bezwaar indienen</Button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

async function showDossier(
  ctx: PageContext,
  req: Request,
  res: Response,
  app: ApplicationView,
  options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
) {
  const principal = principalOf(res);
  const own = principal.role === 'company';
  const answers = answersFor(principal, app);
  const names: CatalogueNames = await catalogueNames(ctx);
  const partnership = names.partnership(app.partnershipId);
  const uploads = await readUploads(ctx, res, app.id);
  const asks = answers && app.status === 'info_requested' ? await supplementAsks(ctx, res, app, uploads) : undefined;
  const documents = (
    <Documents
      app={app}
      uploads={uploads}
      required={asks?.required ?? []}
      canUpload={answers}
      values={options.values}
      errors={options.errors}
      csrf={res.locals.csrf}
    />
  );
  const values: FormValues = {
    ...Object.fromEntries(
      (asks?.extracts ?? []).map((i) => [extractField(i), app.application.mentors[i]!.criminalRecordExtractDate]),
    ),
    ...options.values,
  };
  const a = app.application;
  const notice = typeof req.query.gelukt === 'string' ? NOTICES[req.query.gelukt] : undefined;
  render(
    res,
    <Page
      title={`Aanvraag ${names.training(app.trainingCode)}`}
      principal={principal}
      csrf={res.locals.csrf}
      errors={options.errors}
      labels={labelsOf(app)}
      back={{ href: '/', text: 'Naar het overzicht' }}
    >
      <Notice text={options.errors ? undefined : notice} />
      <p class="caption">Aanvraag tot erkenning</p>
      <h1>
        {names.training(app.trainingCode)} bij {app.companyName}
      </h1>
      <p>
        <ApplicationStatus status={app.status} />
      </p>
      <p class="lead">{headline(app, partnership, own)}</p>
      <Requests
        app={app}
        asks={asks}
        documents={asks ? documents : null}
        values={values}
        errors={options.errors}
        csrf={res.locals.csrf}
        partnership={partnership}
      />
      <Decision app={app} own={own} values={values} errors={options.errors} csrf={res.locals.csrf} />
      {asks ? null : documents}
      <h2>Gegevens</h2>
      <Summary
        rows={[
          ['Opleiding', names.training(app.trainingCode)],
          ['Onderneming', `${app.companyName} (${enterpriseNumberText(app.enterpriseNumber)})`],
          ['Vestigingseenheid', establishmentNumberText(app.establishmentNumber)],
          [
            'Adres van de werkplek',
            <>
              {a.address.street}
              <br />
              {a.address.postcode} {a.address.municipality}
            </>,
          ],
          ['Plaatsen voor leerlingen', String(a.capacity)],
          ['Contactpersoon', `${a.contact.name}, ${a.contact.email}${a.contact.phone ? `, ${a.contact.phone}` : ''}`],
          ['Mentoren', a.mentors.map((m) => `${m.firstName} ${m.lastName}`).join(', ')],
          ['Sectoraal partnerschap', partnership],
          ['Ingediend op', longDateTime(app.submittedAt)],
          ...(app.filedBy?.schoolId
            ? [['Ingediend door', `School ${app.filedBy.schoolId}, gemachtigd door de onderneming`] as [string, string]]
            : []),
          ...(app.decisionDue && !app.decision ? [['Beslissing uiterlijk', longDate(app.decisionDue)] as [string, string]] : []),
        ]}
      />
      <h2>Verloop</h2>
      <Timeline app={app} partnership={partnership} />
      {own && actionAllowed('withdraw', app.status) ? (
        <>
          <h2>Aanvraag intrekken</h2>
          <p>Wilt u deze werkplek toch niet laten erkennen? Dan kunt u de aanvraag intrekken zolang er geen beslissing is.</p>
          <p>
            <a class="button warning" href={`/aanvragen/${app.id}/intrekken`}>
              Aanvraag intrekken
            </a>
          </p>
        </>
      ) : null}
    </Page>,
    options.status ?? 200,
  );
}

/** The supplement as the API takes it: the message and the mentors with a new extract (the API adds the uploads). */
function supplementBody(app: ApplicationView, asks: Asks, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.message) body.message = values.message;
  const mentors = app.application.mentors.map((mentor, index) => {
    const typed = values[extractField(index)];
    const date = typed ? isoFromTyped(typed) : undefined;
    return date && asks.extracts.includes(index) && date !== mentor.criminalRecordExtractDate
      ? { ...mentor, criminalRecordExtractDate: date }
      : mentor;
  });
  if (mentors.some((mentor, i) => mentor !== app.application.mentors[i])) body.mentors = mentors;
  return body;
}

/** Runs an action on the dossier; a refusal shows the dossier again with the message and what was typed. */
async function act(
  ctx: PageContext,
  req: Request,
  res: Response,
  run: (id: string) => Promise<unknown>,
  done: string,
  values: FormValues = {},
) {
  const id = idOf(req);
  try {
    await run(id);
  } catch (error) {
    const errors = formErrors(error);
    if (!errors) throw error;
    const status = error instanceof Problem && error.status === 409 ? 409 : 400;
    return showDossier(ctx, req, res, await readApplication(ctx, res, id), { values, errors, status });
  }
  res.redirect(303, `/aanvragen/${id}?gelukt=${done}`);
}

export function applicationPages(router: Router, ctx: PageContext) {
  // The new application's paths first: `/aanvragen/nieuw` is not a dossier.
  applicationForm(router, ctx);

  router.get(
    '/aanvragen/:id',
    signedIn,
    forRoles('company', 'reviewer', 'coordinator', 'admin', 'school'),
    page(async (req, res) => {
      const role = principalOf(res).role;
      if (role === 'reviewer' || role === 'coordinator') return res.redirect(303, `/dossiers/${encodeURIComponent(idOf(req))}`);
      await showDossier(ctx, req, res, await readApplication(ctx, res, idOf(req)));
    }),
  );

  router.post(
    '/aanvragen/:id/documenten',
    signedIn,
    forRoles('company', 'school'),
    page(async (req, res) => {
      const id = idOf(req);
      try {
        await uploadDocument(ctx, req, res, id);
      } catch (error) {
        const refused = uploadErrors(error);
        if (!refused) throw error;
        // Read to its end, so the browser sees the page rather than a connection reset.
        req.resume();
        return showDossier(ctx, req, res, await readApplication(ctx, res, id), refused);
      }
      res.redirect(303, `/aanvragen/${id}?gelukt=opgeladen#documenten`);
    }),
  );

  router.post(
    '/aanvragen/:id/aanvullen',
    signedIn,
    forRoles('company', 'school'),
    page(async (req, res) => {
      const values = formValues(req.body);
      const app = await readApplication(ctx, res, idOf(req));
      const asks =
        app.status === 'info_requested' ? await supplementAsks(ctx, res, app, await readUploads(ctx, res, app.id)) : undefined;
      const body = asks ? supplementBody(app, asks, values) : {};
      if (asks && Object.keys(body).length === 0 && asks.unsent.length === 0) {
        const errors = {
          fields: { message: 'Schrijf wat u aanvult, laad de gevraagde documenten op of vul de gevraagde gegevens in.' },
        };
        return showDossier(ctx, req, res, app, { values, errors, status: 400 });
      }
      await act(
        ctx,
        req,
        res,
        (id) => callAs(ctx, res, 'post', '/api/v1/applications/:id/supplements', { params: { id }, body }),
        'aangevuld',
        values,
      );
    }),
  );

  router.get(
    '/aanvragen/:id/intrekken',
    signedIn,
    forRoles('company'),
    page(async (req, res) => {
      const app = await readApplication(ctx, res, idOf(req));
      if (!actionAllowed('withdraw', app.status)) return res.redirect(303, `/aanvragen/${app.id}`);
      const names = await catalogueNames(ctx);
      render(
        res,
        <Page
          title="Aanvraag intrekken"
          principal={principalOf(res)}
          csrf={res.locals.csrf}
          back={{ href: `/aanvragen/${app.id}`, text: 'Terug naar de aanvraag' }}
        >
          <h1>Weet u het zeker?</h1>
          <p class="lead">
            U trekt uw aanvraag in voor {names.training(app.trainingCode)} bij {app.companyName} (vestiging{' '}
            {establishmentNumberText(app.establishmentNumber)}).
          </p>
          <p>
            Het partnerschap behandelt de aanvraag dan niet verder. Dat kunt u niet ongedaan maken: wilt u later toch erkend
            worden, dan dient u een nieuwe aanvraag in.
          </p>
          <Form action={`/aanvragen/${app.id}/intrekken`} csrf={res.locals.csrf}>
            <Button kind="warning">Ja, aanvraag intrekken</Button>
          </Form>
          <p>
            <a href={`/aanvragen/${app.id}`}>Nee, terug naar de aanvraag</a>
          </p>
        </Page>,
      );
    }),
  );

  router.post(
    '/aanvragen/:id/intrekken',
    signedIn,
    forRoles('company'),
    page((req, res) =>
      act(
        ctx,
        req,
        res,
        (id) => callAs(ctx, res, 'post', '/api/v1/applications/:id/withdrawal', { params: { id } }),
        'ingetrokken',
      ),
    ),
  );

  router.post(
    '/aanvragen/:id/bezwaar',
    signedIn,
    forRoles('company'),
    page(async (req, res) => {
      const values = formValues(req.body);
      await act(
        ctx,
        req,
        res,
        (id) =>
          callAs(ctx, res, 'post', '/api/v1/applications/:id/objection', { params: { id }, body: { grounds: values.grounds } }),
        'bezwaar',
        values,
      );
    }),
  );
}
