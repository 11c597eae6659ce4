import type { Router } from 'express';
import type { Placement } from '../../models/placement';
import { ACTIVITY_PROGRESS, EVALUATION_MOMENTS, type Evaluation, evaluationInput } from '../../models/placement-evaluation';
import { type PageContext, call } from '../context';
import { type FormValues, formInput } from '../forms';
import { Button, Form, Radios, TextArea } from '../layout';
import { type EvaluationMomentSegment, patterns } from '../paths';
import { activityTitles, placementForm } from './shared';

// The mentor's evaluation input, at the interim and the final moment: per activity of the plan
// how far the learner got, and a comment for the school. A recorded one pre-fills the form, so
// the mentor corrects it instead of starting over.

type Moment = (typeof EVALUATION_MOMENTS)[number];

export const MOMENT_TEXT: Record<Moment, string> = { interim: 'Tussentijdse evaluatie', final: 'Eindevaluatie' };
export const MOMENT_SEGMENT: Record<Moment, EvaluationMomentSegment> = { interim: 'tussentijds', final: 'eind' };

export const PROGRESS_TEXT: Record<(typeof ACTIVITY_PROGRESS)[number], string> = {
  'not-started': 'Nog niet gestart',
  practised: 'Geoefend',
  mastered: 'Beheerst',
};

const PROGRESS_OPTIONS = ACTIVITY_PROGRESS.map((progress) => ({ value: progress, text: PROGRESS_TEXT[progress] }));

/** The form's values: the plan's activities in order, with what was recorded for them. */
function evaluationValues(p: Placement, moment: Moment, recorded?: Evaluation): FormValues {
  const values: FormValues = { moment };
  p.trainingPlan.activities.forEach((code, index) => {
    values[`activities.${index}.code`] = code;
    const progress = recorded?.activities.find((a) => a.code === code)?.progress;
    if (progress) values[`activities.${index}.progress`] = progress;
  });
  if (recorded?.comment) values.comment = recorded.comment;
  return values;
}

function evaluationForm(router: Router, ctx: PageContext, moment: Moment) {
  const { record, list } = ctx.api.placements.evaluations;
  const labels = async (p: Placement): Promise<Record<string, string>> => {
    const titles = await activityTitles(ctx, p.trainingCode);
    return {
      ...Object.fromEntries(p.trainingPlan.activities.map((code, i) => [`activities.${i}.progress`, titles.get(code) ?? code])),
      comment: 'Opmerking voor de school',
    };
  };
  placementForm(router, ctx, patterns.placementEvaluation(MOMENT_SEGMENT[moment]), {
    title: MOMENT_TEXT[moment],
    operation: record,
    defaults: async (p, _req, res) => {
      const { body: recorded } = await call(ctx, res, list, { params: { id: p.id } });
      return evaluationValues(
        p,
        moment,
        recorded.find((e) => e.moment === moment),
      );
    },
    body: async (p, field, req, res) => {
      const titles = await labels(p);
      return (
        <>
          <p class="lead">
            Hoe ver staat de leerling met elke activiteit op uw werkplek? De school ziet uw antwoorden meteen en houdt het laatste
            woord over de evaluatie. U kunt ze later nog aanpassen.
          </p>
          <Form action={req.originalUrl} csrf={res.locals.csrf}>
            <input type="hidden" name="moment" value={moment} />
            {p.trainingPlan.activities.map((code, index) => (
              <div key={code}>
                <input type="hidden" name={`activities.${index}.code`} value={code} />
                <Radios
                  {...field}
                  name={`activities.${index}.progress`}
                  label={titles[`activities.${index}.progress`]!}
                  options={PROGRESS_OPTIONS}
                />
              </div>
            ))}
            <TextArea {...field} name="comment" label={`${titles.comment!} (niet verplicht)`} />
            <Button>Evaluatie bewaren</Button>
          </Form>
        </>
      );
    },
    send: (p, values, _req, res) =>
      call(ctx, res, record, { params: { id: p.id }, body: formInput(evaluationInput, { ...values, moment }) }),
    notice: 'geevalueerd',
    conflict: 'Deze plaatsing liep niet: er valt niets te evalueren.',
    labels,
  });
}

export function evaluationPages(router: Router, ctx: PageContext) {
  for (const moment of EVALUATION_MOMENTS) evaluationForm(router, ctx, moment);
}
