import { randomUUID } from 'node:crypto';
import { roundtripWorkflow } from '../workflows/diagnostics';
import { recordHistory } from './support/histories';
import { type TimeSkippingStack, startTimeSkippingStack } from './support/time-skipping';
import { roundtripModel } from '../store/diagnostics';

describe('long timers on the time-skipping server', () => {
  let stack: TimeSkippingStack;
  beforeAll(async () => {
    stack = await startTimeSkippingStack();
  });
  afterAll(() => stack.stop());

  it('completes a workflow that sleeps five years, in seconds, and its activity writes to the store', async () => {
    const id = randomUUID();
    const requestedAt = new Date().toISOString();
    const handle = await stack.env.client.workflow.start(roundtripWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: `roundtrip-${id}`,
      args: [{ id, message: 'na vijf jaar', requestedAt, delay: 'P5Y' }],
    });
    await stack.worker.runUntil(handle.result());
    await recordHistory(handle, 'roundtrip-after-five-years');

    const recorded = await roundtripModel(stack.db).findById(id).lean();
    expect(recorded?.message).toBe('na vijf jaar');
    const requested = new Date(requestedAt);
    const fiveYearsLater = new Date(requested);
    fiveYearsLater.setUTCFullYear(requested.getUTCFullYear() + 5);
    // Workflow time moved five calendar years on; the wall clock did not.
    expect(Date.parse(recorded!.recordedAt)).toBeGreaterThanOrEqual(fiveYearsLater.getTime());
    expect(Date.parse(recorded!.recordedAt)).toBeLessThan(fiveYearsLater.getTime() + 60 * 60 * 1000);
  });
});
