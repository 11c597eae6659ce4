import { Worker } from '@temporalio/worker';
import { addToDate, dayInBrussels } from '../models/dates';
import { INITIAL_RHYTHM } from '../models/recognition-rules';
import {
  answerCheckUpdate,
  changeMentorsUpdate,
  reinstateUpdate,
  renewUpdate,
  reportIncidentUpdate,
  suspendUpdate,
  withdrawRecognitionUpdate,
} from '../workflows/recognition-lifecycle.messages';
import { workflowBundlePath } from './support/environment';
import { recordHistory } from './support/histories';
import { useTimeSkippingStack } from './support/time-skipping';
import { DAY, localActivityCalls, recognitionLifecycle } from './support/recognition-lifecycle';
import { testDataConverter } from './support/stack';

const YEAR = 365 * DAY;

describe('recognition lifecycle workflow (time-skipping server)', () => {
  const stack = useTimeSkippingStack();
  const { stored, checksOf, mailOf, start, evaluate, answerAllOk, liveGreen } = recognitionLifecycle(stack);

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
});
