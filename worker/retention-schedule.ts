import { type Client, ScheduleAlreadyRunning, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW } from '../workflows/retention.messages';

/**
 * The daily retention run (workflows/retention.ts) as a Temporal Schedule: at 03:30 in
 * Brussels, a night's run skipped while the last still runs, one missed in an outage of up to
 * a day taken late. Made when a worker starts; one that exists is brought to this definition
 * (another worker made it, or an older version did), so starting several workers is harmless.
 */
export async function ensureRetentionSchedule(
  temporal: Client,
  taskQueue: string,
  scheduleId = RETENTION_SCHEDULE_ID,
): Promise<'created' | 'updated'> {
  const definition = {
    spec: { calendars: [{ hour: 3, minute: 30 }], timezone: 'Europe/Brussels' },
    action: { type: 'startWorkflow', workflowType: RETENTION_WORKFLOW, workflowId: scheduleId, taskQueue, args: [{}] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  } satisfies Omit<ScheduleOptions, 'scheduleId'>;
  try {
    await temporal.schedule.create({ scheduleId, ...definition });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await temporal.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, ...definition }));
    return 'updated';
  }
}
