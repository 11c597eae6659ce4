import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { connectTemporal } from '../platform/temporal';
import { applicationWorkflowId } from '../workflows/application-review.messages';
import { type Accepted, Workload, countsOf, isRecognized, send, verifyPath } from './bench-cluster-load';
import {
  type BenchProcess,
  type BenchReport,
  type BenchStack,
  cpuPer,
  drive,
  ms,
  percentile,
  processCpu,
  runBenchmark,
  startBenchStack,
} from './bench-support';

// `npm run bench:cluster`: two API processes and two workers on one store and one Temporal, as
// production runs them behind a load balancer. Intake (each application for a workplace of its
// own) and the reviewer's actions go through both APIs in turn at a fixed concurrency, a school
// verifies and searches through both, and halfway through the last phase one API and one
// worker are killed with SIGKILL and started again; the callers go on at the other API, as a
// load balancer would send them. Then every accepted application is looked for.
// Goals: no accepted submission lost, the other API shows a write within 1 s (p99), and two
// of each accept at least 1.3 × the applications a second of one of each, in the same run.

const COUNT = Number(process.env.BENCH_CLUSTER_APPLICATIONS ?? 300);
const CRASH_SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CLUSTER_CONCURRENCY ?? 10);
const SCHOOL_PER_SECOND = 20;
/** Every 5th application through API A is timed until API B lists it, polled every 5 ms. */
const SAMPLE_EVERY = 5;
const POLL_MS = 5;
/** How long the checks after the run wait for what is still on its way before counting it lost. */
const SETTLE_MS = 60_000;

/** `COUNT` callers' turns through `bases`, a school beside them; applications accepted a second and CPU per application. */
async function steady(load: Workload, bases: string[]) {
  const acceptedBefore = load.accepted.length;
  const before = processCpu();
  const run = await load.withSchool(bases, SCHOOL_PER_SECOND, () => drive(COUNT, CONCURRENCY, (i) => load.turn(bases, i)));
  const after = processCpu();
  const accepted = load.accepted.length - acceptedBefore;
  const turns = run.results.map((r) => r.ms);
  return {
    perSecond: accepted / run.seconds,
    line: `${accepted} applications accepted, ${(accepted / run.seconds).toFixed(1)}/s; a caller's turn p50 ${ms(percentile(turns, 50))}, p99 ${ms(percentile(turns, 99))}`,
    cpu: `CPU ms per application: ${cpuPer(before, after, accepted)}`,
  };
}

/** Callers for `CRASH_SECONDS` through both APIs; halfway, API B and worker 2 are killed and started again. */
async function crash(load: Workload, apis: BenchProcess[], workers: BenchProcess[], bases: string[]) {
  const ends = Date.now() + CRASH_SECONDS * 1000;
  const acceptedBefore = load.accepted.length;
  const retriedBefore = load.retried;
  let next = 0;
  const callers = Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < ends) await load.turn(bases, next++);
    }),
  );
  const [api, worker] = await load.withSchool(bases, SCHOOL_PER_SECOND, async () => {
    await sleep((CRASH_SECONDS * 1000) / 2);
    load.sampling = false;
    process.stderr.write('Killing API B and worker 2 (SIGKILL)\n');
    await Promise.all([apis[1]!.kill('SIGKILL'), workers[1]!.kill('SIGKILL')]);
    const killedAt = performance.now();
    const restarted = await Promise.all([apis[1]!, workers[1]!].map((p) => restartUntilUp(p, killedAt)));
    load.sampling = true;
    await callers;
    return restarted;
  });
  return [
    `${load.accepted.length - acceptedBefore} applications accepted in ${CRASH_SECONDS} s; API B and worker 2 killed with SIGKILL at ${CRASH_SECONDS / 2} s: API B ready again after ${api!.seconds.toFixed(1)} s, worker 2 polling again after ${worker!.seconds.toFixed(1)} s`,
    ...[api!, worker!].flatMap((p, i) =>
      p.failed.map((why) => `${i ? 'worker 2' : 'API B'} ended before it was ready, started again: ${why}`),
    ),
    `${load.retried - retriedBefore} requests passed on to the other API after a refused connection or a 5xx`,
  ];
}

/** Starts a killed process again, and again when it ends before it is ready, as an orchestrator would (five times at most). */
async function restartUntilUp(p: BenchProcess, killedAt: number) {
  const failed: string[] = [];
  for (;;) {
    try {
      await p.restart();
      return { seconds: (performance.now() - killedAt) / 1000, failed };
    } catch (error) {
      failed.push(fatalLine((error as Error).message));
      if (failed.length >= 5) throw error;
    }
  }
}

/** The process's own last word on why it ended (its fatal log line), else the error's first line. */
function fatalLine(message: string) {
  const fatal = message.split('\n').findLast((line) => line.includes('"level":60'));
  if (!fatal) return message.split('\n')[0]!;
  const { msg, err } = JSON.parse(fatal) as { msg: string; err?: { message?: string } };
  return err?.message ? `${msg}: ${err.message}` : msg;
}

/** What was accepted and is not all there: dossier, listed by every API, workflow running or done, each action's effect. */
async function missing(load: Workload, bases: string[], temporal: Client) {
  const found = { dossier: 0, listed: 0, workflow: 0, infoRequest: 0, approval: 0 };
  const status = new Map<string, string>();
  const listed = await Promise.all(bases.map((base) => listedBy(load, base)));
  await drive(load.accepted.length, 10, async (i) => {
    const a = load.accepted[i]!;
    const token = await load.companyToken(a.enterpriseNumber);
    const dossier = await send(bases, i, `/api/v1/applications/${a.id}`, { headers: { authorization: `Bearer ${token}` } });
    if (dossier.status === 200) status.set(a.id, (dossier.body as { status: string }).status);
    else found.dossier++;
    if (listed.some((ids) => !ids.has(a.id))) found.listed++;
    const run = await temporal.workflow
      .getHandle(applicationWorkflowId(a.id))
      .describe()
      .then((d) => d.status.name)
      .catch(() => 'NOT_FOUND');
    if (!['RUNNING', 'COMPLETED'].includes(run)) found.workflow++;
  });
  await drive(load.actions.length, 10, async (i) => {
    const { application, kind } = load.actions[i]!;
    const shown =
      kind === 'info-requests'
        ? status.get(application.id) === 'info_requested'
        : status.get(application.id) === 'approved' && (await recognizedByAll(load, bases, application));
    if (!shown) found[kind === 'info-requests' ? 'infoRequest' : 'approval']++;
  });
  return found;
}

/** The ids an API lists for every company that applied. */
async function listedBy(load: Workload, base: string) {
  const ids = new Set<string>();
  for (const enterprise of new Set(load.accepted.map((a) => a.enterpriseNumber))) {
    const token = await load.companyToken(enterprise);
    const answer = await send([base], 0, '/api/v1/applications?limit=1000', { headers: { authorization: `Bearer ${token}` } });
    for (const { id } of answer.status === 200 ? (answer.body as Array<{ id: string }>) : []) ids.add(id);
  }
  return ids;
}

async function recognizedByAll(load: Workload, bases: string[], a: Accepted) {
  const token = await load.schoolToken;
  const answers = await Promise.all(
    bases.map((base) => send([base], 0, verifyPath(a), { headers: { authorization: `Bearer ${token}` } })),
  );
  return answers.every((answer) => answer.status === 200 && isRecognized(answer.body));
}

/** Looks again until nothing is missing or `SETTLE_MS` passed: what is only late is not lost. */
async function lost(load: Workload, bases: string[], stack: BenchStack) {
  const temporal = await connectTemporal(stack.temporalAddress, 'default');
  const started = performance.now();
  try {
    for (let firstLook: number | undefined; ;) {
      const found = await missing(load, bases, temporal);
      const total = Object.values(found).reduce((sum, n) => sum + n, 0);
      firstLook ??= total;
      const seconds = (performance.now() - started) / 1000;
      if (total === 0 || seconds * 1000 > SETTLE_MS) return { found, total, seconds, firstLook };
      await sleep(2000);
    }
  } finally {
    await temporal.connection.close();
  }
}

const spread = (values: number[]) =>
  values.length
    ? `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))} (${values.length} samples)`
    : 'no samples';

async function main(): Promise<BenchReport> {
  const stack = await startBenchStack('cluster');
  try {
    const workers = [await stack.startWorker()];
    const apis = [await stack.startApi()];
    const load = new Workload(SAMPLE_EVERY, POLL_MS);
    process.stderr.write('Warming up\n');
    await drive(30, CONCURRENCY, (i) => load.turn([apis[0]!.base], i));
    process.stderr.write(`One API and one worker: ${COUNT} turns\n`);
    const one = await steady(load, [apis[0]!.base]);
    process.stderr.write(`  ${one.line}\n`);
    workers.push(await stack.startWorker());
    apis.push(await stack.startApi());
    const bases = apis.map((api) => api.base);
    process.stderr.write(`Two of each: ${COUNT} turns\n`);
    load.sampling = true;
    const two = await steady(load, bases);
    process.stderr.write(`  ${two.line}\n`);
    const steadyStaleness = await load.takeStaleness();
    process.stderr.write(`Two of each, one of each killed halfway: ${CRASH_SECONDS} s\n`);
    const crashed = await crash(load, apis, workers, bases);
    load.sampling = false;
    const crashStaleness = await load.takeStaleness();
    process.stderr.write(`Looking for ${load.accepted.length} accepted applications and ${load.actions.length} actions\n`);
    const check = await lost(load, bases, stack);
    const ratio = two.perSecond / one.perSecond;
    const all = [...steadyStaleness.list, ...steadyStaleness.register, ...crashStaleness.list, ...crashStaleness.register];
    const p99 = percentile(all, 99);
    const { found } = check;
    return {
      title: `Cluster benchmark: ${COUNT} callers' turns per level at ${CONCURRENCY} callers, then ${CRASH_SECONDS} s with a crash`,
      lines: [
        `one API + one worker: ${one.line}`,
        `    ${one.cpu}`,
        `two APIs + two workers: ${two.line}; ${ratio.toFixed(2)} × one of each`,
        `    ${two.cpu}`,
        `staleness, API B showing a write through API A (polled every ${POLL_MS} ms):`,
        `    two of each: list after intake ${spread(steadyStaleness.list)}; register after approval ${spread(steadyStaleness.register)}`,
        `    around the crash (while both ran): list ${spread(crashStaleness.list)}; register ${spread(crashStaleness.register)}`,
        ...crashed,
        `lost: ${check.total} (of ${load.accepted.length} accepted applications: dossier missing ${found.dossier}, not listed by both APIs ${found.listed}, workflow neither running nor done ${found.workflow}; of ${load.actions.length} actions answered: an information request not shown ${found.infoRequest}, an approval not shown by both registers ${found.approval}); looked for ${check.seconds.toFixed(1)} s (the first look, right after the run, missed ${check.firstLook})`,
        `not accepted: ${countsOf(load.refused)}; the school's answers: ${countsOf(load.schoolAnswers)}`,
      ],
      goal: '0 lost, staleness p99 < 1 s, throughput with two of each ≥ 1.3 × one of each',
      met: check.total === 0 && p99 < 1000 && ratio >= 1.3,
      ratio,
    };
  } finally {
    await stack.stop();
  }
}

runBenchmark(main);
