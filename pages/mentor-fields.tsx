import type { Mentor } from '../models/application';
import { MENTOR_MIN_AGE_WITH_DIPLOMA } from '../models/eligibility';
import type { FormErrors, FormValues } from './forms';
import { FIELD } from './labels';
import { Checkbox, TextField, fieldId } from './layout';

// A mentor's fields, named by the API's paths (`mentors.0.birthDate`), for the two forms that
// ask them: the application form (`apply`, first asked, so it explains more) and a recognition's
// mentors form (`change`, for mentors already known, shorter). Their texts differ on purpose:
// each form's own wording is kept here, side by side, so they are changed together.

export type MentorForm = 'apply' | 'change';

interface MentorField {
  key: keyof Mentor;
  type?: 'date' | 'number' | 'checkbox';
  label: Record<MentorForm, string>;
  hint?: Partial<Record<MentorForm, string>>;
}

const same = (text: string) => ({ apply: text, change: text });

export const MENTOR_FIELDS: readonly MentorField[] = [
  { key: 'firstName', label: same(FIELD.firstName) },
  { key: 'lastName', label: same(FIELD.lastName) },
  { key: 'birthDate', type: 'date', label: same(FIELD.birthDate) },
  {
    key: 'yearsOfExperience',
    type: 'number',
    label: { apply: 'Jaren praktijkervaring in het beroep', change: 'Jaren ervaring in het beroep' },
  },
  {
    key: 'criminalRecordExtractDate',
    type: 'date',
    label: same('Datum van het uittreksel uit het strafregister (model 596.2)'),
    hint: { apply: 'De gemeente geeft het uittreksel af; het is ten hoogste één jaar oud.' },
  },
  {
    key: 'mentorTrainingCompletedOn',
    type: 'date',
    label: { apply: 'Mentoropleiding gevolgd op (niet verplicht)', change: 'Mentoropleiding gevolgd op' },
    hint: {
      apply: 'Nog geen mentoropleiding gevolgd? Laat dit leeg: de mentor volgt ze dan binnen het jaar na de erkenning.',
      change: 'Laat leeg als de mentor de opleiding nog moet volgen.',
    },
  },
  {
    key: 'diplomaEvidence',
    type: 'checkbox',
    label: { apply: 'De mentor heeft een diploma in het beroep', change: 'Heeft een diploma in het beroep' },
    hint: { apply: `Met een diploma in het beroep volstaat een leeftijd van ${MENTOR_MIN_AGE_WITH_DIPLOMA} jaar.` },
  },
];

/** A mentor's field path: `mentors.<index>.<field>`. */
export const MENTOR_PATH = /^mentors\.(\d+)\.(\w+)$/;
export const mentorPath = (index: number, key: string) => `mentors.${index}.${key}`;
export const isMentorField = (key: string) => MENTOR_FIELDS.some((f) => f.key === key);

/** How many mentors the values hold: one past the highest index of a mentor's field. */
export const mentorCount = (values: FormValues) =>
  Object.keys(values).reduce((count, name) => {
    const match = MENTOR_PATH.exec(name);
    return match ? Math.max(count, Number(match[1]) + 1) : count;
  }, 0);

/** The application form's label of a mentor's field in its error summary: "Mentor 2: Geboortedatum". */
export function applyLabel(path: string): string | undefined {
  const match = MENTOR_PATH.exec(path);
  if (!match) return undefined;
  const field = MENTOR_FIELDS.find((f) => f.key === match[2]);
  return `Mentor ${Number(match[1]) + 1}: ${field?.label.apply ?? match[2]}`;
}

/** The mentors form's labels in its error summary ("Mentor 2, geboortedatum"), for its rows and the new one. */
export const changeLabels = (rows: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: rows + 1 }, (_, i) =>
      MENTOR_FIELDS.map((f) => [
        mentorPath(i, f.key),
        `Mentor ${i + 1}, ${f.key === 'diplomaEvidence' ? 'diploma' : f.label.change.toLowerCase()}`,
      ]),
    ).flat(),
  );

/** Mentors as form values, what a false or absent field leaves out. */
export const mentorValues = (mentors: ReadonlyArray<Partial<Mentor> & object>): FormValues =>
  Object.fromEntries(
    mentors.flatMap((m, i) =>
      Object.entries(m)
        .filter(([, value]) => value !== undefined && value !== false)
        .map(([key, value]) => [mentorPath(i, key), String(value)]),
    ),
  );

/** The fields of mentor `index` as `form` asks them. */
export function MentorInputs(props: { form: MentorForm; index: number; values: FormValues; errors?: FormErrors }) {
  const { form, index, values, errors } = props;
  return (
    <>
      {MENTOR_FIELDS.map((f) => {
        const common = { key: f.key, name: mentorPath(index, f.key), label: f.label[form], hint: f.hint?.[form], values, errors };
        if (f.type === 'checkbox') return <Checkbox {...common} />;
        if (form === 'change') return <TextField {...common} type={f.type} width={f.type ? 'medium' : undefined} />;
        if (f.type === 'number') return <TextField {...common} type="number" inputMode="numeric" width="short" />;
        if (f.type === 'date') return <TextField {...common} type="date" width="medium" />;
        return <TextField {...common} autocomplete="off" />;
      })}
    </>
  );
}

/** A refusal of the list as a whole (none, too many), above the mentors. */
export function MentorListError(props: { errors?: FormErrors }) {
  const message = props.errors?.fields.mentors;
  return message ? (
    <p class="error-message" id={fieldId('mentors')}>
      {message}
    </p>
  ) : null;
}
