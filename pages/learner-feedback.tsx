import type { Request, Response, Router } from 'express';
import { Problem } from '../api/problem';
import { FEEDBACK_QUESTIONS, learnerFeedbackInput } from '../models/learner-feedback';
import { type PageContext, catalogueNames, page } from './context';
import { longDate } from './dutch';
import { FEEDBACK_LABELS, FeedbackQuestions } from './feedback-questions';
import { type FormErrors, type FormValues, formInput, formValues, refusal } from './forms';
import { Button, Form, Page, render } from './layout';
import { paths, patterns } from './paths';
import { askedToChoose } from './placements/shared';

// The learner's one-time link (/feedback/{token}): no account and no sign-in, the learner only
// ever known to Erkend by the school's code. Simple words for a learner of 15 to 18, on a phone.
// The form is public but still carries the CSRF token of the visitor's cookie (pages/session.ts),
// as the sign-in form does. The API is asked as nobody: a signed-in visitor is not the learner.

type Invitation = { companyName: string; trainingCode: string; startsOn: string; expiresAt: string };

const tokenOf = (req: Request) => String(req.params.token);

/** The summary's labels: a question's sentence without its full stop, before the message's colon. */
const LABELS = Object.fromEntries(Object.entries(FEEDBACK_LABELS).map(([path, text]) => [path, text.replace(/\.$/, '')]));

/** Whether the API refused the link itself: unknown, used, expired (404), or not a token at all (400). */
const unusable = (error: unknown) => error instanceof Problem && (error.status === 404 || error.status === 400);

/** A question left open says what to do, in the learner's words. */
const CHOOSE = Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [`answers.${q}`, 'Kies een antwoord.']));

/** The posted answers as the API takes them: with no answer at all, each question is said to be open. */
function answersOf(values: FormValues) {
  const input = formInput(learnerFeedbackInput, values) as Record<string, unknown>;
  return { ...input, answers: input.answers ?? {} };
}

/** A link that no longer works, kindly and without saying why (used, expired, unknown alike). */
function LinkGone() {
  return (
    <Page title="Deze link werkt niet meer">
      <h1>Deze link werkt niet meer</h1>
      <p class="lead">Misschien heb je de vragen al beantwoord, of is de link te oud.</p>
      <p>Wil je toch nog iets zeggen over je werkplek? Vraag je school om een nieuwe link.</p>
    </Page>
  );
}

function FeedbackPage(props: {
  invitation: Invitation;
  training: string;
  action: string;
  csrf?: string;
  values: FormValues;
  errors?: FormErrors;
}) {
  const { invitation, errors } = props;
  return (
    <Page title="Hoe was je werkplek?" csrf={props.csrf} errors={errors} labels={LABELS}>
      <h1>Hoe was je werkplek?</h1>
      <p class="lead">
        Je leert sinds {longDate(invitation.startsOn)} bij <strong>{invitation.companyName}</strong> voor de opleiding{' '}
        {props.training}. Vertel ons hoe het gaat. Het duurt maar twee minuten.
      </p>
      <p>
        We vragen je naam niet. De werkplek ziet jouw antwoorden nooit apart, alleen samen met die van andere leerlingen. Zo
        helpen je antwoorden om werkplekken beter te maken.
      </p>
      <Form action={props.action} csrf={props.csrf}>
        <FeedbackQuestions values={props.values} errors={errors} />
        <Button>Verstuur mijn antwoorden</Button>
      </Form>
      <p class="hint">Je kunt deze link één keer gebruiken, tot {longDate(invitation.expiresAt)}.</p>
    </Page>
  );
}

async function show(
  ctx: PageContext,
  req: Request,
  res: Response,
  values: FormValues,
  refused?: { errors: FormErrors; status: number },
) {
  // The token is the learner's only key: never kept by a cache.
  res.setHeader('Cache-Control', 'no-store');
  let invitation: Invitation;
  try {
    ({ body: invitation } = await ctx.routes.invoke(undefined, ctx.api.placements.learnerFeedback.invitation, {
      params: { token: tokenOf(req) },
    }));
  } catch (error) {
    if (!unusable(error)) throw error;
    return render(res, <LinkGone />, 404);
  }
  const names = await catalogueNames(ctx);
  render(
    res,
    <FeedbackPage
      invitation={invitation}
      training={names.training(invitation.trainingCode)}
      action={req.originalUrl}
      csrf={res.locals.csrf}
      values={values}
      errors={refused?.errors}
    />,
    refused?.status,
  );
}

export function learnerFeedbackPages(router: Router, ctx: PageContext) {
  // Before the link's own address, which would take "bedankt" for a token.
  router.get(patterns.learnerFeedbackThanks, (_req, res) => {
    render(
      res,
      <Page title="Bedankt!">
        <h1>Bedankt!</h1>
        <p class="lead">Je antwoorden zijn goed aangekomen.</p>
        <p>Je school leest ze. Je kunt deze pagina nu sluiten.</p>
      </Page>,
    );
  });

  router.get(
    patterns.learnerFeedback,
    page((req, res) => show(ctx, req, res, {})),
  );

  router.post(
    patterns.learnerFeedback,
    page(async (req, res) => {
      const values = formValues(req.body);
      try {
        await ctx.routes.invoke(undefined, ctx.api.placements.learnerFeedback.byLearner, {
          params: { token: tokenOf(req) },
          body: answersOf(values),
        });
      } catch (error) {
        // Used meanwhile, or answered by the school already: the link has done its work. A link
        // that is no token at all is refused with the answers, and said so by the page shown again.
        if (error instanceof Problem && (error.status === 404 || error.status === 409)) return render(res, <LinkGone />, 404);
        const refused = refusal(error);
        return show(ctx, req, res, values, { errors: askedToChoose(refused.errors, values, CHOOSE), status: refused.status });
      }
      res.redirect(303, paths.learnerFeedbackThanks);
    }),
  );
}
