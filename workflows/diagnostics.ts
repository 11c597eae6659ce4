import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { durationMs } from '../models/duration';

const { recordRoundtrip } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface RoundtripInput {
  id: string;
  message: string;
  requestedAt: string;
  delay?: string;
}

/** Waits the requested delay, then has the worker write the roundtrip to the store. */
export async function roundtripWorkflow(input: RoundtripInput): Promise<void> {
  if (input.delay) await sleep(durationMs(input.delay, new Date()));
  await recordRoundtrip({
    id: input.id,
    message: input.message,
    requestedAt: input.requestedAt,
    recordedAt: new Date().toISOString(),
  });
}
