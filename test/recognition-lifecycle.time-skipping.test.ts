import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { addToDate, dayInBrussels } from '../models/dates';
import { addDuration } from '../models/duration';
import type { CheckOutcome, QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import { INITIAL_RHYTHM } from '../models/recognition-rules';
import {
  type CarriedState,
  answerCheckUpdate,
  changeMentorsUpdate,
  decideRenewalUpdate,
  evaluateCheckUpdate,
  recognitionWorkflowId,
  reinstateUpdate,
  renewUpdate,
  reportIncidentUpdate,
  suspendUpdate,
  withdrawRecognitionUpdate,
} from '../workflows/recognition-lifecycle.messages';
import { recognitionWorkflow } from '../workflows/recognition-lifecycle';
import { workflowBundlePath } from './support/environment';
import { recordHistory } from './support/histories';
import { sampleRecognition } from './support/sample-recognition';
import { useTimeSkippingStack } from './support/time-skipping';
import { outboxModel } from '../store/outbox';
import { qualityCheckModel } from '../store/quality-checks';
import { recognitionModel } from '../store/recognitions';
import { subscriptionModel } from '../store/subscriptions';
import { statusChangeFanoutWorkflowId } from '../workflows/status-change-fanout.messages';
import { eventually, testDataConverter } from './support/stack';
import { startWebhookReceiver } from './support/webhook-receiver';

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;

/** The calls of a local activity in a history: each is a marker naming its activity type. */
const localActivityCalls = (history: temporal.api.history.v1.IHistory, activityType: string) =>
  history.events!.filter((e) =>
    Object.values(e.markerRecordedEventAttributes?.details ?? {}).some((d) =>
      (d.payloads ?? []).some((p) =>
        Buffer.from(p.data ?? [])
          .toString()
          .includes(activityType),
      ),
    ),
  );

describe('recognition lifecycle workflow (time-skipping server)', () => {
  const stack = useTimeSkippingStack();

  const stored = async (id: string) => (await recognitionModel(stack.db).findById(id).lean())!;
  const checksOf = async (id: string, status?: QualityCheck['status']) =>
    (
      await qualityCheckModel(stack.db)
        .find({ recognitionId: id, ...(status ? { status } : {}) })
        .sort({ openedAt: 1 })
        .lean()
    ).map(({ _id, ...c }) => ({ id: _id, ...c }));
  const mailOf = async (id: string) =>
    (await outboxModel(stack.db).find({ recognitionId: id }).lean()).map((m) => `${m.audience}:${m.template}`);

  async function start(
    overrides: Partial<Recognition> = {},
    carried?: CarriedState,
  ): Promise<{
    recognition: Recognition;
    handle: WorkflowHandleWithFirstExecutionRunId<typeof recognitionWorkflow>;
  }> {
    const nowMs = await stack.env.currentTimeMs();
    const today = dayInBrussels(new Date(nowMs));
    const sample = sampleRecognition({}, nowMs);
    const mentor = { ...sample.mentors[0]! };
    delete mentor.mentorTrainingCompletedOn;
    const recognition: Recognition = {
      ...sample,
      mentors: [mentor],
      conditions: [{ type: 'mentor-training', mentorName: 'Jan Peeters', dueOn: addToDate(today, 'P1Y') }],
      ...overrides,
    };
    const { id, ...fields } = recognition;
    await recognitionModel(stack.db).collection.insertOne({ _id: id, ...fields } as never);
    const handle = await stack.env.client.workflow.start(recognitionWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: recognitionWorkflowId(recognition.id),
      args: [{ recognition, ...(carried ? { carried } : {}) }],
    });
    return { recognition, handle };
  }

  const allOk = (check: QualityCheck) => check.questions.map((q) => ({ id: q.id, ok: true }));
  /** A reviewer evaluates `check`. */
  const evaluate = (
    handle: WorkflowHandle<typeof recognitionWorkflow>,
    check: QualityCheck,
    outcome: CheckOutcome,
    notes: string,
  ) => handle.executeUpdate(evaluateCheckUpdate, { args: [{ checkId: check.id, outcome, notes, by: 'reviewer-1' }] });
  /** The company answers every question of `check` with ok. */
  const answerAllOk = (handle: WorkflowHandle<typeof recognitionWorkflow>, check: QualityCheck) =>
    handle.executeUpdate(answerCheckUpdate, { args: [{ checkId: check.id, answers: allOk(check), by: 'company-user' }] });

  /** Moves the clock on, answering every check that opens meanwhile with all ok. */
  async function liveGreen(id: string, handle: WorkflowHandle<typeof recognitionWorkflow>, ms: number) {
    const step = 30 * DAY;
    for (let left = ms; left > 0; left -= step) {
      await stack.env.sleep(Math.min(step, left));
      for (const check of await checksOf(id, 'open')) {
        await answerAllOk(handle, check);
      }
    }
  }

  it('lives five years and a second period: green checks, lighter rhythm, incident, improvement, suspension, missed condition, one-step renewal, expiry', async () => {
    const { recognition, handle } = await start();
    const id = recognition.id;

    // Year 1: the first periodic check opens; the mentor training condition is missed.
    await stack.env.sleep(YEAR + DAY);
    const [first] = await checksOf(id, 'open');
    expect(first).toMatchObject({
      reason: 'periodic',
      questions: expect.arrayContaining([expect.objectContaining({ id: 'safety' })]),
    });
    expect((await stored(id)).conditions[0]).toMatchObject({ remindedAt: expect.any(String), missedAt: expect.any(String) });
    expect(await mailOf(id)).toEqual(
      expect.arrayContaining(['company:condition_reminder', 'partnership:condition_missed', 'company:check_opened']),
    );

    // All green: closed at once, no reviewer.
    await answerAllOk(handle, first!);
    expect((await checksOf(id))[0]).toMatchObject({ status: 'closed', outcome: 'ok', evaluatedBy: 'system' });

    // The company records the mentor's training: the condition is met.
    const trained = {
      ...recognition.mentors[0]!,
      mentorTrainingCompletedOn: dayInBrussels(new Date(await stack.env.currentTimeMs())),
    };
    await handle.executeUpdate(changeMentorsUpdate, { args: [{ mentors: [trained], by: 'company-user' }] });
    expect((await stored(id)).conditions[0]!.metOn).toBe(trained.mentorTrainingCompletedOn);
    const mentorCheck = (await checksOf(id, 'open')).find((c) => c.reason === 'mentor-change')!;
    await answerAllOk(handle, mentorCheck);

    // Two consecutive ok checks (the periodic one and the light mentor-change one): the interval doubles.
    const doubled = await stored(id);
    expect(Number(doubled.qualityCheckInterval!.slice(2, -1))).toBeGreaterThanOrEqual((2 * 365 * DAY) / 1000);
    expect(Date.parse(doubled.nextQualityCheckDue!) - (await stack.env.currentTimeMs())).toBeGreaterThan(2 * YEAR - DAY);
    await stack.env.sleep(YEAR);

    // An incident from a school: an unscheduled check, the rhythm back to a year.
    const incidentCheck = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ description: 'Leerling meldt onveilige steiger', by: 'school-1', schoolId: 'school-1' }],
    });
    const incident = (await checksOf(id)).find((c) => c.id === incidentCheck)!;
    expect(incident).toMatchObject({
      reason: 'incident',
      status: 'open',
      trigger: 'Leerling meldt onveilige steiger (school-1)',
      reportedBySchools: ['school-1'],
    });
    // A second report while that check is pending is added to it: one check, not two.
    const again = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ description: 'Opnieuw geen leuning', by: 'school-2', schoolId: 'school-2' }],
    });
    expect(again).toBe(incidentCheck);
    const folded = (await checksOf(id)).find((c) => c.id === incidentCheck)!;
    expect(folded.reports).toEqual([{ at: expect.any(String), by: 'school-2', description: 'Opnieuw geen leuning' }]);
    // Each reporting school may follow the check.
    expect(folded.reportedBySchools).toEqual(['school-1', 'school-2']);
    await handle.executeUpdate(answerCheckUpdate, {
      args: [
        {
          checkId: incident.id,
          answers: incident.questions.map((q) => ({ id: q.id, ok: q.id !== 'safety', comment: 'Steiger wordt vervangen' })),
          by: 'company-user',
        },
      ],
    });
    expect((await checksOf(id)).find((c) => c.id === incident.id)!.status).toBe('answered');
    await evaluate(handle, incident, 'improvement-needed', 'Nieuwe steiger binnen drie maanden');
    const followUpDue = Date.parse((await stored(id)).nextQualityCheckDue!) - (await stack.env.currentTimeMs());
    expect(followUpDue).toBeLessThanOrEqual(YEAR / 4 + DAY);

    // The follow-up is still not right: suspended; later reinstated.
    await stack.env.sleep(YEAR / 4 + DAY);
    const followUp = (await checksOf(id, 'open'))[0]!;
    await handle.executeUpdate(answerCheckUpdate, {
      args: [{ checkId: followUp.id, answers: followUp.questions.map((q) => ({ id: q.id, ok: false })), by: 'company-user' }],
    });
    await evaluate(handle, followUp, 'suspend', 'Werkplek onveilig');
    expect((await stored(id)).status).toBe('suspended');
    await stack.env.sleep(20 * DAY);
    await handle.executeUpdate(reinstateUpdate, { args: [{ reasons: ['Steiger vervangen, bezoek in orde'], by: 'reviewer-1' }] });
    expect((await stored(id)).status).toBe('active');

    // Green until the renewal invitation, three months before the end; renewed in one step.
    for (let i = 0; i < 40 && !(await stored(id)).renewal; i++) await liveGreen(id, handle, 30 * DAY);
    expect((await stored(id)).renewal).toMatchObject({ status: 'invited' });
    await handle.executeUpdate(renewUpdate, { args: [{ unchanged: true, by: 'company-user' }] });
    expect((await stored(id)).renewal).toMatchObject({ status: 'approved', decidedBy: 'system' });

    // At the end of the period the second one starts (a new run), and it expires unrenewed.
    await liveGreen(id, handle, 100 * DAY);
    const second = await stored(id);
    expect(second.validFrom).toBe(recognition.validUntil);
    expect(second.validUntil).toBe(addToDate(recognition.validUntil, 'P5Y'));
    expect(second.renewal).toBeUndefined();

    for (let i = 0; i < 80 && (await stored(id)).status === 'active'; i++) await liveGreen(id, handle, 30 * DAY);
    expect(await handle.result()).toBe('expired');
    const expired = await stored(id);
    expect(expired.history.map((h) => h.status)).toEqual(['active', 'suspended', 'active', 'expired']);
    expect(dayInBrussels(new Date(expired.history[3]!.at))).toBe(second.validUntil);
    expect(await mailOf(id)).toEqual(
      expect.arrayContaining([
        'company:suspended',
        'company:reinstated',
        'company:renewal_invitation',
        'company:renewed',
        'company:expired',
        'partnership:incident',
      ]),
    );
    await recordHistory(
      stack.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId),
      'recognition-first-period-renewed',
    );
    await recordHistory(handle, 'recognition-second-period-expired');
  }, 180_000);

  it('lets a removed mentor’s training condition go with them: no reminder, no miss, a one-step renewal', async () => {
    const nowMs = await stack.env.currentTimeMs();
    const today = dayInBrussels(new Date(nowMs));
    // As recognitions made before mentors had ids: the condition names its mentor only.
    const { recognition, handle } = await start({
      validUntilAt: new Date(nowMs + 100 * DAY).toISOString(),
      validUntil: dayInBrussels(new Date(nowMs + 100 * DAY)),
      conditions: [{ type: 'mentor-training', mentorName: 'Jan Peeters', dueOn: addToDate(today, 'P30D') }],
    });
    const an = {
      ...recognition.mentors[0]!,
      firstName: 'An',
      lastName: 'Claes',
      birthDate: '1975-02-03',
      mentorTrainingCompletedOn: '2020-01-01',
    };
    await handle.executeUpdate(changeMentorsUpdate, { args: [{ mentors: [an], by: 'company-user' }] });
    const changed = await stored(recognition.id);
    expect(changed.mentors).toEqual([{ ...an, id: expect.any(String) }]);
    expect(changed.conditions).toEqual([]);
    const mentorCheck = (await checksOf(recognition.id, 'open'))[0]!;
    await answerAllOk(handle, mentorCheck);

    await stack.env.sleep(45 * DAY);
    const mail = await mailOf(recognition.id);
    expect(mail).not.toContain('company:condition_reminder');
    expect(mail).not.toContain('partnership:condition_missed');
    expect((await stored(recognition.id)).renewal).toMatchObject({ status: 'invited' });
    await handle.executeUpdate(renewUpdate, { args: [{ unchanged: true, by: 'company-user' }] });
    expect((await stored(recognition.id)).renewal).toMatchObject({ status: 'approved', decidedBy: 'system' });
    await recordHistory(handle, 'recognition-mentor-removed-renewed-in-one-step');
    await handle.terminate('test done');
  }, 60_000);

  // A run that carries its state (a renewal's next period, an imported recognition) publishes
  // nothing at its start: its status changes and incidents come from update handlers alone, and
  // its history must replay as recorded.
  it('replays a carried run whose status changes and incidents all come from update handlers', async () => {
    const nowMs = await stack.env.currentTimeMs();
    const { recognition, handle } = await start(
      { conditions: [] },
      { checks: [], nextCheckAt: nowMs + YEAR, rhythm: INITIAL_RHYTHM, lastCheckOk: true },
    );
    const reason = { reasons: ['Geen mentor aanwezig'], by: 'reviewer-1' };
    await handle.executeUpdate(suspendUpdate, { args: [reason] });
    await handle.executeUpdate(reinstateUpdate, { args: [{ reasons: ['In orde'], by: 'reviewer-1' }] });
    const first = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ description: 'Geen begeleiding', by: 'school-1', schoolId: 'school-1' }],
    });
    const folded = await handle.executeUpdate(reportIncidentUpdate, {
      args: [{ description: 'Nog steeds geen begeleiding', by: 'school-2', schoolId: 'school-2' }],
    });
    expect(folded).toBe(first);
    await handle.executeUpdate(withdrawRecognitionUpdate, { args: [reason] });
    expect(await handle.result()).toBe('withdrawn');
    expect((await stored(recognition.id)).history.map((h) => h.status)).toEqual(['active', 'suspended', 'active', 'withdrawn']);
    expect((await checksOf(recognition.id))[0]).toMatchObject({ reportedBySchools: ['school-1', 'school-2'] });

    const history = await handle.fetchHistory();
    const published = localActivityCalls(history, 'publishStatusChange');
    // Suspended, reinstated, withdrawn: each published from its handler, the start not at all.
    expect(published).toHaveLength(3);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: workflowBundlePath() }, dataConverter: testDataConverter },
      history,
      handle.workflowId,
    );
    await recordHistory(handle, 'recognition-carried-changes-in-handlers');
  }, 60_000);

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
