import type { Request, Response, Router } from 'express';
import { placementInput } from '../../models/placement';
import { AGREEMENT_TYPES } from '../../models/placement-status';
import { type PageContext, call, forOperation, page, signedInPage } from '../context';
import { todayInBrussels } from '../dutch';
import { type FieldState, type FormErrors, type FormValues, formInput, formValues, refusal, stringOf } from '../forms';
import { Button, ErrorMessage, Form, Page, Radios, TextField, fieldId, render } from '../layout';
import { LEARNER_REFERENCE } from '../labels';
import { paths, patterns } from '../paths';
import { AGREEMENT_TYPE_TEXT, LABELS, askedToChoose } from './shared';

// The school proposes a placement at a workplace from the register search's results: who (the
// school's own code), what kind of agreement, when, and the plan's activities done there, all
// ticked by default. The workplace holds a place until the company answers.

const ACTIVITIES = 'trainingPlan.activities';

interface Activity {
  code: string;
  title: string;
}

/** The last day of the school year a placement starting on `startsOn` falls in: a sensible planned end. */
export function endOfSchoolYear(startsOn: string): string {
  const year = Number(startsOn.slice(0, 4));
  return `${Number(startsOn.slice(5, 7)) >= 7 ? year + 1 : year}-06-30`;
}

/** The training's activities, by the workplace's training as the register knows it. */
async function planOf(ctx: PageContext, res: Response, req: Request): Promise<Activity[]> {
  const name = stringOf(req.query.naam);
  const id = stringOf(req.query.erkenning);
  if (name.length < 2) return [];
  const { body: companies } = await call(ctx, res, ctx.api.register.searchCompanies, { query: { name } });
  const trainingCode = companies.flatMap((c) => c.recognitions).find((r) => r.recognitionId === id)?.trainingCode;
  if (!trainingCode) return [];
  const { body } = await ctx.routes.invoke(undefined, ctx.api.catalogue.getTraining, { params: { code: trainingCode } });
  return body.activities;
}

/** The plan's activities as checkboxes named by their place in the API's list; a hidden empty list when none is ticked. */
function ActivityChoices(props: FieldState & { activities: Activity[] }) {
  const error =
    props.errors?.fields[ACTIVITIES] ??
    Object.entries(props.errors?.fields ?? {}).find(([path]) => path.startsWith(`${ACTIVITIES}.`))?.[1];
  const id = fieldId(ACTIVITIES);
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        <legend>{LABELS[ACTIVITIES]}</legend>
        <p class="hint" id={`${id}-hint`}>
          Wat de leerling op deze werkplek leert. Vink uit wat de leerling elders leert.
        </p>
        <ErrorMessage id={`${id}-error`} text={error} />
        <input type="hidden" name={ACTIVITIES} value="" />
        {props.activities.map((activity, index) => {
          const name = `${ACTIVITIES}.${index}`;
          return (
            <div class="checkbox" key={activity.code}>
              <input
                type="checkbox"
                id={index === 0 ? id : fieldId(name)}
                name={name}
                value={activity.code}
                checked={props.values[name] === activity.code}
              />
              <label for={index === 0 ? id : fieldId(name)}>{activity.title}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

async function showProposal(
  ctx: PageContext,
  req: Request,
  res: Response,
  form: { values: FormValues; errors?: FormErrors; status?: number },
) {
  const company = stringOf(req.query.naam);
  const activities = await planOf(ctx, res, req);
  const values = form.errors
    ? form.values
    : { ...form.values, ...Object.fromEntries(activities.map((a, i) => [`${ACTIVITIES}.${i}`, a.code])) };
  const field = { values, errors: form.errors };
  render(
    res,
    <Page
      title="Een leerling plaatsen"
      {...signedInPage(res)}
      errors={form.errors}
      labels={LABELS}
      back={{ href: paths.placements, text: 'Terug naar uw plaatsingen' }}
    >
      <h1>Een leerling plaatsen{company ? ` bij ${company}` : ''}</h1>
      <p class="lead">
        U stelt de plaatsing voor; de onderneming aanvaardt ze en kiest een mentor. Tot ze antwoordt, houdt de werkplek een plaats
        voor uw leerling vast.
      </p>
      <Form action={req.originalUrl} csrf={res.locals.csrf}>
        <input type="hidden" name="recognitionId" value={values.recognitionId ?? ''} />
        <TextField {...field} {...LEARNER_REFERENCE} name="learnerReference" width="medium" />
        <Radios
          {...field}
          name="agreementType"
          label={LABELS.agreementType!}
          options={AGREEMENT_TYPES.map((type) => ({ value: type, text: AGREEMENT_TYPE_TEXT[type] }))}
        />
        <TextField {...field} name="startsOn" type="date" label={LABELS.startsOn!} />
        <TextField
          {...field}
          name="endsOn"
          type="date"
          label={`${LABELS.endsOn!} (niet verplicht)`}
          hint="Voorgesteld: het einde van het schooljaar. Na deze dag eindigt de plaatsing vanzelf en komt de plaats weer vrij."
        />
        {activities.length ? <ActivityChoices {...field} activities={activities} /> : null}
        <Button>Leerling plaatsen</Button>
      </Form>
    </Page>,
    form.status,
  );
}

export function proposalPages(router: Router, ctx: PageContext) {
  const { create } = ctx.api.placements;

  router.get(
    patterns.newPlacement,
    forOperation(create),
    page(async (req, res) => {
      const startsOn = todayInBrussels();
      const recognitionId = stringOf(req.query.erkenning);
      const values = { recognitionId, startsOn, endsOn: endOfSchoolYear(startsOn), agreementType: 'dual' };
      await showProposal(ctx, req, res, { values });
    }),
  );

  router.post(
    patterns.newPlacement,
    forOperation(create),
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        const { body: placed } = await call(ctx, res, create, { body: formInput(placementInput, values) });
        res.redirect(303, `${paths.placement(placed.id)}?gelukt=voorgesteld`);
      } catch (error) {
        // A conflict says why in words of the placement.
        const refused = refusal(
          error,
          'Deze werkplek heeft geen vrije plaats meer, of de erkenning loopt niet op de begindatum.',
        );
        const errors = askedToChoose(refused.errors, values, { [ACTIVITIES]: 'Kies minstens één activiteit.' });
        await showProposal(ctx, req, res, { values, status: refused.status, errors });
      }
    }),
  );
}
