import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { type Recognition, isLiveRecognitionStatus, mentorsInput } from '../../models/recognition';
import { type PageContext, callAs, forRoles, page, signedIn } from '../context';
import { type FormErrors, type FormValues, formInput, formValues } from '../forms';
import { Button, Checkbox, Form, TextField, fieldId } from '../layout';
import { patterns, paths } from '../paths';
import { Cancel, type Refusal, idOf, recognitionWith, refusal, subPage } from './shared';

// The company replaces the list of mentors of a live recognition.

const MENTOR_FIELDS: Array<{ key: string; label: string; type?: 'date' | 'number'; hint?: string }> = [
  { key: 'firstName', label: 'Voornaam' },
  { key: 'lastName', label: 'Achternaam' },
  { key: 'birthDate', label: 'Geboortedatum', type: 'date' },
  { key: 'yearsOfExperience', label: 'Jaren ervaring in het beroep', type: 'number' },
  { key: 'criminalRecordExtractDate', label: 'Datum van het uittreksel uit het strafregister (model 596.2)', type: 'date' },
  {
    key: 'mentorTrainingCompletedOn',
    label: 'Mentoropleiding gevolgd op',
    type: 'date',
    hint: 'Laat leeg als de mentor de opleiding nog moet volgen.',
  },
];

const mentorValues = (mentors: Recognition['mentors']): FormValues =>
  Object.fromEntries(
    mentors.flatMap((m, i) =>
      Object.entries(m)
        .filter(([, value]) => value !== undefined && value !== false)
        .map(([key, value]) => [`mentors.${i}.${key}`, String(value)]),
    ),
  );

const mentorRowCount = (values: FormValues) =>
  Math.max(0, ...Object.keys(values).map((name) => Number(/^mentors\.(\d+)\./.exec(name)?.[1] ?? -1) + 1));

const mentorLabels = (rows: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: rows + 1 }, (_, i) =>
      [...MENTOR_FIELDS, { key: 'diplomaEvidence', label: 'Diploma' }].map((f) => [
        `mentors.${i}.${f.key}`,
        `Mentor ${i + 1}, ${f.label.toLowerCase()}`,
      ]),
    ).flat(),
  );

/** One mentor's fields; the row past the known mentors adds one. */
function MentorRow(props: { index: number; rows: number; values: FormValues; errors?: FormErrors }) {
  const { index: i, rows, values, errors } = props;
  return (
    <fieldset class="mentor">
      <legend>{i < rows ? `Mentor ${i + 1}` : 'Nieuwe mentor (niet verplicht)'}</legend>
      {/* Who the mentor is, kept through changes of name or birth date: their conditions go with them. */}
      {values[`mentors.${i}.id`] ? <input type="hidden" name={`mentors.${i}.id`} value={values[`mentors.${i}.id`]} /> : null}
      {MENTOR_FIELDS.map((field) => (
        <TextField
          key={field.key}
          name={`mentors.${i}.${field.key}`}
          label={field.label}
          hint={field.hint}
          type={field.type}
          width={field.type ? 'medium' : undefined}
          values={values}
          errors={errors}
        />
      ))}
      <Checkbox name={`mentors.${i}.diplomaEvidence`} label="Heeft een diploma in het beroep" values={values} errors={errors} />
      {i < rows ? <Checkbox name={`verwijder.${i}`} label="Is geen mentor meer: verwijderen" values={values} /> : null}
    </fieldset>
  );
}

function MentorsForm(props: { recognition: Recognition; csrf?: string; refused?: { values: FormValues; errors: FormErrors } }) {
  const values = props.refused?.values ?? mentorValues(props.recognition.mentors);
  const errors = props.refused?.errors;
  const rows = mentorRowCount(values);
  return (
    <Form action={paths.recognitionAction(props.recognition.id, 'mentoren')} csrf={props.csrf}>
      <p>
        Pas de gegevens aan, voeg onderaan een mentor toe, of vink aan wie geen mentor meer is. De voorwaarden voor mentoren
        worden opnieuw nagekeken; het partnerschap kan een korte controle vragen.
      </p>
      {errors?.fields.mentors ? (
        <p class="error-message" id={fieldId('mentors')}>
          {errors.fields.mentors}
        </p>
      ) : null}
      {Array.from({ length: rows + 1 }, (_, i) => (
        <MentorRow key={i} index={i} rows={rows} values={values} errors={errors} />
      ))}
      <Button>Mentoren bewaren</Button>
    </Form>
  );
}

/** The mentor rows as posted, without those marked to be removed and without empty ones, numbered again from 0. */
function remainingMentors(values: FormValues): FormValues {
  const rows = new Map<number, FormValues>();
  for (const [name, value] of Object.entries(values)) {
    const match = /^mentors\.(\d+)\.(\w+)$/.exec(name);
    if (!match || value === '') continue;
    const index = Number(match[1]);
    if (values[`verwijder.${index}`] === 'true') continue;
    rows.set(index, { ...rows.get(index), [match[2]!]: value });
  }
  const result: FormValues = {};
  [...rows.keys()]
    .sort((a, b) => a - b)
    .forEach((index, position) => {
      for (const [key, value] of Object.entries(rows.get(index)!)) result[`mentors.${position}.${key}`] = value;
    });
  return result;
}

const mentorsForm = z.object({ mentors: mentorsInput });

/** The operation takes the list itself: its own field paths ("0.birthDate") become the form's ("mentors.0.birthDate"). */
function asMentorPaths(errors: FormErrors): FormErrors {
  const path = (key: string) => (key.startsWith('mentors') ? key : key ? `mentors.${key}` : 'mentors');
  return { ...errors, fields: Object.fromEntries(Object.entries(errors.fields).map(([key, message]) => [path(key), message])) };
}

function showMentors(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  return subPage(ctx, req, res, {
    title: 'Mentoren wijzigen',
    ...refused,
    labels: mentorLabels(mentorRowCount(refused?.values ?? {})),
    body: (r) =>
      isLiveRecognitionStatus(r.status) ? (
        <>
          <MentorsForm recognition={r} csrf={res.locals.csrf} refused={refused} />
          <Cancel id={r.id} />
        </>
      ) : (
        <p>De mentoren van een erkenning die niet meer loopt, kunnen niet meer gewijzigd worden.</p>
      ),
  });
}

export function mentorsPage(router: Router, ctx: PageContext) {
  router.get(
    patterns.recognitionAction('mentoren'),
    signedIn,
    forRoles('company'),
    page((req, res) => showMentors(ctx, req, res)),
  );
  router.post(
    patterns.recognitionAction('mentoren'),
    signedIn,
    forRoles('company'),
    page(async (req, res) => {
      const values = remainingMentors(formValues(req.body));
      try {
        const input = formInput(mentorsForm, values) as { mentors?: unknown[] };
        await callAs(ctx, res, 'put', '/api/v1/recognitions/:id/mentors', {
          params: { id: idOf(req) },
          body: input.mentors ?? [],
        });
        res.redirect(303, recognitionWith(idOf(req), 'mentoren'));
      } catch (error) {
        const refused = refusal(error);
        await showMentors(ctx, req, res, { values, errors: asMentorPaths(refused.errors), status: refused.status });
      }
    }),
  );
}
