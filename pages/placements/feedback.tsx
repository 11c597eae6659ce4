import type { Router } from 'express';
import { learnerFeedbackInput } from '../../models/learner-feedback';
import { type PageContext, call, catalogueNames, forOperation, page } from '../context';
import { longDateTime } from '../dutch';
import { FEEDBACK_LABELS, FeedbackQuestions } from '../feedback-questions';
import { Button, Form, render } from '../layout';
import { patterns } from '../paths';
import { PlacementFrame, idOf, placementForm, placementOf } from './shared';

// The school asks its learner's voice, once per placement: it fills in the five questions with
// the learner, or hands the learner a one-time link, shown once, to answer without an account.

export function feedbackPages(router: Router, ctx: PageContext) {
  const { bySchool, link } = ctx.api.placements.learnerFeedback;

  placementForm(router, ctx, patterns.placementAction('feedback'), {
    title: 'Feedback van de leerling invullen',
    operation: bySchool,
    defaults: () => ({}),
    body: (_p, field, req, res) => (
      <>
        <p class="lead">
          Vul de vragen samen met de leerling in, met de antwoorden van de leerling. Het kan maar één keer per plaatsing.
        </p>
        <Form action={req.originalUrl} csrf={res.locals.csrf}>
          <FeedbackQuestions {...field} />
          <Button>Antwoorden bewaren</Button>
        </Form>
      </>
    ),
    input: learnerFeedbackInput,
    notice: 'feedback',
    conflict: 'De leerling antwoordde al voor deze plaatsing.',
    labels: () => FEEDBACK_LABELS,
  });

  // The link is shown on the answer to the post itself, once: only its hash is stored.
  router.post(
    patterns.placementAction('feedbacklink'),
    forOperation(link),
    page(async (req, res) => {
      const p = await placementOf(ctx, res, idOf(req));
      const [{ body: made }, names] = await Promise.all([call(ctx, res, link, { params: { id: p.id } }), catalogueNames(ctx)]);
      const url = `${req.protocol}://${req.get('host')}${made.url}`;
      render(
        res,
        <PlacementFrame res={res} p={p} names={names} title="Een link voor de leerling">
          <p class="lead">
            Geef de leerling deze link, bijvoorbeeld per e-mail of in de leeromgeving. De leerling beantwoordt er de vijf vragen
            mee, zonder account.
          </p>
          <div class="field">
            <label for="veld-link">Link voor de leerling</label>
            <p class="hint" id="veld-link-hint">
              Geldig tot {longDateTime(made.expiresAt)}, en maar één keer te gebruiken. U ziet de link alleen nu: kopieer hem. Een
              nieuwe link maken zet deze buiten werking.
            </p>
            <input id="veld-link" type="text" readOnly value={url} aria-describedby="veld-link-hint" />
          </div>
        </PlacementFrame>,
      );
    }),
  );
}
