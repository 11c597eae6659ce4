import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import type { ApplicationStatus } from '../models/application';
import { type ApplicationAction, reminderMoment } from '../models/application-actions';
import {
  type ApplicationWorkflowInput,
  decideUpdate,
  intakeUpdate,
  objectUpdate,
  recordVisitUpdate,
  requestInformationUpdate,
  statusQuery,
  supplementUpdate,
  withdrawUpdate,
} from './application-review.messages';
import { ApplicationReview } from './application-review.state';
import { untilSettled } from './steps';

// One workflow per application (erkenningsaanvraag), from intake to decision: completeness
// check, information requests and supplements, site visit, decision within the deadline,
// objection, and on approval the recognition handed to its own workflow.

export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationStatus | 'conflict'> {
  const review = new ApplicationReview(input);
  const { onUpdate, step, stepAt } = review.steps;

  // Intake: the API waits on this update, so its 202 shows a dossier that exists (checked, or
  // parked for an operator when the partnership's policy is out of bounds).
  setHandler(intakeUpdate, () => review.intakeAnswer());
  setHandler(statusQuery, () => review.status);

  // Every handler is there from the start; an action waits until the intake is done (the
  // dossier exists and is checked), so one that arrives early is neither lost nor refused.
  const allowed = (action: ApplicationAction) => () => review.ensureAllowed(action);
  const ready = review.intakeDone;
  onUpdate(requestInformationUpdate, allowed('requestInformation'), (request) => review.requestInformation(request), ready);
  onUpdate(recordVisitUpdate, allowed('recordVisit'), (visit) => review.recordVisit(visit), ready);
  onUpdate(decideUpdate, allowed('decide'), (decision) => review.decide(decision), ready);
  onUpdate(supplementUpdate, allowed('supplement'), (supplement) => review.supplement(supplement), ready);
  onUpdate(withdrawUpdate, allowed('withdraw'), (actor) => review.withdraw(actor), ready);
  onUpdate(objectUpdate, allowed('object'), (objection) => review.object(objection), ready);

  if (!(await review.open())) {
    await condition(allHandlersFinished);
    return 'conflict';
  }
  await step(() => review.checkCompleteness());
  review.intakeChecked();

  while (!review.closed) {
    const seen = review.version;
    const changed = () => review.version !== seen;
    if (review.status === 'info_requested') {
      // A reminder, then the lapse, unless a supplement (or withdrawal) comes first.
      const request = review.openRequest();
      const due = Date.parse(request.dueAt);
      await stepAt(reminderMoment(Date.parse(request.requestedAt), due), changed, () => review.remindOfRequest(request));
      await stepAt(due, changed, () => review.lapse(request));
    } else if (review.status === 'in_review') {
      // The partnership decides; before the deadline it is reminded, after it the dossier is
      // marked overdue.
      await stepAt(reminderMoment(review.reviewStartedAt, review.decisionDue), changed, () => review.remindOfDecision());
      await stepAt(review.decisionDue, changed, () => review.markOverdue());
    } else if (review.status === 'rejected') {
      await stepAt(review.objectionDeadline, changed, () => review.closeObjectionWindow());
    }
    await condition(() => changed() || review.closed);
  }

  // Handlers finish first: the last of them may still send a notification.
  await untilSettled(review.notices);
  return review.status;
}
