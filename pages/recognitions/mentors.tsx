import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { type Recognition, type RecognitionMentor, isLiveRecognitionStatus, mentorsInput } from '../../models/recognition';
import { type PageContext, call } from '../context';
import { type FormErrors, type FormValues, formInput } from '../forms';
import { Button, Checkbox, Form } from '../layout';
import { MENTOR_PATH, MentorInputs, MentorListError, changeLabels, mentorCount, mentorValues } from '../mentor-fields';
import { paths } from '../paths';
import { Cancel, type Refusal, formPage, idOf, subPage } from './shared';

// The company replaces the list of mentors of a live recognition.

/** One mentor's fields; the row past the known mentors adds one. */
function MentorRow(props: { index: number; rows: number; values: FormValues; errors?: FormErrors }) {
  const { index: i, rows, values, errors } = props;
  const field = { values, errors };
  return (
    <fieldset class="mentor">
      <legend>{i < rows ? `Mentor ${i + 1}` : 'Nieuwe mentor (niet verplicht)'}</legend>
      {/* Who the mentor is, kept through changes of name or birth date: their conditions go with them. */}
      {values[`mentors.${i}.id`] ? <input type="hidden" name={`mentors.${i}.id`} value={values[`mentors.${i}.id`]} /> : null}
      <MentorInputs {...field} form="change" index={i} />
      {i < rows ? <Checkbox name={`verwijder.${i}`} label="Is geen mentor meer: verwijderen" values={values} /> : null}
    </fieldset>
  );
}

function MentorsForm(props: { recognition: Recognition; csrf?: string; refused?: { values: FormValues; errors: FormErrors } }) {
  const values = props.refused?.values ?? mentorValues(props.recognition.mentors);
  const errors = props.refused?.errors;
  const rows = mentorCount(values);
  return (
    <Form action={paths.recognitionAction(props.recognition.id, 'mentoren')} csrf={props.csrf}>
      <p>
        Pas de gegevens aan, voeg onderaan een mentor toe, of vink aan wie geen mentor meer is. De voorwaarden voor mentoren
        worden opnieuw nagekeken; het partnerschap kan een korte controle vragen.
      </p>
      <MentorListError errors={errors} />
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
    const match = MENTOR_PATH.exec(name);
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
    labels: changeLabels(mentorCount(refused?.values ?? {})),
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

/**
 * As a change during validity: mentors who meet the rules are in force at once; one who misses
 * something (a recent criminal-record extract) waits for the partnership.
 */
export function mentorsPage(router: Router, ctx: PageContext) {
  const { change } = ctx.api.recognitions;
  formPage(router, 'mentoren', change, {
    show: (req, res, refused) => showMentors(ctx, req, res, refused),
    send: (req, res, values) => {
      const input = formInput(mentorsForm, values) as { mentors?: RecognitionMentor[] };
      return call(ctx, res, change, { params: { id: idOf(req) }, body: { mentors: input.mentors ?? [] } });
    },
    notice: (result) => ((result as { body: { applied: boolean } }).body.applied ? 'mentoren' : 'wijziging-gevraagd'),
    values: remainingMentors,
    errors: asMentorPaths,
  });
}
