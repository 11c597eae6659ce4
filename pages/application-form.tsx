import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { ComponentChildren } from 'preact';
import type { ZodType } from 'zod';
import { Problem } from '../api/problem';
import { type ApplicationInput, applicationInput } from '../models/application';
import { type Partnership, routePartnership } from '../models/catalogue';
import type { Company } from '../models/company';
import {
  MENTOR_MIN_AGE,
  MENTOR_MIN_AGE_WITH_DIPLOMA,
  MENTOR_MIN_YEARS,
  assessApplication,
  assessMentors,
} from '../models/eligibility';
import { normalizeCompanyNumber } from '../models/identifiers';
import { DEFAULT_POLICY, policySchema } from '../models/policy';
import type { Principal } from '../platform/auth';
import { type CatalogueNames, type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from './context';
import { enterpriseNumberText, establishmentNumberText, inDutch, longDate, todayInBrussels } from './dutch';
import { type FormErrors, type FormValues, checkStep, formErrors, formInput, formValues } from './forms';
import { Button, Checkbox, ErrorMessage, Form, Page, Select, Summary, Tag, TextField, fieldId, render } from './layout';
import { tooManyDraftsText } from './session';

// Applying for recognition in short steps, each its own page and checked when posted with the
// API's own zod rules and eligibility functions; the answers wait in the session's draft until
// the company checks them and submits. The submission carries an Idempotency-Key kept in the
// draft, so a double click files one dossier. With JavaScript, pages/static/live-check.js asks
// the same checks of each step as it is filled in (`…/:step/controle`), without saving.

type StepId = 'onderneming' | 'opleiding' | 'contactpersoon' | 'mentoren' | 'verklaringen';

interface Step {
  id: StepId;
  title: string;
  /** The part of the API's schema this step asks for. */
  schema: ZodType;
  /** The top-level fields of the application it owns: a refusal's path belongs to this step. */
  owns: string[];
}

const MENTORS = applicationInput.pick({ mentors: true });

const STEPS: Step[] = [
  {
    id: 'onderneming',
    title: 'Onderneming en vestiging',
    schema: applicationInput.pick({ enterpriseNumber: true, establishmentNumber: true, companyName: true, jointCommittee: true }),
    // `kbo.establishment`: the establishment picked from the KBO data, or `andere` (see below).
    owns: ['enterpriseNumber', 'establishmentNumber', 'companyName', 'jointCommittee', 'kbo'],
  },
  {
    id: 'opleiding',
    title: 'Opleiding en plaatsen',
    schema: applicationInput.pick({ trainingCode: true, capacity: true, address: true }),
    owns: ['trainingCode', 'capacity', 'address'],
  },
  { id: 'contactpersoon', title: 'Contactpersoon', schema: applicationInput.pick({ contact: true }), owns: ['contact'] },
  { id: 'mentoren', title: 'Mentoren', schema: MENTORS, owns: ['mentors'] },
  {
    id: 'verklaringen',
    title: 'Verklaringen op eer',
    schema: applicationInput.pick({ declarations: true }),
    owns: ['declarations'],
  },
];

const BASE = '/aanvragen/nieuw';
const CHECK = `${BASE}/controle`;
const stepPath = (id: StepId) => `${BASE}/${id}`;
const liveCheckPath = (id: StepId) => `${stepPath(id)}/controle`;
const LIVE_CHECK_SCRIPT = '/static/live-check.js';
/** Shows the number of "Een andere vestiging" only while it is chosen. */
const CONDITIONAL_SCRIPT = '/static/conditional.js';
const stepOf = (path: string) => STEPS.find((s) => s.owns.some((top) => path === top || path.startsWith(`${top}.`)));

/** A few mentors per workplace; more are added later on the recognition. */
const MAX_MENTORS = 5;
const MENTOR_FIELDS = [
  'firstName',
  'lastName',
  'birthDate',
  'yearsOfExperience',
  'criminalRecordExtractDate',
  'mentorTrainingCompletedOn',
  'diplomaEvidence',
] as const;
const MENTOR_FIELD = /^mentors\.(\d+)\.(\w+)$/;
const DATE_FIELD = /\.(birthDate|criminalRecordExtractDate|mentorTrainingCompletedOn)$/;

const DECLARATIONS: Array<{ name: string; label: string; hint: string }> = [
  {
    name: 'declarations.financialCapacity',
    label: 'De onderneming is financieel gezond.',
    hint: 'Ze is niet failliet, niet in vereffening en betaalt haar belastingen en sociale bijdragen.',
  },
  {
    name: 'declarations.noConvictions',
    label:
      'Niemand die de onderneming leidt of de leerling begeleidt, is veroordeeld voor feiten die jongeren in gevaar brengen.',
    hint: 'Het gaat om veroordelingen die in het strafregister staan, zoals geweld of zedenfeiten.',
  },
  {
    name: 'declarations.equipmentAndOrganisation',
    label: 'De werkplek heeft de uitrusting en de organisatie om de opleiding te geven.',
    hint: 'De leerling kan er de activiteiten van het opleidingsplan veilig uitvoeren, met de nodige beschermingsmiddelen.',
  },
  {
    name: 'declarations.honour',
    label: 'Ik verklaar op eer dat alle gegevens in deze aanvraag juist en volledig zijn.',
    hint: 'Het partnerschap kan ze nakijken, ook bij een bedrijfsbezoek.',
  },
];

const LABELS: Record<string, string> = {
  enterpriseNumber: 'Ondernemingsnummer',
  establishmentNumber: 'Vestigingseenheidsnummer',
  companyName: 'Naam van de onderneming',
  jointCommittee: 'Paritair comité (niet verplicht)',
  'kbo.establishment': 'Vestiging waar de leerling werkt',
  trainingCode: 'Opleiding',
  capacity: 'Aantal plaatsen voor leerlingen',
  'address.street': 'Straat en huisnummer',
  'address.postcode': 'Postcode',
  'address.municipality': 'Gemeente',
  'contact.name': 'Naam van de contactpersoon',
  'contact.email': 'E-mailadres',
  'contact.phone': 'Telefoonnummer (niet verplicht)',
  ...Object.fromEntries(DECLARATIONS.map((d) => [d.name, d.label])),
};

const MENTOR_LABELS: Record<(typeof MENTOR_FIELDS)[number], string> = {
  firstName: 'Voornaam',
  lastName: 'Achternaam',
  birthDate: 'Geboortedatum',
  yearsOfExperience: 'Jaren praktijkervaring in het beroep',
  criminalRecordExtractDate: 'Datum van het uittreksel uit het strafregister (model 596.2)',
  mentorTrainingCompletedOn: 'Mentoropleiding gevolgd op (niet verplicht)',
  diplomaEvidence: 'De mentor heeft een diploma in het beroep',
};

/** The Dutch label of a field path, for error summaries ("Mentor 2: Geboortedatum"). */
export function applicationLabel(path: string): string {
  const mentor = MENTOR_FIELD.exec(path);
  if (mentor) return `Mentor ${Number(mentor[1]) + 1}: ${MENTOR_LABELS[mentor[2] as keyof typeof MENTOR_LABELS] ?? mentor[2]}`;
  return LABELS[path] ?? path;
}

const labelsFor = (errors: FormErrors | undefined) =>
  Object.fromEntries(Object.keys(errors?.fields ?? {}).map((path) => [path, applicationLabel(path)]));

// The draft: the answers as form values (field path → text), kept as a list because the store
// does not take dots in keys.
interface Draft {
  /** The Idempotency-Key of this application's submission. */
  key: string;
  fields: Array<{ name: string; value: string }>;
  done: StepId[];
  /** Mentor forms shown, empty ones included. */
  mentors: number;
  /** What the API refused at submission, shown beside the field on its step until that step is posted again. */
  refused: Array<{ path: string; message: string }>;
}

const DRAFT = 'application';
/** The last submission of this session: a repeated submit finds its dossier. */
const SUBMITTED = 'applicationSubmitted';

const draftOf = (res: Response) => res.locals.session!.drafts[DRAFT] as Draft | undefined;
const newDraft = (): Draft => ({ key: randomUUID(), fields: [], done: [], mentors: 1, refused: [] });

function valuesOf(draft: Draft | undefined, principal: Principal): FormValues {
  const values: FormValues = Object.fromEntries((draft?.fields ?? []).map((f) => [f.name, f.value]));
  if (principal.role === 'company') values.enterpriseNumber = principal.enterpriseNumber;
  return values;
}

const firstOpen = (draft: Draft | undefined) => STEPS.find((s) => !draft?.done.includes(s.id));
const nextPath = (draft: Draft | undefined) => {
  const open = firstOpen(draft);
  return open ? stepPath(open.id) : CHECK;
};

/** The form fields a step accepts; anything else posted is ignored. */
function accepts(step: Step, name: string, principal: Principal): boolean {
  const mentor = MENTOR_FIELD.exec(name);
  if (mentor)
    return step.id === 'mentoren' && Number(mentor[1]) < MAX_MENTORS && (MENTOR_FIELDS as readonly string[]).includes(mentor[2]!);
  if (name === 'enterpriseNumber' && principal.role === 'company') return false;
  return step.id !== 'mentoren' && stepOf(name) === step && name in LABELS;
}

/** A date typed as people write it (27-11-2031, 27/11/2031) in the form the API takes. */
export function isoFromTyped(value: string): string {
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  return match ? `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}` : value;
}

/** The posted answers the step accepts, dates in the form the API takes. */
function postedAnswers(step: Step, body: unknown, principal: Principal): FormValues {
  const posted: FormValues = {};
  for (const [name, value] of Object.entries(formValues(body))) {
    if (value !== '' && accepts(step, name, principal)) posted[name] = DATE_FIELD.test(name) ? isoFromTyped(value) : value;
  }
  return posted;
}

/** The draft with this step's answers replaced by the posted ones, and the step open again. */
function answered(draft: Draft, step: Step, posted: FormValues): Draft {
  return {
    ...draft,
    fields: [
      ...draft.fields.filter((f) => stepOf(f.name) !== step),
      ...Object.entries(posted).map(([name, value]) => ({ name, value })),
    ],
    done: draft.done.filter((id) => id !== step.id),
    refused: draft.refused.filter((r) => stepOf(r.path) !== step),
  };
}

/**
 * Mentors without any answer are dropped and the others numbered from 0, so paths match the form
 * shown again; `typedAs[n]` is the number mentor n had in the form as posted.
 */
function compactMentors(values: FormValues): { values: FormValues; typedAs: number[] } {
  const rest: FormValues = {};
  const mentors = new Map<number, FormValues>();
  for (const [name, value] of Object.entries(values)) {
    const match = MENTOR_FIELD.exec(name);
    if (!match) {
      rest[name] = value;
      continue;
    }
    const index = Number(match[1]);
    mentors.set(index, { ...mentors.get(index), [match[2]!]: value });
  }
  const sorted = [...mentors.entries()].sort(([a], [b]) => a - b);
  sorted.forEach(([, fields], index) => {
    for (const [field, value] of Object.entries(fields)) rest[`mentors.${index}.${field}`] = value;
  });
  return { values: rest, typedAs: sorted.map(([typed]) => typed) };
}

const mentorCount = (values: FormValues) =>
  Object.keys(values).reduce((count, name) => {
    const match = MENTOR_FIELD.exec(name);
    return match ? Math.max(count, Number(match[1]) + 1) : count;
  }, 0);

/** The step's answers checked with the API's schema and, where they apply, its eligibility rules. */
function checkAnswers(step: Step, values: FormValues, names: CatalogueNames, kbo?: Company): FormErrors | undefined {
  const choice = step.id === 'onderneming' ? kboChoiceErrors(kbo, values) : undefined;
  if (choice) return choice;
  const errors = checkStep(step.schema, values);
  if (errors) return errors;
  if (step.id === 'opleiding' && !names.trainings.some((t) => t.code === values.trainingCode)) {
    return { fields: { trainingCode: inDutch('unknown training') } };
  }
  if (step.id === 'mentoren') {
    const { mentors } = MENTORS.parse(formInput(MENTORS, values));
    // Only what can never qualify refuses the step; an old extract is asked for after submission.
    const { ineligible } = assessMentors(mentors, todayInBrussels(), DEFAULT_POLICY);
    if (ineligible.length) return { fields: Object.fromEntries(ineligible.map((i) => [i.path, inDutch(i.message)])) };
  }
  return undefined;
}

function refusedOn(draft: Draft | undefined, step: Step): FormErrors | undefined {
  const refused = (draft?.refused ?? []).filter((r) => stepOf(r.path) === step);
  return refused.length ? { fields: Object.fromEntries(refused.map((r) => [r.path, r.message])) } : undefined;
}

// ---- The company register (KBO) ----
//
// When the KBO data knows the enterprise (the company's own number, or the one a school typed),
// the first step shows its name instead of asking it and lists its establishments to pick from,
// each with its address; "Een andere vestiging" falls back to typing the number, and the address
// on the next step. The pick fills the same draft fields as typing would: the API receives the
// same application body. Without KBO data (404) the step is as it always was.

const KBO_CHOICE = 'kbo.establishment';
const OTHER = 'andere';
const ADDRESS_FIELDS = ['address.street', 'address.postcode', 'address.municipality'] as const;
/** Set in the draft while its address is the KBO's of the picked establishment (not typed). */
const KBO_ADDRESS = 'kbo.address';
type KboEstablishment = Company['establishments'][number];

/** The enterprise as the KBO data knows it; undefined without KBO data, for an unknown number or none typed yet. */
async function kboCompany(ctx: PageContext, res: Response, values: FormValues): Promise<Company | undefined> {
  const number = normalizeCompanyNumber(values.enterpriseNumber ?? '', 'enterprise');
  if (!number.ok) return undefined;
  try {
    const reply = await callAs(ctx, res, 'get', '/api/v1/companies/:enterpriseNumber', {
      params: { enterpriseNumber: number.value },
    });
    return reply.body as Company;
  } catch (error) {
    if (error instanceof Problem && [400, 403, 404].includes(error.status)) return undefined;
    throw error;
  }
}

/** The workplace address of an establishment in the form's fields, if the KBO gives one the API takes. */
function addressValues(establishment: KboEstablishment | undefined): FormValues | undefined {
  const address = establishment?.address;
  if (!address || address.country) return undefined;
  const values = {
    'address.street': address.street,
    'address.postcode': address.postcode,
    'address.municipality': address.municipality,
  };
  return checkStep(applicationInput.pick({ address: true }), values) ? undefined : values;
}

/** "2.123.456.791 — Kerkstraat 1, 9000 Gent" */
export function establishmentText(establishment: KboEstablishment): string {
  const address = establishment.address;
  const where = address ? ` — ${address.street}, ${address.postcode} ${address.municipality}` : ' — adres niet gekend';
  return `${establishmentNumberText(establishment.establishmentNumber)}${where}`;
}

/**
 * Which establishment the answers pick: the radio chosen or, when none was (a form without the
 * list, or only the number typed), the typed number when it is one of the list, else another.
 */
function kboPick(company: Company, values: FormValues): { choice?: string; establishment?: KboEstablishment } {
  let choice = values[KBO_CHOICE];
  if (!choice && !company.establishments.length) choice = OTHER;
  if (!choice && values.establishmentNumber) {
    const typed = normalizeCompanyNumber(values.establishmentNumber, 'establishment');
    const listed = typed.ok && company.establishments.some((e) => e.establishmentNumber === typed.value);
    choice = listed && typed.ok ? typed.value : OTHER;
  }
  return { choice, establishment: company.establishments.find((e) => e.establishmentNumber === choice) };
}

/** The first step's answers with what the KBO data gives: the name always, number and address of a picked establishment. */
function withKbo(company: Company, posted: FormValues): { posted: FormValues; address?: FormValues } {
  const { choice, establishment } = kboPick(company, posted);
  const answers: FormValues = { ...posted, companyName: company.name };
  if (choice) answers[KBO_CHOICE] = choice;
  if (establishment) answers.establishmentNumber = establishment.establishmentNumber;
  return { posted: answers, address: addressValues(establishment) };
}

/** The KBO address the draft took with its establishment: the next step shows it and asks no address. */
function kboAddressOf(values: FormValues): FormValues | undefined {
  if (values[KBO_ADDRESS] !== 'true') return undefined;
  if (!ADDRESS_FIELDS.every((name) => values[name])) return undefined;
  return Object.fromEntries(ADDRESS_FIELDS.map((name) => [name, values[name]!]));
}

/** The draft with the workplace address of the establishment picked on the first step (or the one of a pick undone removed). */
function withAddress(draft: Draft, before: FormValues, address: FormValues | undefined): Draft {
  if (!address && !kboAddressOf(before)) return draft;
  const fields = draft.fields.filter((f) => !(ADDRESS_FIELDS as readonly string[]).includes(f.name) && f.name !== KBO_ADDRESS);
  const kept: FormValues = address ? { ...address, [KBO_ADDRESS]: 'true' } : {};
  return { ...draft, fields: [...fields, ...Object.entries(kept).map(([name, value]) => ({ name, value }))] };
}

/** A step's posted answers with what it does not ask again: the KBO address on the training step. */
function keptAnswers(step: Step, draft: Draft | undefined, posted: FormValues, principal: Principal): FormValues {
  if (step.id !== 'opleiding') return posted;
  const address = kboAddressOf(valuesOf(draft, principal));
  return address ? { ...posted, ...address } : posted;
}

/** A refusal of the establishment choice, before the schema's checks of what it fills in. */
function kboChoiceErrors(company: Company | undefined, values: FormValues): FormErrors | undefined {
  if (!company) return undefined;
  const { choice, establishment } = kboPick(company, values);
  if (!choice) return { fields: { [KBO_CHOICE]: 'Kies de vestiging waar de leerling werkt.' } };
  if (choice !== OTHER && !establishment) return { fields: { [KBO_CHOICE]: 'Kies een van de vestigingen in de lijst.' } };
  return undefined;
}

/**
 * A refusal of the establishment number (a workplace taken, at submission) beside the list when
 * the number was picked from it: the typed field of another establishment is not where it came from.
 */
function onKboChoice(errors: FormErrors | undefined, values: FormValues, company: Company): FormErrors | undefined {
  const message = errors?.fields.establishmentNumber;
  if (!message || !kboPick(company, values).establishment) return errors;
  const { establishmentNumber: _moved, ...fields } = errors.fields;
  return { ...errors, fields: { [KBO_CHOICE]: message, ...fields } };
}

function KboEstablishments(props: { company: Company; values: FormValues; errors?: FormErrors }) {
  const { company, values, errors } = props;
  const error = errors?.fields[KBO_CHOICE];
  const id = fieldId(KBO_CHOICE);
  const choice = values[KBO_CHOICE];
  const options = [
    ...company.establishments.map((e) => ({ value: e.establishmentNumber, text: establishmentText(e) })),
    { value: OTHER, text: 'Een andere vestiging' },
  ];
  // The number of another establishment is typed below its choice; the pick of the list leaves it empty.
  const typed = { ...values, establishmentNumber: choice === OTHER || !choice ? (values.establishmentNumber ?? '') : '' };
  return (
    <>
      <div class={`field${error ? ' field-error' : ''}`}>
        <fieldset aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
          <legend>{LABELS[KBO_CHOICE]}</legend>
          <p class="hint" id={`${id}-hint`}>
            De vestigingen van uw onderneming volgens de Kruispuntbank van Ondernemingen (KBO). Kies de vestiging waar de leerling
            werkt; het adres nemen we over.
          </p>
          <ErrorMessage id={`${id}-error`} text={error} />
          {options.map((option, index) => (
            <div class="radio" key={option.value}>
              <input
                type="radio"
                id={index === 0 ? id : `${id}-${index}`}
                name={KBO_CHOICE}
                value={option.value}
                checked={choice === option.value}
              />
              <label for={index === 0 ? id : `${id}-${index}`}>{option.text}</label>
            </div>
          ))}
        </fieldset>
      </div>
      <div class="conditional" id={`${id}-andere`} data-conditional={KBO_CHOICE} data-conditional-value={OTHER}>
        <TextField
          values={typed}
          errors={errors}
          name="establishmentNumber"
          label="Vestigingseenheidsnummer van de andere vestiging"
          hint="Alleen als u “Een andere vestiging” kiest: 10 cijfers, het eerste van 2 tot 8, bijvoorbeeld 2.123.456.791. Het adres vult u in de volgende stap in."
          inputMode="numeric"
          width="medium"
        />
      </div>
    </>
  );
}

function StoppedWarning() {
  return (
    <div class="inset" role="note">
      <p>
        <strong>Volgens de KBO is deze onderneming stopgezet.</strong> Een stopgezette onderneming kan geen erkenning krijgen: een
        aanvraag ervoor wordt bij het indienen geweigerd. Klopt dat niet, laat dan uw gegevens in de KBO rechtzetten.
      </p>
    </div>
  );
}

function StepFields(props: {
  step: Step;
  values: FormValues;
  errors?: FormErrors;
  principal: Principal;
  names: CatalogueNames;
  mentors: number;
  /** The enterprise as the KBO data knows it, on the first step. */
  kbo?: Company;
}) {
  const { values, errors } = props;
  const field = { values, errors };
  switch (props.step.id) {
    case 'onderneming': {
      const kbo = props.kbo;
      const jointCommittee = (
        <TextField
          {...field}
          name="jointCommittee"
          label={LABELS.jointCommittee!}
          hint="Het paritair comité van uw werknemers, bijvoorbeeld 302 voor horeca of 124 voor bouw. Het bepaalt mee welk sectoraal partnerschap uw aanvraag behandelt."
          width="short"
        />
      );
      const enterprise =
        props.principal.role === 'company' ? null : (
          <>
            <TextField
              {...field}
              name="enterpriseNumber"
              label={LABELS.enterpriseNumber!}
              hint="10 cijfers, bijvoorbeeld 0403.170.701. Met “Opzoeken in de KBO” neemt u de naam en de vestigingen van de onderneming over."
              inputMode="numeric"
              width="medium"
            />
            <Button kind="secondary" name="_actie" value="opzoeken">
              Opzoeken in de KBO
            </Button>
          </>
        );
      if (kbo) {
        const known: Array<[string, ComponentChildren]> = [[`${LABELS.companyName!} (volgens de KBO)`, kbo.name]];
        if (props.principal.role === 'company')
          known.unshift([LABELS.enterpriseNumber!, enterpriseNumberText(props.principal.enterpriseNumber)]);
        return (
          <>
            {enterprise}
            <Summary rows={known} />
            {kbo.status === 'stopped' ? <StoppedWarning /> : null}
            {kbo.establishments.length ? (
              <KboEstablishments company={kbo} values={values} errors={errors} />
            ) : (
              <TextField
                {...field}
                name="establishmentNumber"
                label={LABELS.establishmentNumber!}
                hint="De KBO kent nog geen vestiging van uw onderneming. Het nummer van de vestiging waar de leerling werkt: 10 cijfers, het eerste van 2 tot 8, bijvoorbeeld 2.123.456.791."
                inputMode="numeric"
                width="medium"
              />
            )}
            {jointCommittee}
          </>
        );
      }
      const typed = normalizeCompanyNumber(values.enterpriseNumber ?? '', 'enterprise');
      return (
        <>
          {props.principal.role === 'company' ? (
            <Summary rows={[[LABELS.enterpriseNumber!, enterpriseNumberText(props.principal.enterpriseNumber)]]} />
          ) : (
            enterprise
          )}
          {props.principal.role !== 'company' && typed.ok ? (
            <p class="inset">
              Erkend vindt ondernemingsnummer {enterpriseNumberText(typed.value)} niet in de gegevens van de KBO. Vul de naam en
              het vestigingseenheidsnummer zelf in.
            </p>
          ) : null}
          <TextField
            {...field}
            name="establishmentNumber"
            label={LABELS.establishmentNumber!}
            hint="Het nummer van de vestiging waar de leerling werkt, zoals de Kruispuntbank van Ondernemingen (KBO) het geeft: 10 cijfers, het eerste van 2 tot 8, bijvoorbeeld 2.123.456.791."
            inputMode="numeric"
            width="medium"
          />
          <TextField {...field} name="companyName" label={LABELS.companyName!} autocomplete="organization" />
          {jointCommittee}
        </>
      );
    }
    case 'opleiding':
      return (
        <>
          <Select
            {...field}
            name="trainingCode"
            label={LABELS.trainingCode!}
            hint="De duale opleiding waarvoor u leerlingen wilt opleiden."
            placeholder="Kies een opleiding"
            options={[...props.names.trainings]
              .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
              .map((t) => ({ value: t.code, text: t.name }))}
          />
          <TextField
            {...field}
            name="capacity"
            type="number"
            inputMode="numeric"
            width="short"
            label={LABELS.capacity!}
            hint="Hoeveel leerlingen kunnen tegelijk op deze werkplek leren?"
          />
          {kboAddressOf(values) ? (
            <Summary
              rows={[
                [
                  'Adres van de werkplek (volgens de KBO)',
                  <>
                    {values['address.street']}
                    <br />
                    {values['address.postcode']} {values['address.municipality']}
                    <br />
                    <a href={stepPath('onderneming')}>Een andere vestiging kiezen</a>
                  </>,
                ],
              ]}
            />
          ) : (
            <fieldset>
              <legend>Adres van de werkplek</legend>
              <TextField {...field} name="address.street" label={LABELS['address.street']!} autocomplete="address-line1" />
              <TextField
                {...field}
                name="address.postcode"
                label={LABELS['address.postcode']!}
                autocomplete="postal-code"
                inputMode="numeric"
                width="short"
              />
              <TextField
                {...field}
                name="address.municipality"
                label={LABELS['address.municipality']!}
                autocomplete="address-level2"
              />
            </fieldset>
          )}
        </>
      );
    case 'contactpersoon':
      return (
        <>
          <p>Met wie neemt het partnerschap contact op over deze aanvraag? Deze persoon krijgt ook de berichten erover.</p>
          <TextField {...field} name="contact.name" label={LABELS['contact.name']!} autocomplete="name" />
          <TextField {...field} name="contact.email" type="email" label={LABELS['contact.email']!} autocomplete="email" />
          <TextField
            {...field}
            name="contact.phone"
            type="tel"
            label={LABELS['contact.phone']!}
            autocomplete="tel"
            width="medium"
          />
        </>
      );
    case 'mentoren':
      return (
        <>
          <p>
            Een mentor begeleidt de leerling op de werkplek. Een mentor is minstens {MENTOR_MIN_AGE} jaar en heeft minstens{' '}
            {MENTOR_MIN_YEARS} jaar praktijkervaring in het beroep. Met een diploma in het beroep volstaat een leeftijd van{' '}
            {MENTOR_MIN_AGE_WITH_DIPLOMA} jaar, zonder minimum aan ervaring. Het uittreksel uit het strafregister (model 596.2) is
            ten hoogste één jaar oud.
          </p>
          {errors?.fields.mentors ? (
            <p class="error-message" id={fieldId('mentors')}>
              {errors.fields.mentors}
            </p>
          ) : null}
          {Array.from({ length: props.mentors }, (_, index) => {
            const at = (name: string) => `mentors.${index}.${name}`;
            return (
              <fieldset class="group" id={`mentor-${index + 1}`} key={index}>
                <legend>Mentor {index + 1}</legend>
                <TextField {...field} name={at('firstName')} label={MENTOR_LABELS.firstName} autocomplete="off" />
                <TextField {...field} name={at('lastName')} label={MENTOR_LABELS.lastName} autocomplete="off" />
                <TextField {...field} name={at('birthDate')} type="date" label={MENTOR_LABELS.birthDate} width="medium" />
                <TextField
                  {...field}
                  name={at('yearsOfExperience')}
                  type="number"
                  inputMode="numeric"
                  width="short"
                  label={MENTOR_LABELS.yearsOfExperience}
                />
                <TextField
                  {...field}
                  name={at('criminalRecordExtractDate')}
                  type="date"
                  width="medium"
                  label={MENTOR_LABELS.criminalRecordExtractDate}
                  hint="De gemeente geeft het uittreksel af; het is ten hoogste één jaar oud."
                />
                <TextField
                  {...field}
                  name={at('mentorTrainingCompletedOn')}
                  type="date"
                  width="medium"
                  label={MENTOR_LABELS.mentorTrainingCompletedOn}
                  hint="Nog geen mentoropleiding gevolgd? Laat dit leeg: de mentor volgt ze dan binnen het jaar na de erkenning."
                />
                <Checkbox
                  {...field}
                  name={at('diplomaEvidence')}
                  label={MENTOR_LABELS.diplomaEvidence}
                  hint={`Met een diploma in het beroep volstaat een leeftijd van ${MENTOR_MIN_AGE_WITH_DIPLOMA} jaar.`}
                />
              </fieldset>
            );
          })}
          {props.mentors > 1 ? <p class="hint">Een mentor schrappen? Maak al zijn velden leeg.</p> : null}
        </>
      );
    case 'verklaringen':
      return (
        <>
          <p>
            Een erkende leeronderneming voldoet aan deze voorwaarden. U verklaart op eer dat ze kloppen; het partnerschap kan ze
            nakijken.
          </p>
          {DECLARATIONS.map((d) => (
            <Checkbox key={d.name} {...field} name={d.name} label={d.label} hint={d.hint} />
          ))}
        </>
      );
  }
}

function showStep(
  res: Response,
  step: Step,
  names: CatalogueNames,
  values: FormValues,
  draft: Draft | undefined,
  errors?: FormErrors,
  status = 200,
  kbo?: Company,
) {
  const principal = principalOf(res);
  const index = STEPS.indexOf(step);
  const mentors = Math.min(MAX_MENTORS, Math.max(1, draft?.mentors ?? 1, mentorCount(values)));
  if (kbo) errors = onKboChoice(errors, values, kbo);
  render(
    res,
    <Page
      title={step.title}
      principal={principal}
      csrf={res.locals.csrf}
      errors={errors}
      labels={labelsFor(errors)}
      back={index === 0 ? { href: BASE, text: 'Terug' } : { href: stepPath(STEPS[index - 1]!.id), text: 'Terug' }}
      scripts={kbo?.establishments.length ? [LIVE_CHECK_SCRIPT, CONDITIONAL_SCRIPT] : [LIVE_CHECK_SCRIPT]}
    >
      <p class="caption">
        Aanvraag tot erkenning · stap {index + 1} van {STEPS.length}
      </p>
      <h1>{step.title}</h1>
      <Form action={stepPath(step.id)} csrf={res.locals.csrf} liveCheck={liveCheckPath(step.id)}>
        <StepFields step={step} values={values} errors={errors} principal={principal} names={names} mentors={mentors} kbo={kbo} />
        <Button>Doorgaan</Button>
        {step.id === 'mentoren' && mentors < MAX_MENTORS ? (
          <Button kind="secondary" name="_actie" value="mentor-toevoegen">
            Nog een mentor toevoegen
          </Button>
        ) : null}
      </Form>
    </Page>,
    status,
  );
}

// ---- Check your answers ----

const shown = (value: string | undefined) => value || 'Niet opgegeven';

function companyNumberText(value: string | undefined, kind: 'enterprise' | 'establishment') {
  const normalized = normalizeCompanyNumber(value ?? '', kind);
  if (!normalized.ok) return shown(value);
  return kind === 'enterprise' ? enterpriseNumberText(normalized.value) : establishmentNumberText(normalized.value);
}

function mentorText(values: FormValues, index: number): ComponentChildren {
  const v = (field: string) => values[`mentors.${index}.${field}`];
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
        [LABELS.enterpriseNumber!, companyNumberText(values.enterpriseNumber, 'enterprise')],
        [LABELS.establishmentNumber!, companyNumberText(values.establishmentNumber, 'establishment')],
        [LABELS.companyName!, shown(values.companyName)],
        ['Paritair comité', shown(values.jointCommittee)],
      ];
    case 'opleiding':
      return [
        [LABELS.trainingCode!, names.training(values.trainingCode ?? '')],
        [LABELS.capacity!, shown(values.capacity)],
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
        ['E-mailadres', shown(values['contact.email'])],
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
  const partnerships = (await callAs(ctx, res, 'get', '/api/v1/partnerships')).body as Partnership[];
  const training = names.trainings.find((t) => t.code === parsed.data.trainingCode);
  const partnership = routePartnership(partnerships, training, parsed.data.jointCommittee);
  const policy = policySchema.safeParse(partnership.policy);
  const assessment = policy.success ? assessApplication(parsed.data, todayInBrussels(), policy.data) : undefined;
  return { partnership, assessment };
}

function RefusalSummary(props: { errors: FormErrors; values: FormValues }) {
  const entries = Object.entries(props.errors.fields);
  // An establishment picked from the KBO list is refused beside that list (see onKboChoice).
  const picked = Boolean(props.values[KBO_CHOICE] && props.values[KBO_CHOICE] !== OTHER);
  const anchor = (path: string) => fieldId(picked && path === 'establishmentNumber' ? KBO_CHOICE : path);
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>Er is een probleem</h2>
      {props.errors.general ? <p>{props.errors.general}</p> : null}
      {entries.length ? (
        <ul>
          {entries.map(([path, message]) => {
            const step = stepOf(path);
            const text = `${applicationLabel(path)}: ${message}`;
            return <li key={path}>{step ? <a href={`${stepPath(step.id)}#${anchor(path)}`}>{text}</a> : text}</li>;
          })}
        </ul>
      ) : null}
    </div>
  );
}

async function showCheck(
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
      principal={principal}
      csrf={res.locals.csrf}
      back={{ href: stepPath(STEPS[STEPS.length - 1]!.id), text: 'Terug' }}
    >
      {errors ? <RefusalSummary errors={errors} values={values} /> : null}
      <p class="caption">Aanvraag tot erkenning</p>
      <h1>Controleer uw aanvraag</h1>
      <p>Kijk uw antwoorden na voor u de aanvraag indient. Klopt iets niet, kies dan “Wijzigen”.</p>
      {STEPS.map((step) => (
        <section key={step.id} aria-labelledby={`stap-${step.id}`}>
          <div class="section-heading">
            <h2 id={`stap-${step.id}`}>{step.title}</h2>
            <a href={stepPath(step.id)}>
              Wijzigen<span class="visually-hidden"> {step.title.toLowerCase()}</span>
            </a>
          </div>
          <Summary rows={answerRows(step, values, names)} />
        </section>
      ))}
      {ahead ? (
        <div class="inset">
          <h2>Wat volgt</h2>
          <p>
            Uw aanvraag gaat naar <strong>{ahead.partnership.name}</strong>. Het partnerschap kijkt na of ze volledig is en
            beslist binnen de termijn die het u na het indienen meldt.
          </p>
          {ahead.assessment?.missing.length ? (
            <>
              <p>Na het indienen vraagt het partnerschap u nog:</p>
              <ul>
                {ahead.assessment.missing.map((m) => (
                  <li key={m.path + m.item}>{m.item}</li>
                ))}
              </ul>
              <p>U vult dat aan op de pagina van uw aanvraag.</p>
            </>
          ) : null}
          {ahead.assessment?.conditions.map((c) => (
            <p key={c.mentor}>
              {c.mentorName} volgt de mentoropleiding uiterlijk {longDate(c.dueOn)}.
            </p>
          ))}
        </div>
      ) : null}
      <h2>Aanvraag indienen</h2>
      <p>Met het indienen bevestigt u dat de gegevens juist zijn en dat u de verklaringen op eer aflegt.</p>
      <Form action={CHECK} csrf={res.locals.csrf}>
        <Button>Aanvraag indienen</Button>
      </Form>
    </Page>,
    status,
  );
}

/** A refusal at submission, in Dutch per field; undefined when the error is not a refusal. */
function submissionErrors(error: unknown): FormErrors | undefined {
  // A workplace already taken names the establishment: the company can change it, or the training.
  if (error instanceof Problem && error.status === 409 && error.errors?.length) {
    return { fields: Object.fromEntries(error.errors.map((e) => [e.path, inDutch(e.message)])) };
  }
  if (error instanceof Problem && error.status === 422) {
    return { fields: {}, general: 'Deze aanvraag werd al ingediend met andere gegevens. Begin opnieuw.' };
  }
  return formErrors(error);
}

export function applicationForm(router: Router, ctx: PageContext) {
  // A school files with a company's mandate: it gives the enterprise number, the API checks the mandate.
  const guard = [signedIn, forRoles('company', 'admin', 'school')];

  router.get(
    BASE,
    ...guard,
    page(async (_req, res) => {
      const draft = draftOf(res);
      render(
        res,
        <Page title="Erkenning aanvragen" principal={principalOf(res)} csrf={res.locals.csrf}>
          <h1>Erkenning aanvragen als leeronderneming</h1>
          <p class="lead">
            Wilt u leerlingen van het duaal leren opleiden op uw werkplek? Dan vraagt u voor die vestiging en die opleiding een
            erkenning aan bij het sectoraal partnerschap.
          </p>
          <h2>Wat hebt u nodig?</h2>
          <ul>
            <li>het vestigingseenheidsnummer van de werkplek (uit de KBO);</li>
            <li>de opleiding en het aantal plaatsen voor leerlingen;</li>
            <li>
              voor elke mentor: geboortedatum, jaren ervaring en de datum van een recent uittreksel uit het strafregister (model
              596.2).
            </li>
          </ul>
          <p>Het invullen duurt ongeveer tien minuten. Uw antwoorden blijven bewaard zolang u aangemeld bent.</p>
          <ol class="tasks">
            {STEPS.map((step) => (
              <li key={step.id}>
                {step.title}{' '}
                {draft?.done.includes(step.id) ? <Tag tone="green">Ingevuld</Tag> : <Tag tone="grey">Nog in te vullen</Tag>}
              </li>
            ))}
          </ol>
          <p>
            <a class="button primary" href={nextPath(draft)}>
              {draft ? 'Verdergaan' : 'Beginnen'}
            </a>
          </p>
          {draft ? (
            <Form action={`${BASE}/opnieuw`} csrf={res.locals.csrf}>
              <Button kind="secondary">Opnieuw beginnen</Button>
            </Form>
          ) : null}
        </Page>,
      );
    }),
  );

  router.post(
    `${BASE}/opnieuw`,
    ...guard,
    page(async (_req, res) => {
      await ctx.sessions.saveDraft(res.locals.session!, DRAFT, undefined);
      res.redirect(303, BASE);
    }),
  );

  router.get(
    CHECK,
    ...guard,
    page(async (_req, res) => {
      const draft = draftOf(res);
      if (!draft || firstOpen(draft)) return res.redirect(303, nextPath(draft));
      await showCheck(ctx, res, draft, await catalogueNames(ctx));
    }),
  );

  router.post(
    CHECK,
    ...guard,
    page(async (_req, res) => {
      const session = res.locals.session!;
      const draft = draftOf(res);
      if (!draft) {
        // Submitted already (a second click, or the back button): to that dossier.
        const submitted = session.drafts[SUBMITTED] as { id: string } | undefined;
        return res.redirect(303, submitted ? `/aanvragen/${submitted.id}` : BASE);
      }
      if (firstOpen(draft)) return res.redirect(303, nextPath(draft));
      const principal = principalOf(res);
      let id: string;
      try {
        const reply = await callAs(ctx, res, 'post', '/api/v1/applications', {
          body: formInput(applicationInput, valuesOf(draft, principal)) as ApplicationInput,
          headers: { 'Idempotency-Key': draft.key },
        });
        id = (reply.body as { id: string }).id;
      } catch (error) {
        const errors = submissionErrors(error);
        if (!errors) throw error;
        const refused = Object.entries(errors.fields).map(([path, message]) => ({ path, message }));
        const reopened = new Set(refused.map((r) => stepOf(r.path)?.id));
        await ctx.sessions.saveDraft(session, DRAFT, {
          ...draft,
          refused,
          done: draft.done.filter((step) => !reopened.has(step)),
        });
        const status = error instanceof Problem && error.status === 409 ? 409 : 400;
        return showCheck(ctx, res, draft, await catalogueNames(ctx), errors, status);
      }
      await ctx.sessions.saveDraft(session, SUBMITTED, { key: draft.key, id });
      await ctx.sessions.saveDraft(session, DRAFT, undefined);
      res.redirect(303, `/aanvragen/${id}?gelukt=ingediend`);
    }),
  );

  const stepFor = (req: Request) => STEPS.find((s) => s.id === req.params.step);

  router.get(
    `${BASE}/:step`,
    ...guard,
    page(async (req, res) => {
      const step = stepFor(req);
      if (!step) throw new Problem(404, 'Not Found', req.path);
      const draft = draftOf(res);
      const open = firstOpen(draft);
      // Steps are taken in order: one further on waits until the ones before it are answered.
      if (open && STEPS.indexOf(step) > STEPS.indexOf(open)) return res.redirect(303, stepPath(open.id));
      const values = valuesOf(draft, principalOf(res));
      const kbo = step.id === 'onderneming' ? await kboCompany(ctx, res, values) : undefined;
      showStep(res, step, await catalogueNames(ctx), values, draft, refusedOn(draft, step), 200, kbo);
    }),
  );

  router.post(
    `${BASE}/:step`,
    ...guard,
    page(async (req, res) => {
      const step = stepFor(req);
      if (!step) throw new Problem(404, 'Not Found', req.path);
      const principal = principalOf(res);
      const draft = draftOf(res) ?? newDraft();
      let posted = keptAnswers(step, draft, postedAnswers(step, req.body, principal), principal);
      const adding = step.id === 'mentoren' && req.body._actie === 'mentor-toevoegen';
      if (step.id === 'mentoren' && !adding) posted = compactMentors(posted).values;
      const session = res.locals.session!;
      if (!ctx.sessions.takesDraft(session, DRAFT)) {
        // A session at its cap of drafts starts no application: said at the top, the answers kept.
        const values = valuesOf(answered(draft, step, posted), principal);
        return showStep(
          res,
          step,
          await catalogueNames(ctx),
          values,
          draft,
          { fields: {}, general: tooManyDraftsText(ctx.sessions.draftsCap) },
          409,
        );
      }
      if (step.id === 'onderneming' && req.body._actie === 'opzoeken') {
        // A school looks the enterprise up: what was typed is kept, unchecked, and the step shows what the KBO knows.
        await ctx.sessions.saveDraft(session, DRAFT, answered(draft, step, posted));
        return res.redirect(303, `${stepPath(step.id)}#${fieldId('enterpriseNumber')}`);
      }
      let kbo: Company | undefined;
      let address: FormValues | undefined;
      if (step.id === 'onderneming') {
        kbo = await kboCompany(ctx, res, valuesOf(answered(draft, step, posted), principal));
        if (kbo) ({ posted, address } = withKbo(kbo, posted));
      }
      let next = answered(draft, step, posted);
      if (step.id === 'onderneming') next = withAddress(next, valuesOf(draft, principal), address);
      if (adding) {
        // What was typed is kept, unchecked, and an empty mentor is added below it.
        next.mentors = Math.min(MAX_MENTORS, Math.max(draft.mentors, mentorCount(posted)) + 1);
        await ctx.sessions.saveDraft(session, DRAFT, next);
        return res.redirect(303, `${stepPath(step.id)}#mentor-${next.mentors}`);
      }
      if (step.id === 'mentoren') next.mentors = Math.max(1, mentorCount(posted));
      const names = await catalogueNames(ctx);
      const values = valuesOf(next, principal);
      const errors = checkAnswers(step, values, names, kbo);
      await ctx.sessions.saveDraft(session, DRAFT, errors ? next : { ...next, done: [...next.done, step.id] });
      if (errors) return showStep(res, step, names, values, next, errors, 400, kbo);
      res.redirect(303, nextPath(draftOf(res)));
    }),
  );

  // The step's checks as its POST makes them, for the script that shows them while the form is
  // filled in; nothing is saved. The answer names fields as the form posted them.
  router.post(
    `${BASE}/:step/controle`,
    ...guard,
    page(async (req, res) => {
      const step = stepFor(req);
      if (!step) throw new Problem(404, 'Not Found', req.path);
      const principal = principalOf(res);
      const draft = draftOf(res) ?? newDraft();
      let posted = keptAnswers(step, draft, postedAnswers(step, req.body, principal), principal);
      const kbo =
        step.id === 'onderneming' ? await kboCompany(ctx, res, valuesOf(answered(draft, step, posted), principal)) : undefined;
      if (kbo) posted = withKbo(kbo, posted).posted;
      const { values: answers, typedAs } = step.id === 'mentoren' ? compactMentors(posted) : { values: posted, typedAs: [] };
      const values = valuesOf(answered(draft, step, answers), principal);
      const errors = checkAnswers(step, values, await catalogueNames(ctx), kbo);
      const asTyped = (path: string) =>
        path.replace(/^mentors\.(\d+)(?=\.|$)/, (whole, n: string) => {
          const typed = typedAs[Number(n)];
          return typed === undefined ? whole : `mentors.${typed}`;
        });
      res.json({ errors: Object.fromEntries(Object.entries(errors?.fields ?? {}).map(([path, m]) => [asTyped(path), m])) });
    }),
  );
}
