import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { addToDate, dayInBrussels } from '../../models/dates';
import type { CheckOutcome, QualityCheck } from '../../models/quality-check';
import type { Recognition } from '../../models/recognition';
import { outboxModel } from '../../store/outbox';
import { qualityCheckModel } from '../../store/quality-checks';
import { recognitionModel } from '../../store/recognitions';
import { recognitionWorkflow } from '../../workflows/recognition-lifecycle';
import {
  type CarriedState,
  answerCheckUpdate,
  evaluateCheckUpdate,
  recognitionWorkflowId,
} from '../../workflows/recognition-lifecycle.messages';
import { sampleRecognition } from './sample-recognition';
import type { TimeSkippingStack } from './time-skipping';

// A recognition's workflow on the time-skipping stack with the real activities: started from a
// stored recognition, its checks answered and evaluated as a company and a reviewer would.

export const DAY = 24 * 60 * 60 * 1000;

/** The calls of a local activity in a history: each is a marker naming its activity type. */
export const localActivityCalls = (history: temporal.api.history.v1.IHistory, activityType: string) =>
  history.events!.filter((e) =>
    Object.values(e.markerRecordedEventAttributes?.details ?? {}).some((d) =>
      (d.payloads ?? []).some((p) =>
        Buffer.from(p.data ?? [])
          .toString()
          .includes(activityType),
      ),
    ),
  );

/** What the suites do with a recognition's workflow on `stack` (read when called: a stack per test). */
export function recognitionLifecycle(stack: TimeSkippingStack) {
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

  return { stored, checksOf, mailOf, start, allOk, evaluate, answerAllOk, liveGreen };
}
