import type { Request, Response, Router } from 'express';
import { Problem } from '../../api/problem';
import { actionAllowed } from '../../models/application-actions';
import type { ApplicationView } from '../../models/application-dossier';
import type { UploadedDocument } from '../../models/document';
import { assessApplication } from '../../models/eligibility';
import { policySchema } from '../../models/policy';
import { applicationForm } from '../application-form';
import { type PageContext, call, catalogueNames, forOperation, page, principalOf, signedInPage } from '../context';
import { Documents, answersFor, missingKinds, readUploads, unsentUploads, uploadDocument, uploadErrors } from '../documents';
import { todayInBrussels } from '../dutch';
import { type FormErrors, type FormValues, formErrors, formValues, isoFromTyped } from '../forms';
import { render } from '../layout';
import { paths, patterns } from '../paths';
import { type Asks, DossierPage, NOTICES, WithdrawPage, extractField } from './dossier-page';

// The company's (or its filing school's) dossier and what it does there: supplement, upload,
// withdraw, object. Reviewers and coordinators have a page of their own for the same dossier.

const idOf = (req: Request) => String(req.params.id);

/** One dossier as the signed-in person may read it; a malformed id is a page that does not exist. */
async function readApplication(ctx: PageContext, res: Response, id: string): Promise<ApplicationView> {
  try {
    return (await call(ctx, res, ctx.api.applications.get, { params: { id } })).body;
  } catch (error) {
    if (error instanceof Problem && error.status === 400) throw new Problem(404, 'Not Found', `No application ${id}`);
    throw error;
  }
}

/** The partnership's required documents, and what the supplement form asks: documents to upload, extracts the rules still miss. */
async function supplementAsks(ctx: PageContext, res: Response, app: ApplicationView, uploads: UploadedDocument[]): Promise<Asks> {
  const { body: partnerships } = await call(ctx, res, ctx.api.catalogue.allPartnerships);
  const policy = policySchema.safeParse(partnerships.find((p) => p.id === app.partnershipId)?.policy);
  const required = policy.success ? policy.data.requiredDocuments : [];
  const missing = policy.success ? assessApplication(app.application, todayInBrussels(), policy.data).missing : [];
  const extracts = app.application.mentors
    .map((_, index) => index)
    .filter((index) => missing.some((m) => m.path === extractField(index)));
  return { required, documents: missingKinds(required, app, uploads), unsent: unsentUploads(app, uploads), extracts };
}

/** The dossier: what it needs read, what the person may do with it, then the page. */
async function showDossier(
  ctx: PageContext,
  req: Request,
  res: Response,
  app: ApplicationView,
  options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
) {
  const principal = principalOf(res);
  const answers = answersFor(principal, app);
  const names = await catalogueNames(ctx);
  const uploads = await readUploads(ctx, res, app.id);
  const asks = answers && app.status === 'info_requested' ? await supplementAsks(ctx, res, app, uploads) : undefined;

  // The extracts asked for are filled in with the ones the dossier has, unless typed again.
  const values: FormValues = {
    ...Object.fromEntries(
      (asks?.extracts ?? []).map((i) => [extractField(i), app.application.mentors[i]!.criminalRecordExtractDate]),
    ),
    ...options.values,
  };
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
  render(
    res,
    <DossierPage
      {...signedInPage(res)}
      app={app}
      training={names.training(app.trainingCode)}
      partnership={names.partnership(app.partnershipId)}
      own={principal.role === 'company'}
      asks={asks}
      documents={documents}
      values={values}
      errors={options.errors}
      notice={typeof req.query.gelukt === 'string' ? NOTICES[req.query.gelukt] : undefined}
    />,
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
  res.redirect(303, `${paths.application(id)}?gelukt=${done}`);
}

/** The supplement posted: refused at once when it would send nothing, else sent. */
async function supplement(ctx: PageContext, req: Request, res: Response) {
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
  const send = (id: string) => call(ctx, res, ctx.api.applications.supplement, { params: { id }, body });
  await act(ctx, req, res, send, 'aangevuld', values);
}

/** An upload to the dossier; a refused file is said beside the upload form. */
async function upload(ctx: PageContext, req: Request, res: Response) {
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
  res.redirect(303, `${paths.application(id)}?gelukt=opgeladen#documenten`);
}

export function applicationPages(router: Router, ctx: PageContext) {
  // The new application's paths first: `/aanvragen/nieuw` is not a dossier.
  applicationForm(router, ctx);

  router.get(
    patterns.application,
    forOperation(ctx.api.applications.get),
    page(async (req, res) => {
      const role = principalOf(res).role;
      if (role === 'reviewer' || role === 'coordinator') return res.redirect(303, paths.dossier(idOf(req)));
      await showDossier(ctx, req, res, await readApplication(ctx, res, idOf(req)));
    }),
  );

  router.post(
    patterns.applicationAction('documenten'),
    forOperation(ctx.api.documents.upload),
    page((req, res) => upload(ctx, req, res)),
  );

  router.post(
    patterns.applicationAction('aanvullen'),
    forOperation(ctx.api.applications.supplement),
    page((req, res) => supplement(ctx, req, res)),
  );

  router.get(
    patterns.applicationAction('intrekken'),
    forOperation(ctx.api.applications.withdraw),
    page(async (req, res) => {
      const app = await readApplication(ctx, res, idOf(req));
      if (!actionAllowed('withdraw', app.status)) return res.redirect(303, paths.application(app.id));
      const training = (await catalogueNames(ctx)).training(app.trainingCode);
      render(res, <WithdrawPage {...signedInPage(res)} app={app} training={training} />);
    }),
  );

  router.post(
    patterns.applicationAction('intrekken'),
    forOperation(ctx.api.applications.withdraw),
    page((req, res) =>
      act(ctx, req, res, (id) => call(ctx, res, ctx.api.applications.withdraw, { params: { id } }), 'ingetrokken'),
    ),
  );

  router.post(
    patterns.applicationAction('bezwaar'),
    forOperation(ctx.api.applications.object),
    page(async (req, res) => {
      const values = formValues(req.body);
      const object = (id: string) =>
        call(ctx, res, ctx.api.applications.object, { params: { id }, body: { grounds: values.grounds } });
      await act(ctx, req, res, object, 'bezwaar', values);
    }),
  );
}
