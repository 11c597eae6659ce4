import type { Response } from 'express';
import type { Placement } from '../../models/placement';
import { type FeedbackSummary, FEEDBACK_QUESTIONS, MIN_FEEDBACK_ANSWERS } from '../../models/learner-feedback';
import { PLACEMENT_STATUSES } from '../../models/placement-status';
import { type PageContext, call, principalOf } from '../context';
import { longDate } from '../dutch';
import { FEEDBACK_QUESTION_TEXT } from '../feedback-questions';
import { Table } from '../layout';
import { may } from '../may';
import { paths } from '../paths';
import { PlacementStatusTag, STATUS_TEXT } from '../placements/shared';

// A recognition's placements and what its learners say of it, for its partnership, an admin and
// its own company: the placements by status with each one's page, and the learners' feedback
// only as figures, and only from three answers, so no single learner can be read from it.

export interface PlacementsOfRecognition {
  placements: Placement[];
  feedback: FeedbackSummary;
}

/** The recognition's placements and feedback, for those who may read its figures; nothing for the others. */
export async function placementsOf(ctx: PageContext, res: Response, recognitionId: string) {
  const { list, learnerFeedback } = ctx.api.placements;
  if (!may(principalOf(res), learnerFeedback.summary)) return undefined;
  const [placements, feedback] = await Promise.all([
    call(ctx, res, list, { query: { recognitionId, limit: '1000' } }),
    call(ctx, res, learnerFeedback.summary, { params: { id: recognitionId } }),
  ]);
  return { placements: placements.body, feedback: feedback.body };
}

const AVERAGE = new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 1, maximumFractionDigits: 2 });

function Placements(props: { placements: Placement[] }) {
  const { placements } = props;
  const counts = PLACEMENT_STATUSES.map((status) => [status, placements.filter((p) => p.status === status).length] as const);
  return (
    <section aria-labelledby="plaatsingen-titel">
      <h2 id="plaatsingen-titel">Plaatsingen</h2>
      {placements.length === 0 ? (
        <p>Op deze werkplek is nog geen leerling voorgesteld of geplaatst.</p>
      ) : (
        <>
          <ul class="tasks">
            {counts
              .filter(([, count]) => count > 0)
              .map(([status, count]) => (
                <li key={status}>
                  {STATUS_TEXT[status]}: {count}
                </li>
              ))}
          </ul>
          <Table
            caption="Plaatsingen op deze werkplek, de nieuwste eerst"
            columns={['Leerling', 'School', 'Van', 'Tot', 'Stand']}
          >
            {placements.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={paths.placement(p.id)}>{p.learnerReference}</a>
                </td>
                <td>{p.schoolId}</td>
                <td>{longDate(p.startsOn)}</td>
                <td>{p.endedOn ? longDate(p.endedOn) : p.endsOn ? `gepland ${longDate(p.endsOn)}` : '–'}</td>
                <td>
                  <PlacementStatusTag status={p.status} />
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}

function Feedback(props: { feedback: FeedbackSummary }) {
  const { answers, average, questions } = props.feedback;
  return (
    <section aria-labelledby="feedback-titel">
      <h2 id="feedback-titel">Feedback van leerlingen</h2>
      {average === undefined || !questions ? (
        <p>
          Nog te weinig antwoorden ({answers} van de {MIN_FEEDBACK_ANSWERS} nodig) om iets te tonen. Zo kan niemand het antwoord
          van één leerling herkennen.
        </p>
      ) : (
        <>
          <p>
            Gemiddeld <strong>{AVERAGE.format(average)} op 4</strong>, uit {answers} antwoorden van leerlingen (1 is helemaal
            niet, 4 is helemaal wel).
          </p>
          <Table caption="Gemiddelde per vraag" columns={['Vraag', 'Gemiddelde op 4']}>
            {FEEDBACK_QUESTIONS.map((question) => (
              <tr key={question}>
                <td>{FEEDBACK_QUESTION_TEXT[question]}</td>
                <td>{AVERAGE.format(questions[question])}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}

export function PlacementsSection(props: PlacementsOfRecognition) {
  return (
    <>
      <Placements placements={props.placements} />
      <Feedback feedback={props.feedback} />
    </>
  );
}
