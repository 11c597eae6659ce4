import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { endOfDayInBrussels } from '../models/dates';
import {
  type PlacementWorkflowInput,
  acceptUpdate,
  declineUpdate,
  endUpdate,
  proposeUpdate,
  statusQuery,
  terminateUpdate,
} from './placement-agreement.messages';
import { PlacementAgreement } from './placement-agreement.state';
import { untilSettled } from './steps';

// One workflow per placement: a school's proposal holds a place at the workplace; the company
// accepts it (naming a mentor) or declines it by its deadline, or it expires; a running
// placement ends by itself after its last day, or early by either party. Every end gives the
// place back.

export async function placementWorkflow(input: PlacementWorkflowInput): Promise<string> {
  const agreement = new PlacementAgreement(input);
  const { onUpdate, step, stepAt } = agreement.steps;

  // The API waits on this update, so its 201 shows a placement the lists already have.
  setHandler(proposeUpdate, () => agreement.proposed());
  setHandler(statusQuery, () => agreement.status);
  const ready = agreement.isProposed;
  onUpdate(
    acceptUpdate,
    () => agreement.ensureAllowed('accept'),
    (acceptance) => agreement.accept(acceptance),
    ready,
  );
  onUpdate(
    declineUpdate,
    () => agreement.ensureAllowed('decline'),
    (refusal) => agreement.decline(refusal),
    ready,
  );
  onUpdate(
    endUpdate,
    () => agreement.ensureAllowed('end'),
    (ending) => agreement.end(ending),
    ready,
  );
  onUpdate(
    terminateUpdate,
    () => agreement.ensureAllowed('terminate'),
    (ending) => agreement.terminate(ending),
    ready,
  );

  if (!(await step(() => agreement.propose()))) {
    await condition(allHandlersFinished);
    return 'refused';
  }

  // The company answers by the deadline, or the proposal expires.
  await stepAt(
    agreement.answerDue,
    () => agreement.status !== 'proposed',
    () => agreement.expire(),
  );

  // A running placement ends by itself once its last day is over, unless ended first.
  const endsOn = agreement.endsOn;
  const running = () => agreement.status === 'active';
  if (endsOn)
    await stepAt(
      endOfDayInBrussels(endsOn).getTime(),
      () => !running(),
      async () => {
        await agreement.end({ endedOn: endsOn });
      },
    );
  else await condition(() => !running());

  await untilSettled(agreement.notices);
  return agreement.status;
}
