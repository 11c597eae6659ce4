import type { ComponentChildren } from 'preact';
import type { Company } from '../../models/company';
import { MENTOR_MIN_AGE, MENTOR_MIN_AGE_WITH_DIPLOMA, MENTOR_MIN_YEARS } from '../../models/eligibility';
import { normalizeCompanyNumber } from '../../models/identifiers';
import type { Principal } from '../../platform/auth';
import type { CatalogueNames } from '../context';
import { enterpriseNumberText } from '../dutch';
import { type FieldState, type FormErrors, type FormValues, fieldsOf } from '../forms';
import { Button, Checkbox, Select, Summary, TextField } from '../layout';
import { MentorInputs, MentorListError } from '../mentor-fields';
import { paths } from '../paths';
import { KboEstablishments, StoppedWarning, kboAddressOf } from './kbo';
import { DECLARATIONS, LABELS, type Step } from './steps';

// The fields of each of the five steps, one component each.

export function StepFields(props: {
  step: Step;
  values: FormValues;
  errors?: FormErrors;
  principal: Principal;
  names: CatalogueNames;
  mentors: number;
  /** The enterprise as the KBO data knows it, on the first step. */
  kbo?: Company;
}) {
  const field = { values: props.values, errors: props.errors };
  switch (props.step.id) {
    case 'onderneming':
      return <CompanyStep {...field} principal={props.principal} kbo={props.kbo} />;
    case 'opleiding':
      return <TrainingStep {...field} names={props.names} />;
    case 'contactpersoon':
      return <ContactStep {...field} />;
    case 'mentoren':
      return <MentorsStep {...field} mentors={props.mentors} />;
    case 'verklaringen':
      return <DeclarationsStep {...field} />;
  }
}

function CompanyStep(props: FieldState & { principal: Principal; kbo?: Company }) {
  const { values, errors, principal, kbo } = props;
  const field = { values, errors };
  const company = principal.role === 'company';
  const jointCommittee = (
    <TextField
      {...field}
      name="jointCommittee"
      label={LABELS.jointCommittee}
      hint="Het paritair comité van uw werknemers, bijvoorbeeld 302 voor horeca of 124 voor bouw. Het bepaalt mee welk sectoraal partnerschap uw aanvraag behandelt."
      width="short"
    />
  );
  const enterprise = company ? null : <EnterpriseLookup {...field} />;
  if (kbo) {
    const known: Array<[string, ComponentChildren]> = [[`${LABELS.companyName} (volgens de KBO)`, kbo.name]];
    if (principal.role === 'company') known.unshift([LABELS.enterpriseNumber, enterpriseNumberText(principal.enterpriseNumber)]);
    return (
      <>
        {enterprise}
        <Summary rows={known} />
        {kbo.status === 'stopped' ? <StoppedWarning /> : null}
        {kbo.establishments.length ? (
          <KboEstablishments {...field} company={kbo} />
        ) : (
          <EstablishmentNumber
            {...field}
            hint="De KBO kent nog geen vestiging van uw onderneming. Het nummer van de vestiging waar de leerling werkt: 10 cijfers, het eerste van 2 tot 8, bijvoorbeeld 2.123.456.791."
          />
        )}
        {jointCommittee}
      </>
    );
  }
  const typed = normalizeCompanyNumber(values.enterpriseNumber ?? '', 'enterprise');
  return (
    <>
      {principal.role === 'company' ? (
        <Summary rows={[[LABELS.enterpriseNumber, enterpriseNumberText(principal.enterpriseNumber)]]} />
      ) : (
        enterprise
      )}
      {!company && typed.ok ? (
        <p class="inset">
          Erkend vindt ondernemingsnummer {enterpriseNumberText(typed.value)} niet in de gegevens van de KBO. Vul de naam en het
          vestigingseenheidsnummer zelf in.
        </p>
      ) : null}
      <EstablishmentNumber
        {...field}
        hint="Het nummer van de vestiging waar de leerling werkt, zoals de Kruispuntbank van Ondernemingen (KBO) het geeft: 10 cijfers, het eerste van 2 tot 8, bijvoorbeeld 2.123.456.791."
      />
      <TextField {...field} name="companyName" label={LABELS.companyName} autocomplete="organization" />
      {jointCommittee}
    </>
  );
}

function EstablishmentNumber(props: FieldState & { hint: string }) {
  return (
    <TextField {...props} name="establishmentNumber" label={LABELS.establishmentNumber} inputMode="numeric" width="medium" />
  );
}

/** A school (or an admin) types the enterprise's number and may look it up in the KBO. */
function EnterpriseLookup(props: FieldState) {
  return (
    <>
      <TextField
        {...props}
        name="enterpriseNumber"
        label={LABELS.enterpriseNumber}
        hint="10 cijfers, bijvoorbeeld 0403.170.701. Met “Opzoeken in de KBO” neemt u de naam en de vestigingen van de onderneming over."
        inputMode="numeric"
        width="medium"
      />
      <Button kind="secondary" name="_actie" value="opzoeken">
        Opzoeken in de KBO
      </Button>
    </>
  );
}

function TrainingStep(props: FieldState & { names: CatalogueNames }) {
  const { values, errors } = props;
  const field = { values, errors };
  return (
    <>
      <Select
        {...field}
        name="trainingCode"
        label={LABELS.trainingCode}
        hint="De duale opleiding waarvoor u leerlingen wilt opleiden."
        placeholder="Kies een opleiding"
        options={[...props.names.trainings]
          .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
          .map((t) => ({ value: t.code, text: t.name }))}
      />
      <CapacityField {...field} />
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
                <a href={paths.newApplicationStep('onderneming')}>Een andere vestiging kiezen</a>
              </>,
            ],
          ]}
        />
      ) : (
        <AddressFields {...field} />
      )}
    </>
  );
}

function ContactStep(props: FieldState) {
  return (
    <>
      <p>Met wie neemt het partnerschap contact op over deze aanvraag? Deze persoon krijgt ook de berichten erover.</p>
      <ContactFields {...props} />
    </>
  );
}

/** The number of places: at application and when the company changes it. */
export function CapacityField(props: FieldState) {
  return (
    <TextField
      {...props}
      name="capacity"
      type="number"
      inputMode="numeric"
      width="short"
      label={LABELS.capacity}
      hint="Hoeveel leerlingen kunnen tegelijk op deze werkplek leren?"
    />
  );
}

/** The contact person's fields: at application and when the company changes its contact. */
export function ContactFields(props: FieldState) {
  return (
    <>
      <TextField {...props} name="contact.name" label={LABELS['contact.name']} autocomplete="name" />
      <TextField {...props} name="contact.email" type="email" label={LABELS['contact.email']} autocomplete="email" />
      <TextField {...props} name="contact.phone" type="tel" label={LABELS['contact.phone']} autocomplete="tel" width="medium" />
    </>
  );
}

/** The workplace's address: at application (when the KBO does not give it) and when it changes. */
export function AddressFields(props: FieldState) {
  return (
    <fieldset>
      <legend>Adres van de werkplek</legend>
      <TextField {...props} name="address.street" label={LABELS['address.street']} autocomplete="address-line1" />
      <TextField
        {...props}
        name="address.postcode"
        label={LABELS['address.postcode']}
        autocomplete="postal-code"
        inputMode="numeric"
        width="short"
      />
      <TextField {...props} name="address.municipality" label={LABELS['address.municipality']} autocomplete="address-level2" />
    </fieldset>
  );
}

function MentorsStep(props: FieldState & { mentors: number }) {
  const field = fieldsOf(props);
  return (
    <>
      <p>
        Een mentor begeleidt de leerling op de werkplek. Een mentor is minstens {MENTOR_MIN_AGE} jaar en heeft minstens{' '}
        {MENTOR_MIN_YEARS} jaar praktijkervaring in het beroep. Met een diploma in het beroep volstaat een leeftijd van{' '}
        {MENTOR_MIN_AGE_WITH_DIPLOMA} jaar, zonder minimum aan ervaring. Het uittreksel uit het strafregister (model 596.2) is ten
        hoogste één jaar oud.
      </p>
      <MentorListError errors={field.errors} />
      {Array.from({ length: props.mentors }, (_, index) => (
        <fieldset class="group" id={`mentor-${index + 1}`} key={index}>
          <legend>Mentor {index + 1}</legend>
          <MentorInputs {...field} form="apply" index={index} />
        </fieldset>
      ))}
      {props.mentors > 1 ? <p class="hint">Een mentor schrappen? Maak al zijn velden leeg.</p> : null}
    </>
  );
}

function DeclarationsStep(props: FieldState) {
  return (
    <>
      <p>
        Een erkende leeronderneming voldoet aan deze voorwaarden. U verklaart op eer dat ze kloppen; het partnerschap kan ze
        nakijken.
      </p>
      {DECLARATIONS.map((d) => (
        <Checkbox key={d.name} {...props} name={d.name} label={d.label} hint={d.hint} />
      ))}
    </>
  );
}
