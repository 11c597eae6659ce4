import type { Response } from 'express';
import type { ComponentChildren } from 'preact';
import { Problem } from '../../api/problem';
import { applicationInput } from '../../models/application';
import { routePartnership } from '../../models/catalogue';
import { assessApplication } from '../../models/eligibility';
import { normalizeCompanyNumber } from '../../models/identifiers';
import { policySchema } from '../../models/policy';
import { type CatalogueNames, type PageContext, call, principalOf, signedInPage } from '../context';
import { enterpriseNumberText, establishmentNumberText, inDutch, longDate, todayInBrussels } from '../dutch';
import { type FormErrors, type FormValues, formErrors, formInput } from '../forms';
import { Button, ErrorSummary, Form, Page, Summary, fieldId, render } from '../layout';
import { FIELD } from '../labels';
import { mentorCount, mentorPath } from '../mentor-fields';
import { paths } from '../paths';
import { type Draft, valuesOf } from './draft';
import { pickedFromList } from './kbo';
import { DECLARATIONS, KBO_CHOICE, LABELS, STEPS, type Step, labelsFor, stepOf } from './steps';

// "Check your answers": every step's answers with a link to change them, what the partnership
// will still ask, and the submission.

const shown = (value: string | undefined) => value || 'Niet opgegeven';

function companyNumberText(value: string | undefined, kind: 'enterprise' | 'establishment') {
  const normalized = normalizeCompanyNumber(value ?? '', kind);
  if (!normalized.ok) return shown(value);
  return kind === 'enterprise' ? enterpriseNumberText(normalized.value) : establishmentNumberText(normalized.value);
}

function mentorText(values: FormValues, index: number): ComponentChildren {
  const v = (field: string) => values[mentorPath(index, field)];
  return (
    <>
      {v('firstName')} {v('lastName')}, geboren op {longDate(v('birthDate'))}
      <br />
      {v('yearsOfExperience')} jaar ervaring in het beroep{v('diplomaEvidence') === 'true' ? ', met diploma in het beroep' : ''}
      <br />
      Uittreksel uit het strafregister van {longDate(v('criminalRecordExtractDate'))}
      <br />
      {v('mentorTrainingCompletedOn')
        ? `Mentoropleiding gevolgd op ${longDate(v('mentorTrainingCompletedOn'))}`
        : 'Mentoropleiding nog te volgen'}
    </>
  );
}

function answerRows(step: Step, values: FormValues, names: CatalogueNames): Array<[string, ComponentChildren]> {
  switch (step.id) {
    case 'onderneming':
      return [
        [LABELS.enterpriseNumber, companyNumberText(values.enterpriseNumber, 'enterprise')],
        [LABELS.establishmentNumber, companyNumberText(values.establishmentNumber, 'establishment')],
        [LABELS.companyName, shown(values.companyName)],
        ['Paritair comité', shown(values.jointCommittee)],
      ];
    case 'opleiding':
      return [
        [LABELS.trainingCode, names.training(values.trainingCode ?? '')],
        [LABELS.capacity, shown(values.capacity)],
        [
          'Adres van de werkplek',
          <>
            {values['address.street']}
            <br />
            {values['address.postcode']} {values['address.municipality']}
          </>,
        ],
      ];
    case 'contactpersoon':
      return [
        ['Naam', shown(values['contact.name'])],
        [FIELD.email, shown(values['contact.email'])],
        ['Telefoonnummer', shown(values['contact.phone'])],
      ];
    case 'mentoren':
      return Array.from({ length: mentorCount(values) }, (_, index) => [`Mentor ${index + 1}`, mentorText(values, index)]);
    case 'verklaringen':
      return DECLARATIONS.map((d) => [d.label, values[d.name] === 'true' ? 'Bevestigd' : 'Niet bevestigd']);
  }
}

/** What the partnership will still ask after submission, and the conditions a recognition would carry. */
async function outlook(ctx: PageContext, res: Response, values: FormValues, names: CatalogueNames) {
  const parsed = applicationInput.safeParse(formInput(applicationInput, values));
  if (!parsed.success) return undefined;
  const { body: partnerships } = await call(ctx, res, ctx.api.catalogue.allPartnerships);
  const training = names.trainings.find((t) => t.code === parsed.data.trainingCode);
  const partnership = routePartnership(partnerships, training, parsed.data.jointCommittee);
  const policy = policySchema.safeParse(partnership.policy);
  const assessment = policy.success ? assessApplication(parsed.data, todayInBrussels(), policy.data) : undefined;
  return { partnership, assessment };
}

type Outlook = NonNullable<Awaited<ReturnType<typeof outlook>>>;

/** The refusal at submission, each message a link to the step that asks the field. */
function RefusalSummary(props: { errors: FormErrors; values: FormValues }) {
  // An establishment picked from the KBO list is refused beside that list (see onKboChoice).
  const picked = pickedFromList(props.values);
  const anchor = (path: string) => fieldId(picked && path === 'establishmentNumber' ? KBO_CHOICE : path);
  const href = (path: string) => {
    const step = stepOf(path);
    return step ? `${paths.newApplicationStep(step.id)}#${anchor(path)}` : undefined;
  };
  return <ErrorSummary errors={props.errors} labels={labelsFor(props.errors)} href={href} />;
}

function WhatFollows(props: { ahead: Outlook }) {
  const { partnership, assessment } = props.ahead;
  return (
    <div class="inset">
      <h2>Wat volgt</h2>
      <p>
        Uw aanvraag gaat naar <strong>{partnership.name}</strong>. Het partnerschap kijkt na of ze volledig is en beslist binnen
        de termijn die het u na het indienen meldt.
      </p>
      {assessment?.missing.length ? (
        <>
          <p>Na het indienen vraagt het partnerschap u nog:</p>
          <ul>
            {assessment.missing.map((m) => (
              <li key={m.path + m.item}>{m.item}</li>
            ))}
          </ul>
          <p>U vult dat aan op de pagina van uw aanvraag.</p>
        </>
      ) : null}
      {assessment?.conditions.map((c) => (
        <p key={c.mentor}>
          {c.mentorName} volgt de mentoropleiding uiterlijk {longDate(c.dueOn)}.
        </p>
      ))}
    </div>
  );
}

export async function showCheck(
  ctx: PageContext,
  res: Response,
  draft: Draft,
  names: CatalogueNames,
  errors?: FormErrors,
  status = 200,
) {
  const principal = principalOf(res);
  const values = valuesOf(draft, principal);
  const ahead = await outlook(ctx, res, values, names);
  render(
    res,
    <Page
      title={`${errors ? 'Fout: ' : ''}Controleer uw aanvraag`}
      {...signedInPage(res)}
      back={{ href: paths.newApplicationStep(STEPS[STEPS.length - 1]!.id), text: 'Terug' }}
    >
      {errors ? <RefusalSummary errors={errors} values={values} /> : null}
      <p class="caption">Aanvraag tot erkenning</p>
      <h1>Controleer uw aanvraag</h1>
      <p>Kijk uw antwoorden na voor u de aanvraag indient. Klopt iets niet, kies dan “Wijzigen”.</p>
      {STEPS.map((step) => (
        <section key={step.id} aria-labelledby={`stap-${step.id}`}>
          <div class="section-heading">
            <h2 id={`stap-${step.id}`}>{step.title}</h2>
            <a href={paths.newApplicationStep(step.id)}>
              Wijzigen<span class="visually-hidden"> {step.title.toLowerCase()}</span>
            </a>
          </div>
          <Summary rows={answerRows(step, values, names)} />
        </section>
      ))}
      {ahead ? <WhatFollows ahead={ahead} /> : null}
      <h2>Aanvraag indienen</h2>
      <p>Met het indienen bevestigt u dat de gegevens juist zijn en dat u de verklaringen op eer aflegt.</p>
      <Form action={paths.newApplicationCheck} csrf={res.locals.csrf}>
        <Button>Aanvraag indienen</Button>
      </Form>
    </Page>,
    status,
  );
}

/** A refusal at submission, in Dutch per field; undefined when the error is not a refusal. */
export function submissionErrors(error: unknown): FormErrors | undefined {
  // A workplace already taken names the establishment: the company can change it, or the training.
  if (error instanceof Problem && error.status === 409 && error.errors?.length) {
    return { fields: Object.fromEntries(error.errors.map((e) => [e.path, inDutch(e)])) };
  }
  if (error instanceof Problem && error.status === 422) {
    return { fields: {}, general: 'Deze aanvraag werd al ingediend met andere gegevens. Begin opnieuw.' };
  }
  return formErrors(error);
}
