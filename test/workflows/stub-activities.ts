import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { DEFAULT_POLICY, type Policy } from '../../models/policy';
import { installTemporalLogging } from '../../worker/worker';
import { testServerLauncher, workflowBundlePath } from '../support/environment';
import { testLogger } from '../support/stack';

// The workflows on Temporal's time-skipping server with stub activities (as in Temporal's
// money-transfer sample): no store, no mail, no webhooks; each stub records its call, so a test
// reads what the workflow asked for, in order, and runs in seconds.

type Call<K extends keyof Activities> = { name: K; input: Parameters<Activities[K]>[0] };
type Stubbed = 'getPolicy' | 'openApplication' | 'recordApplicationStep' | 'releaseWorkplace' | 'createRecognition';
type Recorded = Stubbed | 'notifyAll' | 'saveRecognition' | 'saveQualityCheck' | 'publishStatusChange';

/** Stub activities for the application and recognition workflows, recording every call. */
export function stubActivities(policy: Partial<Policy> = {}) {
  const calls: Call<Recorded>[] = [];
  const recorded = <K extends Recorded>(name: K) => {
    return async (input: Parameters<Activities[K]>[0]) => {
      calls.push({ name, input });
    };
  };
  const activities = {
    getPolicy: async (): Promise<Policy> => ({ ...DEFAULT_POLICY, ...policy }),
    openApplication: async (input: Parameters<Activities['openApplication']>[0]) => {
      calls.push({ name: 'openApplication', input });
      return { opened: true as const };
    },
    recordApplicationStep: recorded('recordApplicationStep'),
    releaseWorkplace: recorded('releaseWorkplace'),
    createRecognition: recorded('createRecognition'),
    notifyAll: recorded('notifyAll'),
    saveRecognition: recorded('saveRecognition'),
    saveQualityCheck: recorded('saveQualityCheck'),
    publishStatusChange: recorded('publishStatusChange'),
  } satisfies Partial<Activities>;
  const inputsOf = <K extends Recorded>(name: K) =>
    calls.filter((call): call is Call<K> => call.name === name).map((call) => call.input);
  return {
    activities,
    calls,
    inputsOf,
    /** The notices about one dossier in the order they were sent, as `audience:template`. */
    noticesOf: (dossierId: string) =>
      inputsOf('notifyAll')
        .flat()
        .filter((n) => n.applicationId === dossierId || n.recognitionId === dossierId)
        .map((n) => `${n.audience}:${n.template}`),
    /** The application's timeline entries as written, by type. */
    steps: () => inputsOf('recordApplicationStep').map((step) => step.entry.type),
  };
}

export type Stubs = ReturnType<typeof stubActivities>;

/** A time-skipping server of its own for each test (its clock runs ahead) and a worker with the stubs. */
export function useStubbedWorkflows() {
  const context = {} as { env: TestWorkflowEnvironment; taskQueue: string };
  installTemporalLogging(testLogger);
  beforeEach(async () => {
    const launcher = testServerLauncher();
    context.env = await TestWorkflowEnvironment.createTimeSkipping(
      launcher ? { server: { executable: { type: 'existing-path', path: launcher } } } : {},
    );
    context.taskQueue = `stubbed-${randomUUID().slice(0, 8)}`;
  });
  afterEach(() => context.env.teardown());
  return {
    get env() {
      return context.env;
    },
    get taskQueue() {
      return context.taskQueue;
    },
    /** Runs `test` while a worker with `stubs` serves the workflows. */
    async withWorker<T>(
      stubs: Pick<Stubs, 'activities'> | { activities: Partial<Activities> },
      test: () => Promise<T>,
    ): Promise<T> {
      const worker = await Worker.create({
        connection: context.env.nativeConnection,
        taskQueue: context.taskQueue,
        workflowBundle: { codePath: workflowBundlePath() },
        activities: stubs.activities,
      });
      return worker.runUntil(test);
    },
  };
}
