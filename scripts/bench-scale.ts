import { randomUUID } from 'node:crypto';
import { applicationExample } from '../api/examples';
import type { ApplicationDossier } from '../models/application-dossier';
import { addToDate, dayInBrussels } from '../models/dates';
import { addDuration } from '../models/duration';
import { withCheckDigits } from '../models/identifiers';
import type { QualityCheck } from '../models/quality-check';
import type { Recognition } from '../models/recognition';
import { INITIAL_RHYTHM } from '../models/recognition-rules';
import { SAMPLE_TRAININGS } from '../models/sample-catalogue';
import { signToken } from '../platform/auth';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { connectTemporal } from '../platform/temporal';
import { loadApplications } from '../store/applications';
import { loadQualityChecks } from '../store/quality-checks';
import { loadRecognitions } from '../store/recognitions';
import {
  type RecognitionWorkflow,
  RECOGNITION_WORKFLOW,
  recognitionWorkflowId,
} from '../workflows/recognition-lifecycle.messages';
import {
  BENCH_SECRET,
  type BenchReport,
  drive,
  ms,
  percentile,
  processRss,
  runBenchmark,
  startBenchStack,
} from './bench-support';

// `npm run bench:scale`: 50,000 live recognition workflows on the local stack, started directly
// with their dossiers (and an application dossier each, some open, and quality checks), then
// what it costs to hold them: the worker's and Temporal's memory, the reviewer's queue and
// quality-check list, a submission beside one on the empty store, and the API's start-up.
// Goals: worker RSS at most 1 GiB, list p99 under 100 ms, submission p50 at most 1.5× empty.

const COUNT = Number(process.env.BENCH_RECOGNITIONS ?? 50_000);
const OPEN_APPLICATIONS = Math.max(1, Math.round(COUNT / 50));
const SAMPLES = 200;

const partnershipOf = (code: string) => SAMPLE_TRAININGS.find((t) => t.code === code)!.partnershipId;

async function main(): Promise<BenchReport> {
  const stack = await startBenchStack('scale');
  try {
    const base = await stack.startApp();
    const db = await connectMongo(stack.mongoUri, WORKER_STORE_DEADLINES);
    const temporal = await connectTemporal(stack.temporalAddress, 'default');
    const company = await signToken(BENCH_SECRET, { sub: 'bench-company', role: 'company', enterpriseNumber: '0403170701' });
    const reviewer = await signToken(BENCH_SECRET, { sub: 'bench-reviewer', role: 'reviewer', partnershipId: 'bouw' });
    let workplace = 0;
    const submit = async () => {
      const body = applicationExample(new Date(), withCheckDigits(`2${String(++workplace).padStart(7, '0')}`));
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}/api/v1/applications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${company}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`submission answered ${response.status}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const get = async (path: string, token: string) => {
      const started = process.hrtime.bigint();
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const sequential = async (n: number, one: () => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) times.push(await one());
      return times;
    };

    process.stderr.write('Submissions on the empty store\n');
    await sequential(10, submit);
    const emptySubmissions = await sequential(50, submit);

    process.stderr.write(`Storing ${COUNT} recognitions with their dossiers\n`);
    const loadStarted = Date.now();
    const recognitions = await storeDossiers(db);
    const loadSeconds = (Date.now() - loadStarted) / 1000;

    process.stderr.write(`Starting ${COUNT} recognition workflows\n`);
    const workflowsStarted = Date.now();
    await startWorkflows(temporal, recognitions);
    const startSeconds = (Date.now() - workflowsStarted) / 1000;
    const settled = Date.now();
    await untilFirstTasksDone(temporal);
    const settleSeconds = (Date.now() - settled) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const rss = processRss();

    process.stderr.write('Measuring at size\n');
    const queue = await sequential(SAMPLES, () => get('/api/v1/applications?status=in_review', reviewer));
    const checkList = await sequential(SAMPLES, () => get('/api/v1/quality-checks?status=open', reviewer));
    const companyList = await sequential(SAMPLES, () => get('/api/v1/recognitions?enterpriseNumber=0000000097', company));
    await sequential(10, submit);
    const fullSubmissions = await sequential(50, submit);
    const restarted = await stack.startApi();
    await restarted.stop();

    const p = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}`;
    const submissionRatio = percentile(fullSubmissions, 50) / percentile(emptySubmissions, 50);
    const listP99 = Math.max(percentile(queue, 99), percentile(checkList, 99));
    await temporal.connection.close();
    await db.close();
    return {
      title: `Scale benchmark: ${COUNT} live recognitions (+ ${COUNT} applications, ${OPEN_APPLICATIONS} open; ${COUNT} quality checks, ${COUNT / 20} open)`,
      lines: [
        `stored in ${loadSeconds.toFixed(0)} s; workflows started in ${startSeconds.toFixed(0)} s, their first tasks done ${settleSeconds.toFixed(0)} s later`,
        `memory: worker ${(rss.worker ?? 0).toFixed(0)} MiB, Temporal dev server ${(rss.temporal ?? 0).toFixed(0)} MiB, API ${(rss.api ?? 0).toFixed(0)} MiB, store ${(rss.store ?? 0).toFixed(0)} MiB`,
        `reviewer queue (open applications of a partnership): ${p(queue)}`,
        `quality-check list (open checks of a partnership): ${p(checkList)}`,
        `a company's recognitions: ${p(companyList)}`,
        `submission p50: ${ms(percentile(emptySubmissions, 50))} empty, ${ms(percentile(fullSubmissions, 50))} at ${COUNT} (${submissionRatio.toFixed(2)}×)`,
        `API start-up until /readyz: ${(restarted.readyMs / 1000).toFixed(1)} s`,
      ],
      goal: 'worker RSS ≤ 1 GiB, list p99 < 100 ms, submission p50 ≤ 1.5× empty',
      met: (rss.worker ?? 0) <= 1024 && listP99 < 100 && submissionRatio <= 1.5,
      ratio: submissionRatio,
    };
  } finally {
    await stack.stop();
  }
}

type Temporal = Awaited<ReturnType<typeof connectTemporal>>;

/**
 * The dossiers: recognitions approved over the past years, each with its application, a
 * fiftieth of the applications still open, and a closed quality check for each recognition
 * with one in twenty open.
 */
async function storeDossiers(db: Awaited<ReturnType<typeof connectMongo>>): Promise<Recognition[]> {
  const now = new Date();
  const batch = 2000;
  const recognitions: Recognition[] = [];
  for (let offset = 0; offset < COUNT; offset += batch) {
    const made = Array.from({ length: Math.min(COUNT, offset + batch) - offset }, (_, k) => sampleDossier(offset + k, now));
    const recognitionsMade = made.map((m) => m.recognition);
    await loadRecognitions(db, recognitionsMade);
    await loadApplications(
      db,
      made.map((m) => m.dossier),
    );
    await loadQualityChecks(
      db,
      made.map((m) => m.check),
    );
    recognitions.push(...recognitionsMade);
  }
  return recognitions;
}

/** The i-th recognition with its application dossier and a quality check. */
function sampleDossier(i: number, now: Date) {
  const training = SAMPLE_TRAININGS[i % SAMPLE_TRAININGS.length]!;
  const validFrom = dayInBrussels(new Date(now.getTime() - (i % 1500) * 86_400_000));
  const establishmentNumber = withCheckDigits(`3${String(i).padStart(7, '0')}`);
  const application = { ...applicationExample(now, establishmentNumber), trainingCode: training.code };
  const enterpriseNumber = withCheckDigits(`0${String(i % 20_000).padStart(7, '0')}`);
  const r: Recognition = {
    id: randomUUID(),
    status: 'active',
    enterpriseNumber,
    establishmentNumber,
    trainingCode: training.code,
    partnershipId: training.partnershipId,
    companyName: `Onderneming ${String(i % 20_000).padStart(5, '0')}`,
    capacity: 1 + (i % 3),
    address: application.address,
    contact: application.contact,
    mentors: application.mentors,
    validFrom,
    validUntil: addToDate(validFrom, 'P5Y'),
    validUntilAt: `${addToDate(validFrom, 'P5Y')}T09:00:00.000Z`,
    conditions: [],
    history: [{ at: `${validFrom}T09:00:00.000Z`, status: 'active', by: 'bench' }],
    applicationId: randomUUID(),
    nextQualityCheckDue: addDuration(now, `P${1 + (i % 300)}D`).toISOString(),
  };
  const open = i < OPEN_APPLICATIONS;
  const dossier: ApplicationDossier & { _id: string } = {
    _id: open ? randomUUID() : r.applicationId,
    status: open ? 'in_review' : 'approved',
    enterpriseNumber,
    establishmentNumber: open ? withCheckDigits(`4${String(i).padStart(7, '0')}`) : establishmentNumber,
    trainingCode: training.code,
    partnershipId: partnershipOf(training.code),
    companyName: r.companyName,
    submittedAt: `${validFrom}T08:00:00.000Z`,
    decisionDue: `${addToDate(validFrom, 'P14D')}T08:00:00.000Z`,
    overdue: false,
    infoRequests: [],
    visits: [],
    application: { ...application, enterpriseNumber } as ApplicationDossier['application'],
    conditions: [],
    requestHash: 'bench',
    submittedBy: 'bench',
    timeline: [{ id: randomUUID(), at: `${validFrom}T08:00:00.000Z`, type: 'submitted', by: 'bench' }],
    updatedAt: `${validFrom}T08:00:00.000Z`,
    ...(open ? {} : { recognitionId: r.id }),
  };
  const checkOpen = i % 20 === 0;
  const check: Omit<QualityCheck, 'id'> & { _id: string; savedAt: string } = {
    _id: randomUUID(),
    recognitionId: r.id,
    enterpriseNumber,
    partnershipId: r.partnershipId,
    reason: 'periodic',
    status: checkOpen ? 'open' : 'closed',
    openedAt: `${validFrom}T10:00:00.000Z`,
    dueAt: `${addToDate(validFrom, 'P30D')}T10:00:00.000Z`,
    dueOn: addToDate(validFrom, 'P30D'),
    questions: [{ id: 'safety', question: 'Is de werkplek veilig?' }],
    ...(checkOpen ? {} : { outcome: 'ok' as const, closedAt: `${addToDate(validFrom, 'P10D')}T10:00:00.000Z` }),
    savedAt: now.toISOString(),
  };
  return { recognition: r, dossier, check };
}

async function startWorkflows(temporal: Temporal, recognitions: Recognition[]): Promise<void> {
  let started = 0;
  const progress = setInterval(() => process.stderr.write(`  ${started} / ${COUNT}\n`), 15_000);
  await drive(COUNT, 50, async (i) => {
    const r = recognitions[i]!;
    // As a run that continues: the next check already scheduled, nothing to publish again.
    await temporal.workflow.start<RecognitionWorkflow>(RECOGNITION_WORKFLOW, {
      taskQueue: 'erkend',
      workflowId: recognitionWorkflowId(r.id),
      args: [
        {
          recognition: r,
          carried: { checks: [], nextCheckAt: Date.parse(r.nextQualityCheckDue!), rhythm: INITIAL_RHYTHM, lastCheckOk: true },
        },
      ],
    });
    started += 1;
  });
  clearInterval(progress);
}

/** Until every workflow has run its first task (each reads its policy and sets its timer). */
async function untilFirstTasksDone(temporal: Temporal): Promise<void> {
  for (;;) {
    const { count } = await temporal.workflowService.countWorkflowExecutions({
      namespace: 'default',
      query: 'ExecutionStatus="Running"',
    });
    const pending = await temporal.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: 'erkend' },
      taskQueueType: 1 /* workflow */,
      reportStats: true,
    });
    const backlog = Number(pending.stats?.approximateBacklogCount ?? 0);
    if (Number(count) >= COUNT && backlog === 0) return;
    process.stderr.write(`  running ${count}, workflow tasks waiting ${backlog}\n`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

runBenchmark(main);
