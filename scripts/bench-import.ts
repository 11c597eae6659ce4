import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withCheckDigits } from '../models/identifiers';
import { signToken } from '../platform/auth';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { BENCH_SECRET, type BenchReport, ms, percentile, processRss, runBenchmark, startBenchStack } from './bench-support';
import { writeKboSample } from './kbo-sample';
import { writeRecognitionsCsv } from './recognitions-sample';

// `npm run bench:import`: what starting from today's data costs. A generated KBO extract (a
// stated fraction of the full 1.9 million enterprises, its rate extrapolated) and a file of
// 20,000 recognitions are imported with the command-line tools into a fresh stack whose API
// and worker run, while a school keeps verifying workplaces; printed: rows per second, the
// peak memory of the importing processes, and verify's p99 during each import against before
// it, in the same run. Then each recognition is checked (register, next quality check) and the
// file imported again: all skipped.

const FULL_ENTERPRISES = 1_900_000;
const ENTERPRISES = Number(process.env.BENCH_KBO_ENTERPRISES ?? 50_000);
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
/** Verify calls a second while the imports run: a school's system, not a load test. */
const VERIFY_PER_SECOND = 20;
const FIRST_BASE = 4_000_000;

interface Run {
  seconds: number;
  peakRssMiB: number;
  output: string;
}

/** Runs a command-line tool as its own process, sampling its memory until it ends. */
function runTool(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, entry), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let peak = 0;
    const sample = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {
        // Ended between two samples: the last one stands.
      }
    }, 200);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`${entry} exited with ${code}:\n${output.slice(-3000)}`));
      else resolve({ seconds: (Date.now() - started) / 1000, peakRssMiB: peak, output });
    });
  });
}

/** Verifies workplaces at a steady pace until `stop` settles; answers each call's milliseconds. */
async function verifyWhile(base: string, token: string, targets: string[], stop: Promise<unknown>) {
  let running = true;
  void stop.finally(() => (running = false));
  const timings: number[] = [];
  for (let i = 0; running; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/register/verify?${targets[i % targets.length]}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`verify answered ${response.status}`);
    const took = performance.now() - started;
    timings.push(took);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / VERIFY_PER_SECOND - took)));
  }
  return timings;
}

const rowsOf = (output: string) => [...output.matchAll(/: (\d+) read,/g)].reduce((sum, [, read]) => sum + Number(read), 0);

runBenchmark(async (): Promise<BenchReport> => {
  const stack = await startBenchStack('import');
  try {
    const base = await stack.startApp();
    const data = path.join(stack.scratch, 'data');
    const kboDir = path.join(data, 'kbo');
    const csvFile = path.join(data, 'erkenningen.csv');
    process.stderr.write(`Generating a KBO extract of ${ENTERPRISES} enterprises and ${ROWS} recognitions\n`);
    await writeKboSample({ dir: kboDir, enterprises: ENTERPRISES, firstBase: FIRST_BASE, seed: 14 });
    const enterprises = Array.from({ length: Math.min(ENTERPRISES, ROWS) }, (_, i) =>
      withCheckDigits(String(FIRST_BASE + i).padStart(8, '0')),
    );
    await writeRecognitionsCsv({ file: csvFile, rows: ROWS, enterprises, seed: 14 });
    const targets = fs
      .readFileSync(csvFile, 'utf8')
      .split('\r\n')
      .slice(1, 2001)
      .filter(Boolean)
      .map((line) => {
        const [enterpriseNumber, establishmentNumber, trainingCode] = line.split(',');
        return `enterpriseNumber=${enterpriseNumber!.replace(/\D/g, '')}&establishmentNumber=${establishmentNumber}&trainingCode=${trainingCode}`;
      });
    const token = await signToken(BENCH_SECRET, { sub: 'bench-school', role: 'school', schoolId: 'bench' }, '2h');
    const env = { MONGODB_URI: stack.mongoUri, TEMPORAL_ADDRESS: stack.temporalAddress, LOG_LEVEL: 'warn' };

    const before = await verifyWhile(base, token, targets, new Promise((resolve) => setTimeout(resolve, 10_000)));

    process.stderr.write('Importing the KBO extract (npm run kbo:import)\n');
    const kbo = runTool('kbo-import.ts', [kboDir], env);
    const duringKbo = await verifyWhile(
      base,
      token,
      targets,
      kbo.catch(() => undefined),
    );
    const kboRun = await kbo;
    const kboRows = rowsOf(kboRun.output);

    process.stderr.write(`Importing ${ROWS} recognitions (npm run import)\n`);
    const workerPeakBefore = processRss().worker ?? 0;
    const recognitions = runTool('import.ts', [csvFile], env);
    let workerPeak = workerPeakBefore;
    const watchWorker = setInterval(() => (workerPeak = Math.max(workerPeak, processRss().worker ?? 0)), 500);
    const duringImport = await verifyWhile(
      base,
      token,
      targets,
      recognitions.catch(() => undefined),
    );
    const importRun = await recognitions.finally(() => clearInterval(watchWorker));
    const summary = /done in [\d.]+ s: (\d+) rows, (\d+) imported, (\d+) skipped \(already there\), (\d+) failed/.exec(
      importRun.output,
    );
    if (!summary) throw new Error(`npm run import did not finish:\n${importRun.output.slice(-2000)}`);

    // Every recognition in the store with its next quality check, and each sampled one verifiable.
    const db = await connectMongo(stack.mongoUri, WORKER_STORE_DEADLINES);
    const stored = await db.collection('recognitions').countDocuments({ status: 'active' });
    const planned = await db
      .collection('recognitions')
      .countDocuments({ nextQualityCheckDue: { $gt: new Date().toISOString() } });
    await db.close();
    let verified = 0;
    for (const target of targets.slice(0, 500)) {
      const answer = (await (
        await fetch(`${base}/api/v1/register/verify?${target}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { status: string };
      if (answer.status === 'active') verified += 1;
    }

    process.stderr.write('Importing the same file again\n');
    const again = await runTool('import.ts', [csvFile], env);
    const skipped = /(\d+) imported, (\d+) skipped/.exec(again.output);

    const p99 = (timings: number[]) => percentile(timings, 99);
    const worst = Math.max(p99(duringKbo), p99(duringImport));
    const ratio = worst / p99(before);
    const kboRate = kboRows / kboRun.seconds;
    const fullRows = kboRows * (FULL_ENTERPRISES / ENTERPRISES);
    return {
      title: `Import of today's data: a KBO extract of ${ENTERPRISES} enterprises (${((ENTERPRISES / FULL_ENTERPRISES) * 100).toFixed(0)} % of the full one) and ${ROWS} recognitions`,
      lines: [
        `KBO: ${kboRows} rows in ${kboRun.seconds.toFixed(1)} s = ${Math.round(kboRate)} rows/s; the full extract (about ${Math.round(fullRows / 1e6)} million rows) at that rate: ${(fullRows / kboRate / 60).toFixed(0)} min; peak RSS of kbo:import ${kboRun.peakRssMiB.toFixed(0)} MiB`,
        `recognitions: ${summary[1]} rows in ${importRun.seconds.toFixed(1)} s = ${(Number(summary[1]) / importRun.seconds).toFixed(1)} rows/s (${summary[2]} imported, ${summary[3]} skipped, ${summary[4]} failed); peak RSS of npm run import ${importRun.peakRssMiB.toFixed(0)} MiB, of the worker doing the rows ${workerPeak.toFixed(0)} MiB`,
        `afterwards: ${stored} active recognitions stored, ${planned} with their next quality check planned; ${verified} of 500 sampled rows verify as active`,
        `the same file again: ${skipped ? `${skipped[1]} imported, ${skipped[2]} skipped` : 'no summary'} in ${again.seconds.toFixed(1)} s`,
        `verify p99 before ${ms(p99(before))} (${before.length} calls), during the KBO import ${ms(p99(duringKbo))} (${duringKbo.length}), during the recognitions import ${ms(p99(duringImport))} (${duringImport.length})`,
      ],
      goal: 'verify p99 during the imports at most 5× its p99 before, and every row imported once',
      met: ratio <= 5 && Number(summary[2]) === ROWS && stored === ROWS && Number(skipped?.[2]) === ROWS,
      ratio,
    };
  } finally {
    await stack.stop();
  }
});
