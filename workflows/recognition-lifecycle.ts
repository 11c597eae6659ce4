import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RecognitionAction } from '../models/recognition-rules';
import { nextEvent } from '../models/recognition-schedule';
import type { RecognitionStatus } from '../models/recognition-status';
import {
  type RecognitionWorkflow,
  type RecognitionWorkflowInput,
  answerCheckUpdate,
  changeMentorsUpdate,
  changeRecognitionUpdate,
  decideChangeUpdate,
  decideRenewalUpdate,
  evaluateCheckUpdate,
  improvementPlanSettledSignal,
  learnerFeedbackUpdate,
  recognitionQuery,
  reinstateUpdate,
  renewUpdate,
  reportIncidentUpdate,
  suspendUpdate,
  terminateUpdate,
  withdrawRecognitionUpdate,
} from './recognition-lifecycle.messages';
import { RecognitionLifecycle } from './recognition-lifecycle.state';
import { untilSettled } from './steps';

// One workflow per recognition, from approval until it is withdrawn, expires or is ended:
// periodic quality checks (lighter while all goes well), incidents, the mentor-training
// conditions, suspension and reinstatement, and renewal at the end of each validity period,
// where it continues as new.

export const recognitionWorkflow: RecognitionWorkflow = async (input: RecognitionWorkflowInput): Promise<RecognitionStatus> => {
  const lifecycle = new RecognitionLifecycle(input);
  const { renewals } = lifecycle;
  const { onUpdate, step, stepAt } = lifecycle.steps;

  // What people may do, each refused at once when the recognition's state does not allow it.
  const allowed = (action: RecognitionAction) => () => lifecycle.ensureAllowed(action);
  setHandler(recognitionQuery, () => lifecycle.recognition);
  onUpdate(answerCheckUpdate, lifecycle.ensureAnswerable, (answers) => lifecycle.answerCheck(answers));
  onUpdate(evaluateCheckUpdate, lifecycle.ensureEvaluable, (evaluation) => lifecycle.evaluateCheck(evaluation));
  onUpdate(reportIncidentUpdate, allowed('reportIncident'), (report) => lifecycle.reportIncident(report));
  onUpdate(changeMentorsUpdate, allowed('changeMentors'), (change) => lifecycle.changes.replaceMentors(change));
  onUpdate(changeRecognitionUpdate, allowed('change'), (change) => lifecycle.changes.request(change));
  onUpdate(decideChangeUpdate, lifecycle.changes.ensurePending, (decision) => lifecycle.changes.decide(decision));
  onUpdate(suspendUpdate, allowed('suspend'), (suspension) => lifecycle.suspend(suspension));
  onUpdate(reinstateUpdate, allowed('reinstate'), (reinstatement) => lifecycle.reinstate(reinstatement));
  onUpdate(withdrawRecognitionUpdate, allowed('withdraw'), (withdrawal) => lifecycle.withdraw(withdrawal));
  onUpdate(terminateUpdate, allowed('terminate'), (termination) => lifecycle.terminate(termination));
  onUpdate(renewUpdate, renewals.ensureRenewable, (request) => renewals.renew(request));
  onUpdate(decideRenewalUpdate, renewals.ensureRequested, (decision) => renewals.decide(decision));
  onUpdate(learnerFeedbackUpdate, allowed('hearLearners'), (news) => lifecycle.learners.hear(news));
  setHandler(improvementPlanSettledSignal, (settled) => step(() => lifecycle.plans.settled(settled)));

  // The policy is read in turn with the handlers' steps: read beside a handler's step, its local
  // activity could complete before or after the step's in a replay, and the commands that follow
  // came in another order than in the run (a nondeterminism error). Runs begun before read it at once.
  const readsInTurn = patched('policy-read-in-turn');

  // A run that carries its state goes on where the last one stopped.
  if (!input.carried) await step(() => lifecycle.begin());

  // The procedure: wait for the next event or for a person's action, whichever comes first;
  // handle the event; at the end of a renewed period go on in a new run.
  while (!lifecycle.isFinal()) {
    if (workflowInfo().continueAsNewSuggested) await lifecycle.continueWithState();
    const seen = lifecycle.state.version;
    const policy = await (readsInTurn ? step(() => lifecycle.policyNow()) : lifecycle.policyNow());
    const next = nextEvent(lifecycle.state, policy);
    const changed = () => lifecycle.state.version !== seen || lifecycle.isFinal();
    if (!(await stepAt(next.at, changed, () => lifecycle.handle(next, policy)))) continue;
    const { renewedUntil } = lifecycle.state;
    if (next.kind === 'period-end' && renewedUntil && !lifecycle.isFinal()) await lifecycle.startNextPeriod(renewedUntil);
  }

  await untilSettled(lifecycle.notices);
  return lifecycle.recognition.status;
};
