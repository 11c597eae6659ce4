import type { Response } from 'express';
import { Problem } from '../../api/problem';
import { applicationInput } from '../../models/application';
import type { Company } from '../../models/company';
import { normalizeCompanyNumber } from '../../models/identifiers';
import { type PageContext, call } from '../context';
import { establishmentNumberText } from '../dutch';
import { type FormErrors, type FormValues, checkStep } from '../forms';
import { ErrorMessage, TextField, fieldId } from '../layout';
import { KBO_CHOICE, LABELS } from './steps';

// The company register (KBO). When the KBO data knows the enterprise (the company's own number,
// or the one a school typed), the first step shows its name instead of asking it and lists its
// establishments to pick from, each with its address; "Een andere vestiging" falls back to typing
// the number, and the address on the next step. The pick fills the same draft fields as typing
// would: the API receives the same application body. Without KBO data (404) the step is as it
// always was.

export const OTHER = 'andere';
export const ADDRESS_FIELDS = ['address.street', 'address.postcode', 'address.municipality'] as const;
/** Set in the draft while its address is the KBO's of the picked establishment (not typed). */
export const KBO_ADDRESS = 'kbo.address';
type KboEstablishment = Company['establishments'][number];

/** The enterprise as the KBO data knows it; undefined without KBO data, for an unknown number or none typed yet. */
export async function kboCompany(ctx: PageContext, res: Response, values: FormValues): Promise<Company | undefined> {
  const number = normalizeCompanyNumber(values.enterpriseNumber ?? '', 'enterprise');
  if (!number.ok) return undefined;
  try {
    const reply = await call(ctx, res, ctx.api.companies.get, { params: { enterpriseNumber: number.value } });
    return reply.body;
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
function establishmentText(establishment: KboEstablishment): string {
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
export function withKbo(company: Company, posted: FormValues): { posted: FormValues; address?: FormValues } {
  const { choice, establishment } = kboPick(company, posted);
  const answers: FormValues = { ...posted, companyName: company.name };
  if (choice) answers[KBO_CHOICE] = choice;
  if (establishment) answers.establishmentNumber = establishment.establishmentNumber;
  return { posted: answers, address: addressValues(establishment) };
}

/** The KBO address the draft took with its establishment: the next step shows it and asks no address. */
export function kboAddressOf(values: FormValues): FormValues | undefined {
  if (values[KBO_ADDRESS] !== 'true') return undefined;
  if (!ADDRESS_FIELDS.every((name) => values[name])) return undefined;
  return Object.fromEntries(ADDRESS_FIELDS.map((name) => [name, values[name]!]));
}

/** A refusal of the establishment choice, before the schema's checks of what it fills in. */
export function kboChoiceErrors(company: Company | undefined, values: FormValues): FormErrors | undefined {
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
export function onKboChoice(errors: FormErrors | undefined, values: FormValues, company: Company): FormErrors | undefined {
  const message = errors?.fields.establishmentNumber;
  if (!message || !kboPick(company, values).establishment) return errors;
  const { establishmentNumber: _moved, ...fields } = errors.fields;
  return { ...errors, fields: { [KBO_CHOICE]: message, ...fields } };
}

/** Whether the answers picked an establishment of the KBO's list (not another one, typed). */
export const pickedFromList = (values: FormValues) => Boolean(values[KBO_CHOICE] && values[KBO_CHOICE] !== OTHER);

export function KboEstablishments(props: { company: Company; values: FormValues; errors?: FormErrors }) {
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

export function StoppedWarning() {
  return (
    <div class="inset" role="note">
      <p>
        <strong>Volgens de KBO is deze onderneming stopgezet.</strong> Een stopgezette onderneming kan geen erkenning krijgen: een
        aanvraag ervoor wordt bij het indienen geweigerd. Klopt dat niet, laat dan uw gegevens in de KBO rechtzetten.
      </p>
    </div>
  );
}
