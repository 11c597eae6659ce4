import { recognitionExample } from '../../api/examples';
import type { Recognition } from '../../models/recognition';
import { type apiCaller, eventually } from './stack';
import { daysFromToday, sampleApplication } from './sample-application';

/**
 * An active recognition of the sample application's workplace (one of its own), approved for five
 * years: by default 400 days ago, to load straight into the store as the benchmark does; or at
 * `approvedAtMs` (the test server's clock, which the workflow reads): what a recognition workflow starts with.
 */
export function sampleRecognition(overrides: Partial<Recognition> = {}, approvedAtMs?: number): Recognition {
  if (approvedAtMs !== undefined) {
    const approvedAt = new Date(approvedAtMs);
    return { ...recognitionExample(sampleApplication({}, approvedAt), approvedAt, 'P5Y', 'reviewer-1'), ...overrides };
  }
  const validFrom = daysFromToday(-400);
  const recognition = recognitionExample(sampleApplication(), new Date(`${validFrom}T10:00:00.000Z`), 'P5Y', 'reviewer-1');
  return { ...recognition, validUntilAt: `${recognition.validUntil}T12:00:00.000Z`, ...overrides };
}

/** Waits until the register, asked by `school`, knows the recognition's workplace (its read model caught up). */
export const registerKnows = (call: ReturnType<typeof apiCaller>, school: string, item: Recognition) =>
  eventually(async () => {
    const answer = await call(
      school,
      'GET',
      `/api/v1/register/verify?enterpriseNumber=${item.enterpriseNumber}&establishmentNumber=${item.establishmentNumber}&trainingCode=${item.trainingCode}`,
    );
    return answer.body.status === 'none' ? undefined : true;
  }, 10_000);
