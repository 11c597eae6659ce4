import type { Request, Response, Router } from 'express';
import { type Mandate, inForce, mandateInput } from '../models/mandate';
import { type PageContext, call, forOperation, page, principalOf, signedInPage } from './context';
import { enterpriseNumberText, longDate, todayInBrussels } from './dutch';
import { type FormErrors, type FormValues, fieldsOf, formErrors, formInput, formValues, isoFromTyped } from './forms';
import { Button, Form, Notice, Page, Table, Tag, TextField, render } from './layout';
import { paths, patterns } from './paths';
import { FACT, NO_GO_BACK, TO_START } from './labels';

// Mandates (machtigingen): a company lets a school file applications for it until a date, and
// revokes that; a school sees the mandates it was given and files from its start page; an
// admin sees them all.

const LABELS: Record<string, string> = { schoolId: 'Schoolnummer', validUntil: 'Geldig tot en met' };

const NOTICES: Record<string, string> = {
  gegeven: 'De school is gemachtigd.',
  ingetrokken: 'De machtiging is ingetrokken.',
};

function MandateStatus(props: { mandate: Mandate }) {
  const { mandate } = props;
  if (mandate.revokedAt) return <Tag tone="grey">Ingetrokken</Tag>;
  return inForce(mandate, todayInBrussels()) ? <Tag tone="green">Geldig</Tag> : <Tag tone="grey">Verlopen</Tag>;
}

function MandateTable(props: { mandates: Mandate[]; party: 'school' | 'company' | 'both'; revocable: boolean }) {
  const { party } = props;
  return (
    <Table
      caption="Machtigingen"
      columns={[
        party !== 'company' ? 'School' : null,
        party !== 'school' ? FACT.company : null,
        'Geldig tot en met',
        FACT.status,
      ]}
      action={props.revocable ? 'Acties' : undefined}
    >
      {props.mandates.map((m) => (
        <tr key={m.id}>
          {party !== 'company' ? <td>{m.schoolId}</td> : null}
          {party !== 'school' ? <td>{enterpriseNumberText(m.enterpriseNumber)}</td> : null}
          <td>{longDate(m.validUntil)}</td>
          <td>
            <MandateStatus mandate={m} />
          </td>
          {props.revocable ? (
            <td>
              {m.revokedAt ? null : (
                <a href={paths.revokeMandate(m.id)}>
                  Intrekken<span class="visually-hidden"> ({m.schoolId})</span>
                </a>
              )}
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

const listMandates = async (ctx: PageContext, res: Response) => (await call(ctx, res, ctx.api.mandates.list)).body;

async function showMandates(
  ctx: PageContext,
  req: Request,
  res: Response,
  form: { values: FormValues; errors?: FormErrors; status?: number } = { values: {} },
) {
  const principal = principalOf(res);
  const mandates = await listMandates(ctx, res);
  const notice = typeof req.query.gelukt === 'string' ? NOTICES[req.query.gelukt] : undefined;
  const today = todayInBrussels();
  const field = fieldsOf(form);
  render(
    res,
    <Page title="Machtigingen" {...signedInPage(res)} errors={form.errors} labels={LABELS} back={TO_START}>
      <Notice text={form.errors ? undefined : notice} />
      <h1>Machtigingen</h1>
      {principal.role === 'company' ? (
        <>
          <p class="lead">
            Een school die u machtigt, kan voor uw onderneming een aanvraag tot erkenning indienen en die aanvraag opvolgen, tot
            en met de datum die u kiest. U kunt een machtiging altijd intrekken.
          </p>
          <h2>Een school machtigen</h2>
          <Form action={paths.mandates} csrf={res.locals.csrf}>
            <TextField
              {...field}
              name="schoolId"
              label={LABELS.schoolId!}
              hint="Het nummer dat de school in Erkend gebruikt, bijvoorbeeld school-1"
              width="medium"
            />
            <TextField
              {...field}
              name="validUntil"
              type="date"
              label={LABELS.validUntil!}
              hint="Bijvoorbeeld 30-06-2027"
              width="medium"
            />
            <Button>School machtigen</Button>
          </Form>
          <h2>Uw machtigingen</h2>
          {mandates.length === 0 ? (
            <p>U hebt nog geen school gemachtigd.</p>
          ) : (
            <MandateTable mandates={mandates} party="school" revocable />
          )}
        </>
      ) : principal.role === 'school' ? (
        <>
          <p class="lead">Deze ondernemingen machtigden uw school om voor hen een aanvraag tot erkenning in te dienen.</p>
          {mandates.some((m) => inForce(m, today)) ? (
            <p>
              <a class="button primary" href={paths.newApplication}>
                Aanvraag indienen voor een onderneming
              </a>
            </p>
          ) : null}
          {mandates.length === 0 ? (
            <p>Uw school heeft nog geen machtigingen.</p>
          ) : (
            <MandateTable mandates={mandates} party="company" revocable={false} />
          )}
        </>
      ) : mandates.length === 0 ? (
        <p>Er zijn nog geen machtigingen.</p>
      ) : (
        <MandateTable mandates={mandates} party="both" revocable={false} />
      )}
    </Page>,
    form.status ?? 200,
  );
}

export function mandatePages(router: Router, ctx: PageContext) {
  const { mandates } = ctx.api;

  router.get(
    patterns.mandates,
    forOperation(mandates.list),
    page(async (req, res) => showMandates(ctx, req, res)),
  );

  router.post(
    patterns.mandates,
    forOperation(mandates.give),
    page(async (req, res) => {
      const values = formValues(req.body);
      const body = formInput(mandateInput, { ...values, validUntil: isoFromTyped(values.validUntil ?? '') });
      try {
        await call(ctx, res, mandates.give, { body });
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return showMandates(ctx, req, res, { values, errors, status: 400 });
      }
      res.redirect(303, `${paths.mandates}?gelukt=gegeven`);
    }),
  );

  router.get(
    patterns.revokeMandate,
    forOperation(mandates.revoke),
    page(async (req, res) => {
      const id = String(req.params.id);
      const mandate = (await listMandates(ctx, res)).find((m) => m.id === id && !m.revokedAt);
      if (!mandate) return res.redirect(303, paths.mandates);
      render(
        res,
        <Page
          title="Machtiging intrekken"
          {...signedInPage(res)}
          back={{ href: paths.mandates, text: 'Terug naar uw machtigingen' }}
        >
          <h1>Machtiging van {mandate.schoolId} intrekken?</h1>
          <p>
            De school kan dan geen aanvragen meer indienen voor uw onderneming. Aanvragen die ze al indiende, lopen gewoon verder.
          </p>
          <Form action={paths.revokeMandate(id)} csrf={res.locals.csrf}>
            <Button kind="warning">Ja, intrekken</Button> <a href={paths.mandates}>{NO_GO_BACK}</a>
          </Form>
        </Page>,
      );
    }),
  );

  router.post(
    patterns.revokeMandate,
    forOperation(mandates.revoke),
    page(async (req, res) => {
      await call(ctx, res, mandates.revoke, { params: { id: String(req.params.id) } });
      res.redirect(303, `${paths.mandates}?gelukt=ingetrokken`);
    }),
  );
}
