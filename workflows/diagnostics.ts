import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { durationMs } from '../models/duration';
import { doublingRetry } from './steps';

const { recordRoundtrip } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: doublingRetry('1 minute'),
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
