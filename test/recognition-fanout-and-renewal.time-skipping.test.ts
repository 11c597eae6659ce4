import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { dayInBrussels } from '../models/dates';
import { addDuration } from '../models/duration';
import { decideRenewalUpdate, reinstateUpdate, renewUpdate, suspendUpdate } from '../workflows/recognition-lifecycle.messages';
import { workflowBundlePath } from './support/environment';
import { recordHistory } from './support/histories';
import { useTimeSkippingStack } from './support/time-skipping';
import { DAY, localActivityCalls, recognitionLifecycle } from './support/recognition-lifecycle';
import { subscriptionModel } from '../store/subscriptions';
import { statusChangeFanoutWorkflowId } from '../workflows/status-change-fanout.messages';
import { eventually, testDataConverter } from './support/stack';
import { startWebhookReceiver } from './support/webhook-receiver';

// A recognition's changes reach every subscription through the fan-out, and a renewal asked in
// time keeps it active while the partnership decides.

describe('recognition lifecycle workflow (time-skipping server)', () => {
  const stack = useTimeSkippingStack();
  const { stored, start } = recognitionLifecycle(stack);

  // Issue 20: the recognition signals each change to its fan-out workflow and goes on; the
  // fan-out hands it to the subscriptions in batches of 100, one change after the other, so the
  // start and two changes in quick succession reach each of 120 subscriptions in their order.
  it('hands its changes to every subscription through the fan-out, in batches and in order', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const ids = Array.from({ length: 120 }, () => randomUUID());
      await subscriptionModel(stack.db).collection.insertMany(
        ids.map((id) => ({
          _id: id,
          url: receiver.urlFor(id),
          enterpriseNumbers: [],
          schoolId: 'school-1',
          createdAt: new Date().toISOString(),
          secret: receiver.secret,
        })) as never[],
      );
      const { recognition, handle } = await start({ conditions: [] });
      const reason = { reasons: ['Geen mentor aanwezig'], by: 'reviewer-1' };
      await handle.executeUpdate(suspendUpdate, { args: [reason] });
      await handle.executeUpdate(reinstateUpdate, { args: [{ reasons: ['In orde'], by: 'reviewer-1' }] });

      const changes = ['active', 'suspended', 'active'];
      await eventually(
        async () => (ids.every((id) => receiver.statuses(id, recognition.id).length >= changes.length) ? true : undefined),
        120_000,
      );
      for (const id of ids) expect(receiver.statuses(id, recognition.id)).toEqual(changes);
      expect(receiver.refused).toEqual([]);

      const fanout = stack.env.client.workflow.getHandle(statusChangeFanoutWorkflowId(recognition.id));
      const history = await fanout.fetchHistory();
      const batches = history.events!.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'fanOutStatusChange',
      );
      // Each change: a batch of 100, one of 20, and none more.
      expect(batches).toHaveLength(changes.length * 2);
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: workflowBundlePath() }, dataConverter: testDataConverter },
        history,
        fanout.workflowId,
      );
      await recordHistory(fanout, 'status-change-fanout-in-order');
      await handle.terminate('test done');
    } finally {
      await receiver.close();
    }
  }, 180_000);

  describe('a renewal asked in time does not lapse while the partnership decides', () => {
    /** A recognition ending in 100 days, its renewal asked with changes after the invitation. */
    async function requestedNearEnd() {
      const nowMs = await stack.env.currentTimeMs();
      const { recognition, handle } = await start({
        conditions: [],
        validUntilAt: new Date(nowMs + 100 * DAY).toISOString(),
        validUntil: dayInBrussels(new Date(nowMs + 100 * DAY)),
      });
      await stack.env.sleep(95 * DAY);
      expect((await stored(recognition.id)).renewal).toMatchObject({ status: 'invited' });
      await handle.executeUpdate(renewUpdate, { args: [{ unchanged: false, changes: { capacity: 4 }, by: 'company-user' }] });
      const requested = (await stored(recognition.id)).renewal!;
      expect(requested).toMatchObject({ status: 'requested' });
      // Due after the policy's decision deadline (14 days by default).
      expect(Date.parse(requested.decisionDue!) - Date.parse(requested.requestedAt!)).toBe(14 * DAY);
      await stack.env.sleep(6 * DAY);
      return { recognition, handle };
    }

    it('stays active past the end, is overdue after the deadline, and the next period starts at the old end', async () => {
      const { recognition, handle } = await requestedNearEnd();
      const id = recognition.id;
      const kept = await stored(id);
      expect(kept.status).toBe('active');
      expect(kept.renewal).toMatchObject({ status: 'requested', keptActiveAt: recognition.validUntilAt });
      expect(kept.renewal!.overdue).toBeUndefined();
      expect(kept.history.at(-1)).toMatchObject({
        at: recognition.validUntilAt,
        status: 'active',
        by: 'system',
        reasons: ['kept active pending the renewal decision'],
      });
      // Schools hear nothing changed: the only status change published is the start.
      const published = localActivityCalls(await handle.fetchHistory(), 'publishStatusChange');
      expect(published).toHaveLength(1);

      await stack.env.sleep(10 * DAY);
      expect((await stored(id)).renewal).toMatchObject({ status: 'requested', overdue: true });
      expect((await stored(id)).status).toBe('active');

      await handle.executeUpdate(decideRenewalUpdate, { args: [{ outcome: 'approved', reasons: [], by: 'reviewer-1' }] });
      await stack.env.sleep(DAY);
      const next = await stored(id);
      expect(next.status).toBe('active');
      expect(next.validFrom).toBe(recognition.validUntil);
      expect(next.validUntilAt).toBe(addDuration(new Date(recognition.validUntilAt), 'P5Y').toISOString());
      expect(next.capacity).toBe(4);
      expect(next.renewal).toBeUndefined();
      await recordHistory(
        stack.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId),
        'recognition-renewal-kept-active-approved',
      );
      await handle.terminate('test done');
    }, 60_000);

    it('expires at the decision when the renewal is rejected after the end', async () => {
      const { recognition, handle } = await requestedNearEnd();
      const id = recognition.id;
      expect((await stored(id)).status).toBe('active');
      await handle.executeUpdate(decideRenewalUpdate, {
        args: [{ outcome: 'rejected', reasons: ['Geen mentor meer'], by: 'reviewer-1' }],
      });
      expect(await handle.result()).toBe('expired');
      const expired = await stored(id);
      expect(expired.history.at(-1)).toMatchObject({ status: 'expired', by: 'reviewer-1' });
      expect(Date.parse(expired.history.at(-1)!.at)).toBeGreaterThan(Date.parse(recognition.validUntilAt));
      await recordHistory(handle, 'recognition-renewal-kept-active-rejected');
    }, 60_000);
  });
});
