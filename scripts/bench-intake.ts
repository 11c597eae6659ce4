import { randomUUID } from 'node:crypto';
import { applicationExample } from '../api/examples';
import { withCheckDigits } from '../models/identifiers';
import { signToken } from '../platform/auth';
import { connectTemporal } from '../platform/temporal';
import {
  BENCH_SECRET,
  type BenchReport,
  cpuPer,
  cpuTotal,
  drive,
  ms,
  percentile,
  processCpu,
  runBenchmark,
  startBenchStack,
} from './bench-support';

// `npm run bench:intake`: valid applications (each for a workplace of its own) posted as fast as
// the API takes them, at 10 and 50 concurrent clients, beside raw `client.workflow.start`s of an
// empty workflow on the same Temporal in the same run.
// Goal: accepted applications per second at least 0.5 of the raw start rate at every level,
// p99 of the 202 under 500 ms at 10 clients; the CPU an application costs in all processes is
// printed against a raw start's (the issue's aim: at most 3×).

const COUNT = Number(process.env.BENCH_APPLICATIONS ?? 1000);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '10,50').split(',').map(Number);

async function main(): Promise<BenchReport> {
  const stack = await startBenchStack('intake');
  try {
    const base = await stack.startApp();
    const temporal = await connectTemporal(stack.temporalAddress, 'default');
    const token = await signToken(BENCH_SECRET, { sub: 'bench-company', role: 'company', enterpriseNumber: '0403170701' });
    let workplace = 0;
    const apply = async () => {
      const body = applicationExample(new Date(), withCheckDigits(`2${String(++workplace).padStart(7, '0')}`));
      const response = await fetch(`${base}/api/v1/applications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response.status;
    };
    // Nothing polls this queue: the start alone is measured, as Temporal takes it.
    const rawStart = async () => {
      await temporal.workflow.start('benchEmptyWorkflow', { taskQueue: 'bench-raw', workflowId: `raw-${randomUUID()}` });
      return 202;
    };

    process.stderr.write('Warming up\n');
    await drive(50, 10, apply);
    await drive(50, 10, rawStart);

    const rows: string[] = [];
    let worst = Infinity;
    let p99AtTen = NaN;
    for (const concurrency of CONCURRENCY) {
      const beforeRaw = processCpu();
      const raw = await drive(COUNT, concurrency, rawStart);
      const beforeIntake = processCpu();
      const intake = await drive(COUNT, concurrency, apply);
      const afterIntake = processCpu();
      const accepted = intake.results.filter((r) => r.outcome === 202);
      const latencies = accepted.map((r) => r.ms);
      const acceptedPerSecond = accepted.length / intake.seconds;
      const ratio = acceptedPerSecond / raw.perSecond;
      worst = Math.min(worst, ratio);
      if (concurrency === 10) p99AtTen = percentile(latencies, 99);
      const others = intake.results.filter((r) => r.outcome !== 202).map((r) => r.outcome);
      rows.push(
        `${String(concurrency).padStart(3)} clients   raw start ${raw.perSecond.toFixed(0).padStart(5)}/s (p50 ${ms(
          percentile(
            raw.results.map((r) => r.ms),
            50,
          ),
        )})` +
          `   intake ${acceptedPerSecond.toFixed(0).padStart(5)}/s accepted, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}` +
          `${others.length ? `, not accepted: ${others.length} (${[...new Set(others)].join(', ')})` : ''}   ratio ${ratio.toFixed(2)}`,
        `      CPU ms per raw start: ${cpuPer(beforeRaw, beforeIntake, COUNT)}`,
        `      CPU ms per application: ${cpuPer(beforeIntake, afterIntake, accepted.length)}`,
        `      CPU per application in all: ${cpuTotal(beforeIntake, afterIntake, accepted.length).toFixed(1)} ms, ${(
          cpuTotal(beforeIntake, afterIntake, accepted.length) / cpuTotal(beforeRaw, beforeIntake, COUNT)
        ).toFixed(1)}× a raw start's`,
      );
    }
    await temporal.connection.close();
    return {
      title: `Intake benchmark: ${COUNT} applications per level`,
      lines: rows,
      goal: 'intake ≥ 0.5 × raw starts, p99 < 500 ms at 10 clients',
      met: worst >= 0.5 && !(p99AtTen >= 500),
      ratio: worst,
    };
  } finally {
    await stack.stop();
  }
}

runBenchmark(main);
