import type { QualityCheck } from '../../models/quality-check';
import { recognitionWorkflow } from '../../workflows/recognition-lifecycle';
import {
  answerCheckUpdate,
  learnerFeedbackUpdate,
  recognitionWorkflowId,
  reinstateUpdate,
  suspendUpdate,
  withdrawRecognitionUpdate,
} from '../../workflows/recognition-lifecycle.messages';
import { sampleRecognition } from '../support/sample-recognition';
import { recordHistory } from '../support/histories';
import { stubActivities, useStubbedWorkflows } from './stub-activities';

// The recognition lifecycle workflow with stub activities: what it asks of the store, the mail
// and the schools' webhooks, in order, on the time-skipping server. The real-store suite is
// test/recognition-lifecycle.time-skipping.test.ts.

const DAY = 24 * 60 * 60 * 1000;
const selfAssessment = [{ id: 'safety', question: 'Is de werkplek veilig?' }];

describe('recognition lifecycle workflow, with stub activities', () => {
  const stubbed = useStubbedWorkflows();

  async function start() {
    const { env, taskQueue } = stubbed;
    const recognition = sampleRecognition({}, await env.currentTimeMs());
    const handle = await env.client.workflow.start(recognitionWorkflow, {
      taskQueue,
      workflowId: recognitionWorkflowId(recognition.id),
      args: [{ recognition }],
    });
    return { recognition, handle };
  }

  it('when the periodic check is answered all ok, then it closes at once without a reviewer and the next one is scheduled', async () => {
    const stubs = stubActivities({ selfAssessment });
    const savedChecks = () => stubs.inputsOf('saveQualityCheck');
    const id = await stubbed.withWorker(stubs, async () => {
      const { recognition, handle } = await start();
      // The first check opens after the policy's year.
      await stubbed.env.sleep(366 * DAY);
      const opened = savedChecks().at(-1)!;
      expect(opened).toMatchObject({ reason: 'periodic', status: 'open', questions: selfAssessment });

      await handle.executeUpdate(answerCheckUpdate, {
        args: [{ checkId: opened.id, answers: [{ id: 'safety', ok: true }], by: 'company-user' }],
      });
      expect(savedChecks().at(-1)).toMatchObject<Partial<QualityCheck>>({
        id: opened.id,
        status: 'closed',
        outcome: 'ok',
        evaluatedBy: 'system',
      });
      const saved = stubs.inputsOf('saveRecognition').at(-1)!;
      expect(Date.parse(saved.nextQualityCheckDue!)).toBeGreaterThan(await stubbed.env.currentTimeMs());
      await handle.terminate('test done');
      return recognition.id;
    });
    expect(stubs.noticesOf(id)).toEqual(['company:check_opened', 'company:check_closed']);
  });

  it('when suspended and then reinstated, then each status change is published in order and the recognition goes on', async () => {
    const stubs = stubActivities();
    const id = await stubbed.withWorker(stubs, async () => {
      const { recognition, handle } = await start();
      await handle.executeUpdate(suspendUpdate, { args: [{ reasons: ['Geen mentor aanwezig'], by: 'reviewer-1' }] });
      await handle.executeUpdate(reinstateUpdate, { args: [{ reasons: ['In orde'], by: 'reviewer-1' }] });
      expect(stubs.inputsOf('saveRecognition').at(-1)).toMatchObject({ status: 'active' });
      await handle.executeUpdate(withdrawRecognitionUpdate, { args: [{ reasons: ['Stopgezet'], by: 'reviewer-1' }] });
      expect(await handle.result()).toBe('withdrawn');
      return recognition.id;
    });

    expect(stubs.inputsOf('publishStatusChange').map(({ data }) => [data.previousStatus, data.status])).toEqual([
      [null, 'active'],
      ['active', 'suspended'],
      ['suspended', 'active'],
      ['active', 'withdrawn'],
    ]);
    expect(
      stubs
        .inputsOf('saveRecognition')
        .at(-1)!
        .history.map((h) => h.status),
    ).toEqual(['active', 'suspended', 'active', 'withdrawn']);
    expect(stubs.noticesOf(id)).toEqual(['company:suspended', 'company:reinstated', 'company:recognition_withdrawn']);
    expect(stubs.inputsOf('releaseWorkplace')).toHaveLength(1);
  });

  it('when the learners answer well, then the next periodic check asks nothing and closes green; when they answer low, then a check opens at once', async () => {
    const stubs = stubActivities({ selfAssessment });
    const savedChecks = () => stubs.inputsOf('saveQualityCheck');
    await stubbed.withWorker(stubs, async () => {
      const { handle } = await start();
      const good = { answers: 3, average: 3.8, questions: { guidance: 4, learning: 4, safety: 4, atmosphere: 3, recommend: 4 } };
      await handle.executeUpdate(learnerFeedbackUpdate, { args: [{ summary: good, by: 'learner' }] });
      await stubbed.env.sleep(366 * DAY);
      expect(savedChecks().at(-1)).toMatchObject<Partial<QualityCheck>>({
        reason: 'periodic',
        trigger: 'goede feedback van leerlingen',
        questions: [],
        status: 'closed',
        outcome: 'ok',
      });

      const low = { answers: 4, average: 1.9, questions: { guidance: 1, learning: 2, safety: 2, atmosphere: 2, recommend: 2 } };
      await handle.executeUpdate(learnerFeedbackUpdate, { args: [{ summary: low, by: 'school-user' }] });
      await handle.executeUpdate(learnerFeedbackUpdate, { args: [{ summary: low, by: 'school-user' }] });
      const feedbackChecks = savedChecks().filter((check) => check.reason === 'learner-feedback');
      // One check for as long as it is pending.
      expect(new Set(feedbackChecks.map((check) => check.id)).size).toBe(1);
      expect(feedbackChecks[0]).toMatchObject({
        status: 'open',
        questions: selfAssessment,
        trigger: expect.stringMatching(/1.9/),
      });
      await recordHistory(handle, 'recognition-learner-feedback');
      await handle.terminate('test done');
    });
  });
});
