import { condition, defineQuery, setHandler } from '@temporalio/workflow';
import { parseDate } from '../models/dates';
import type { Recognition } from '../models/recognition';

// One workflow per recognition, started when an application is approved. For now it holds the
// recognition until the end of its validity; its life (quality checks, suspension, renewal,
// expiry) comes next.

export interface RecognitionWorkflowInput {
  recognition: Recognition;
}

export const recognitionQuery = defineQuery<Recognition>('recognition');

export async function recognitionWorkflow({ recognition }: RecognitionWorkflowInput): Promise<void> {
  setHandler(recognitionQuery, () => recognition);
  await condition(() => false, Math.max(1, parseDate(recognition.validUntil).getTime() - Date.now()));
}
