import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { applicationExample, recognitionExample } from '../api/examples';
import { applicationInput } from '../models/application';
import { withCheckDigits } from '../models/identifiers';
import type { Policy } from '../models/policy';
import { FINAL_RECOGNITION_STATUSES, type Recognition } from '../models/recognition';
import { createLogger } from '../platform/logger';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { partnershipModel, seedSampleCatalogue } from '../store/catalogue';
import { qualityCheckModel } from '../store/quality-checks';
import { loadRecognitions, recognitionModel } from '../store/recognitions';
import { installTemporalLogging } from '../worker/worker';
import {
  type RecognitionWorkflow,
  RECOGNITION_WORKFLOW,
  answerCheckUpdate,
  decideRenewalUpdate,
  evaluateCheckUpdate,
  recognitionWorkflowId,
  renewUpdate,
} from '../workflows/recognition-lifecycle.messages';
import { type BenchReport, cpuPer, cpuTotal, drive, percentile, processCpu, runBenchmark } from './bench-support';
import { startStore } from './local-stack';
import { cachedExecutable } from './servers.cjs';
import { startTimeSkippingServer, timeSkippingWorker } from './time-skipping';

// `npm run bench:lifetime`: 1,000 recognitions live five full years on the time-skipping server
// with the real workflows and activities: quality checks every half year (answered all green,
// one in ten with a red answer a reviewer evaluates), a renewal after two and a half years
// (in one step when the record is clean, else decided by a reviewer), and expiry at five.
// Goal: at most 90 s on this machine and at most 120 ms of CPU per life across the processes
// (the worker runs in this one); the histories' event counts show they stay bounded.

const COUNT = Number(process.env.BENCH_RECOGNITIONS ?? 1000);
const CONCURRENCY = 32;
const YEARS = 5;
const POLICY: Partial<Policy> = {
  validity: 'P30M',
  renewalNotice: 'P3M',
  qualityCheckInterval: 'P6M',
  qualityCheckResponseDeadline: 'P30D',
  mentorChangeCheck: false,
};
const DAY = 86_400_000;

type Env = TestWorkflowEnvironment;
type Db = Awaited<ReturnType<typeof connectMongo>>;

async function main(): Promise<BenchReport> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'erkend-bench-lifetime-'));
  const logger = createLogger('erkend-bench', 'warn');
  installTemporalLogging(logger);
  const launcher = cachedExecutable('temporal-test-server');
  const [store, env, bundle] = await Promise.all([
    startStore({ dataDir: path.join(scratch, 'store'), database: 'bench' }),
    startTimeSkippingServer(launcher),
    bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
    }),
  ]);
  const bundlePath = path.join(scratch, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  const db = await connectMongo(store.address, WORKER_STORE_DEADLINES);
  try {
    await seedSampleCatalogue(db);
    const policy = (await partnershipModel(db).findById('bouw').lean())!.policy;
    await partnershipModel(db).updateOne({ _id: 'bouw' }, { $set: { policy: { ...policy, ...POLICY } } });
    const taskQueue = 'lifetime';
    const worker = await timeSkippingWorker(env, { db, taskQueue, workflowBundlePath: bundlePath });
    const running = worker.run();

    const startedAt = new Date(await env.currentTimeMs());
    const recognitions = sampleRecognitions(startedAt);
    await loadRecognitions(db, recognitions);
    const started = Date.now();
    const cpuBefore = processCpu();
    const firstRuns = await startWorkflows(env, taskQueue, recognitions);
    // Each workflow has scheduled its first check (and written when) before the clock moves.
    while ((await recognitionModel(db).countDocuments({ nextQualityCheckDue: { $exists: true } })) < COUNT)
      await new Promise((r) => setTimeout(r, 100));
    const updates = await liveFiveYears(env, db, startedAt, recognitions);
    const seconds = (Date.now() - started) / 1000;
    const cpuAfter = processCpu();
    const cpuPerLife = cpuTotal(cpuBefore, cpuAfter, COUNT);

    const statuses = await recognitionModel(db).find().select({ status: 1 }).lean();
    const expired = statuses.filter((r) => r.status === 'expired').length;
    const { sizes, runs } = await historySizes(env, recognitions, firstRuns);
    worker.shutdown();
    await running;

    return {
      title: `Lifetime benchmark: ${COUNT} recognitions, ${YEARS} years on the time-skipping server`,
      lines: [
        `${seconds.toFixed(1)} s of wall time; ${updates} updates (answers, evaluations, renewals); ${expired} of ${COUNT} expired at the end`,
        `CPU ms per life: ${cpuPer(cpuBefore, cpuAfter, COUNT)} (bench: this process, the worker included); in all ${cpuPerLife.toFixed(0)}`,
        `history events per run (first period and last of each, ${runs} runs): median ${percentile(sizes, 50)}, largest ${Math.max(...sizes)}`,
      ],
      goal: 'at most 90 s and 120 ms of CPU per life, every recognition expired',
      met: seconds <= 90 && cpuPerLife <= 120 && expired === COUNT,
      ratio: seconds / 90,
    };
  } finally {
    await db.close();
    await env.teardown();
    await store.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The recognitions, approved today, with their dossiers. */
function sampleRecognitions(startedAt: Date): Recognition[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const application = applicationInput.parse(applicationExample(startedAt, withCheckDigits(`3${String(i).padStart(7, '0')}`)));
    return recognitionExample(application, startedAt, 'P30M', 'bench');
  });
}

/** Starts each recognition's workflow; answers the first run's id of each. */
async function startWorkflows(env: Env, taskQueue: string, recognitions: Recognition[]): Promise<Map<string, string>> {
  const firstRuns = new Map<string, string>();
  await drive(COUNT, CONCURRENCY, async (i) => {
    const r = recognitions[i]!;
    const handle = await env.client.workflow.start<RecognitionWorkflow>(RECOGNITION_WORKFLOW, {
      taskQueue,
      workflowId: recognitionWorkflowId(r.id),
      args: [{ recognition: r }],
    });
    firstRuns.set(r.id, handle.firstExecutionRunId);
  });
  return firstRuns;
}

/**
 * Moves the clock round by round to the next moment something is due, then answers what
 * opened (one in ten with a red answer a reviewer evaluates) and renews once; answers the
 * number of updates sent.
 */
async function liveFiveYears(env: Env, db: Db, startedAt: Date, recognitions: Recognition[]): Promise<number> {
  const red = new Set(recognitions.filter((_, i) => i % 10 === 0).map((r) => r.id));
  const stored = recognitionModel(db);
  const handle = (id: string) => env.client.workflow.getHandle(recognitionWorkflowId(id));
  let updates = 0;
  const renewed = new Set<string>();
  const end = startedAt.getTime() + YEARS * 365.25 * DAY + 7 * DAY;
  while ((await env.currentTimeMs()) < end) {
    const now = await env.currentTimeMs();
    const live = await stored
      .find({ status: { $nin: [...FINAL_RECOGNITION_STATUSES] } })
      .select({ nextQualityCheckDue: 1, renewal: 1, validUntilAt: 1 })
      .lean();
    if (live.length === 0) break;
    const dueTimes = live.flatMap((r) => [r.nextQualityCheckDue, r.validUntilAt].filter(Boolean).map((t) => Date.parse(t!)));
    const next = Math.min(...dueTimes.filter((t) => t > now), end);
    // A day past it, so that what falls due then has happened; a renewal invitation comes
    // three months before the end, which the round before the end reaches.
    const invitation = Math.min(
      ...live
        .filter((r) => !r.renewal)
        .map((r) => Date.parse(r.validUntilAt) - 80 * DAY)
        .filter((t) => t > now),
    );
    const slept = Date.now();
    await env.sleep(Math.min(next, Number.isFinite(invitation) ? invitation : next) - now + DAY);
    const sleptMs = Date.now() - slept;
    const acting = Date.now();

    const open = await qualityCheckModel(db).find({ status: 'open' }).lean();
    await drive(open.length, CONCURRENCY, async (i) => {
      const check = open[i]!;
      const ok = !red.has(check.recognitionId);
      const answers = check.questions.map((q, k) => ({ id: q.id, ok: ok || k > 0 }));
      await handle(check.recognitionId).executeUpdate(answerCheckUpdate, {
        args: [{ checkId: check._id, answers, by: 'bench-company' }],
      });
      if (!ok)
        await handle(check.recognitionId).executeUpdate(evaluateCheckUpdate, {
          args: [{ checkId: check._id, outcome: 'ok', by: 'bench-reviewer' }],
        });
      updates += ok ? 1 : 2;
    });
    // One renewal each: the second period ends in expiry.
    const invited = (await stored.find({ 'renewal.status': 'invited' }).select({ _id: 1 }).lean()).filter(
      (r) => !renewed.has(r._id),
    );
    for (const r of invited) renewed.add(r._id);
    await drive(invited.length, CONCURRENCY, async (i) => {
      await handle(invited[i]!._id).executeUpdate(renewUpdate, { args: [{ unchanged: true, by: 'bench-company' }] });
      updates += 1;
    });
    const requested = await stored.find({ 'renewal.status': 'requested' }).select({ _id: 1 }).lean();
    await drive(requested.length, CONCURRENCY, async (i) => {
      await handle(requested[i]!._id).executeUpdate(decideRenewalUpdate, {
        args: [{ outcome: 'approved', reasons: [], by: 'bench-reviewer' }],
      });
      updates += 1;
    });
    if (process.env.BENCH_DEBUG) {
      process.stderr.write(
        `round to ${new Date(await env.currentTimeMs()).toISOString().slice(0, 10)}: clock ${sleptMs} ms, ${open.length} checks and ${invited.length + requested.length} renewals ${Date.now() - acting} ms\n`,
      );
    }
  }
  return updates;
}

/** How long the histories grew: the first run and the last of each recognition. */
async function historySizes(env: Env, recognitions: Recognition[], firstRuns: Map<string, string>) {
  const sizes: number[] = [];
  let runs = 0;
  await drive(COUNT, CONCURRENCY, async (i) => {
    const id = recognitions[i]!.id;
    for (const runId of [firstRuns.get(id)!, undefined]) {
      const history = await env.client.workflow.getHandle(recognitionWorkflowId(id), runId).fetchHistory();
      sizes.push(history.events?.length ?? 0);
      runs += 1;
    }
  });
  return { sizes, runs };
}

runBenchmark(main);
