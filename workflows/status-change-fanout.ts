import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  type FanoutProgress,
  type StatusChangeFanoutInput,
  type StatusChangeFanoutWorkflow,
  statusChangeSignal,
} from './status-change-fanout.messages';
import { EventQueue, doublingRetry } from './steps';

// One workflow per recognition hands its status changes to every matching subscription's
// delivery workflow, a batch of subscriptions per activity, outside the recognition's own steps:
// the recognition only signals it, one call whatever the number of subscriptions.
//
// Order: a change is handed to every subscription before the next change begins, so no
// subscription is handed a later change before an earlier one, and its delivery workflow sends
// them in the order handed. The recognition signals its changes in order (one step at a time,
// each awaiting its signal). A fan-out workflow per change would run beside the one before and
// could overtake it for a subscription.

const { tellSchoolsWithPlacements, fanOutStatusChange } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // No maximum: a change is never dropped; while the store or Temporal is away the changes wait, in order.
  retry: doublingRetry('1 minute'),
});

// Idle a while before closing, so a burst of changes (a suspension and its reinstatement) is one run.
const IDLE_BEFORE_CLOSING = '1 minute';
const REMEMBERED = 100;

export const statusChangeFanoutWorkflow: StatusChangeFanoutWorkflow = async (input: StatusChangeFanoutInput) => {
  const queue = new EventQueue(REMEMBERED, input.pending, input.recentlyDone);
  let progress: FanoutProgress | undefined = input.progress;

  // A repeated signal (the recognition's activity retried after it had signalled) is dropped by event id.
  setHandler(statusChangeSignal, (event) => queue.add(event));

  for (;;) {
    // A change signalled while the run closes is not lost: Temporal refuses the close and hands it over.
    const event = await queue.next(IDLE_BEFORE_CLOSING);
    if (!event) return;
    progress ??= { schools: await tellSchoolsWithPlacements(event) };
    const { next } = await fanOutStatusChange({ event, schools: progress.schools, after: progress.after });
    if (next) progress = { ...progress, after: next };
    else {
      queue.finish();
      progress = undefined;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof statusChangeFanoutWorkflow>({
        recognitionId: input.recognitionId,
        pending: queue.pending,
        progress,
        recentlyDone: queue.done,
      });
    }
  }
};
