import type { Request, Response, Router } from 'express';
import { Problem } from '../../api/problem';
import { incidentInput } from '../../models/recognition';
import type { Principal } from '../../platform/auth';
import { type PageContext, call, catalogueNames, forOperation, page, principalOf } from '../context';
import { inDutch } from '../dutch';
import { type FormErrors, type FormValues, formErrors, formInput, formValues } from '../forms';
import { Button, Form, Notice, Page, TextArea, render } from '../layout';
import { paths, patterns } from '../paths';
import { companyOf, idOf } from './register';

// A school (from the register) or a partnership (from its recognition) reports a problem with a
// workplace: it opens a quality check, or joins the one a report opened.

const INCIDENT_LABELS = { description: 'Wat is er gebeurd?' };

/** What the reporter knows of the recognition: a school from the register, a partnership its own dossier. */
async function incidentSubject(ctx: PageContext, req: Request, res: Response, id: string): Promise<string | undefined> {
  const names = await catalogueNames(ctx);
  if (principalOf(res).role !== 'school') {
    const { body: r } = await call(ctx, res, ctx.api.recognitions.get, { params: { id } });
    return `${r.companyName}, ${names.training(r.trainingCode)}`;
  }
  const enterprise = typeof req.query.onderneming === 'string' ? req.query.onderneming : '';
  const company = enterprise ? await companyOf(ctx, res, enterprise) : undefined;
  const found = company?.recognitions.find((r) => r.recognitionId === id);
  return found
    ? `${company!.companyName}, ${names.training(found.trainingCode)} (${found.address.postcode} ${found.address.municipality})`
    : undefined;
}

interface IncidentView {
  principal: Principal;
  csrf?: string;
  subject?: string;
  /** Reported: the notice instead of the form. */
  done: boolean;
  /** The check the report opened or joined, which a school follows. */
  checkId?: string;
  self: string;
  back: { href: string; text: string };
  values: FormValues;
  errors?: FormErrors;
}

function Reported(props: IncidentView) {
  return (
    <>
      <Notice text="Uw melding is doorgegeven: er loopt nu een kwaliteitscontrole bij deze werkplek." />
      <p>
        De onderneming beantwoordt vragen over de werkplek en het sectoraal partnerschap beoordeelt de antwoorden. Liep er al een
        controle na een melding, dan is uw melding daaraan toegevoegd.
      </p>
      {props.checkId && props.principal.role === 'school' ? (
        <p>
          <a href={paths.incident(props.checkId)}>Volg wat er met uw melding gebeurt</a>
        </p>
      ) : null}
      <p>
        <a href={props.back.href}>{props.back.text}</a>
      </p>
    </>
  );
}

function IncidentPage(props: IncidentView) {
  const { values, errors } = props;
  const field = { values, errors };
  return (
    <Page
      title="Een probleem melden"
      principal={props.principal}
      csrf={props.csrf}
      errors={errors}
      labels={INCIDENT_LABELS}
      back={props.back}
    >
      {props.subject ? <p class="caption">{props.subject}</p> : null}
      <h1>Een probleem melden</h1>
      {props.done ? (
        <Reported {...props} />
      ) : (
        <>
          <p>
            Een melding gaat naar het sectoraal partnerschap dat deze werkplek erkende en opent een kwaliteitscontrole: de
            onderneming beantwoordt dan vragen over de werkplek, het partnerschap beoordeelt de antwoorden.
          </p>
          <Form action={props.self} csrf={props.csrf}>
            <TextArea
              {...field}
              name="description"
              label={INCIDENT_LABELS.description}
              hint="Wat zag of hoorde u, wanneer, en wie was erbij betrokken? Noem geen gezondheidsgegevens van de leerling."
              rows={6}
            />
            <Button>Melding versturen</Button>
          </Form>
        </>
      )}
    </Page>
  );
}

async function showIncident(
  ctx: PageContext,
  req: Request,
  res: Response,
  values: FormValues,
  errors?: FormErrors,
  status = 200,
) {
  const id = idOf(req);
  const principal = principalOf(res);
  const subject = await incidentSubject(ctx, req, res, id);
  const enterprise = typeof req.query.onderneming === 'string' ? req.query.onderneming : undefined;
  const self = `${paths.recognitionAction(id, 'melding')}${enterprise ? `?${new URLSearchParams({ onderneming: enterprise })}` : ''}`;
  // A school came from the register; a partnership from its own recognition page.
  const back =
    principal.role === 'school'
      ? { href: paths.register, text: 'Terug naar het register' }
      : { href: paths.recognition(id), text: 'Terug naar de erkenning' };
  const view: IncidentView = {
    principal,
    csrf: res.locals.csrf,
    subject,
    done: req.query.gelukt === 'ja',
    checkId: typeof req.query.controle === 'string' ? req.query.controle : undefined,
    self,
    back,
    values,
    errors,
  };
  render(res, <IncidentPage {...view} />, status);
}

/** The report posted: on to the page that says so, or the form again with why not. */
async function report(ctx: PageContext, req: Request, res: Response) {
  const id = idOf(req);
  const values = formValues(req.body);
  let reported;
  try {
    reported = await call(ctx, res, ctx.api.recognitions.reportIncident, {
      params: { id },
      body: formInput(incidentInput, values),
    });
  } catch (error) {
    if (error instanceof Problem && error.status === 429) {
      if (error.retryAfter) res.setHeader('Retry-After', String(error.retryAfter));
      return showIncident(
        ctx,
        req,
        res,
        values,
        { fields: {}, general: inDutch(error.reason ?? { message: error.detail }) },
        429,
      );
    }
    if (error instanceof Problem && error.status === 409) {
      const general = 'Deze erkenning loopt niet meer: een melding is niet meer mogelijk.';
      return showIncident(ctx, req, res, values, { fields: {}, general }, 409);
    }
    const errors = formErrors(error);
    if (!errors) throw error;
    return showIncident(ctx, req, res, values, errors, 400);
  }
  const back = new URLSearchParams({ gelukt: 'ja' });
  const { qualityCheckId } = reported.body;
  if (principalOf(res).role === 'school') back.set('controle', qualityCheckId);
  if (typeof req.query.onderneming === 'string') back.set('onderneming', req.query.onderneming);
  res.redirect(303, `${paths.recognitionAction(id, 'melding')}?${back}`);
}

export function incidentPage(router: Router, ctx: PageContext) {
  const reporter = [forOperation(ctx.api.recognitions.reportIncident)];
  router.get(
    patterns.recognitionAction('melding'),
    ...reporter,
    page((req, res) => showIncident(ctx, req, res, {})),
  );
  router.post(
    patterns.recognitionAction('melding'),
    ...reporter,
    page((req, res) => report(ctx, req, res)),
  );
}
