import { randomInt, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { addToDate } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import type { Recognition } from '../models/recognition';
import { SAMPLE_TRAININGS } from '../models/sample-catalogue';
import { signToken } from '../platform/auth';
import { WORKER_STORE_DEADLINES, connectMongo } from '../platform/mongo';
import { snapshotModel } from '../store/read-model-snapshots';
import { recognitionModel, storedRecognition } from '../store/recognitions';
import { BENCH_SECRET, type BenchReport, processCpu, processRss, runBenchmark, startBenchStack } from './bench-support';

// `npm run bench:register`: the register's read path under load. 250,000 recognitions are
// loaded straight into a fresh store; then verify and search are driven with autocannon beside
// the same server's /healthz, in the same run, and compared with it; and with /api/v1/ping, a
// signed-in call through the same middleware that answers a constant (a fairer baseline:
// /healthz skips the rate limits, the token and the answer's serialiser).
// Goal: search at least 0.6 and verify at least 0.5 of /healthz, both with p99 under 20 ms;
// a restart ready within 15 s.

const COUNT = Number(process.env.BENCH_RECOGNITIONS ?? 250_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const POSTCODES = Array.from({ length: 120 }, (_, i) => String(1000 + i * 75));

function recognitionNumber(i: number): Recognition {
  const validFrom = addToDate('2024-01-01', `P${i % 700}D`);
  const validUntil = addToDate(validFrom, 'P5Y');
  const history: Recognition['history'] = [{ at: `${validFrom}T09:00:00.000Z`, status: 'active' }];
  if (i % 10 === 0)
    history.push({ at: addToDate(validFrom, 'P200D') + 'T09:00:00.000Z', status: 'suspended', reasons: ['bench'] });
  if (i % 20 === 0) history.push({ at: addToDate(validFrom, 'P230D') + 'T09:00:00.000Z', status: 'active' });
  const training = SAMPLE_TRAININGS[i % SAMPLE_TRAININGS.length]!;
  const postcode = POSTCODES[Math.floor(i / SAMPLE_TRAININGS.length) % POSTCODES.length]!;
  return {
    id: randomUUID(),
    status: history[history.length - 1]!.status,
    enterpriseNumber: withCheckDigits(`0${String(i % 9_000_000).padStart(7, '0')}`),
    establishmentNumber: withCheckDigits(`2${String(i).padStart(7, '0')}`),
    trainingCode: training.code,
    partnershipId: training.partnershipId,
    companyName: `Onderneming ${String(i).padStart(6, '0')}`,
    capacity: i % 7 === 0 ? 0 : 1 + (i % 3),
    address: { street: `Straat ${i}`, postcode, municipality: `Gemeente ${postcode}` },
    contact: { name: 'Contact', email: `contact${i}@bench.example` },
    mentors: [
      {
        firstName: 'Mentor',
        lastName: String(i),
        birthDate: '1980-01-01',
        yearsOfExperience: 10,
        criminalRecordExtractDate: validFrom,
      },
    ],
    validFrom,
    validUntil,
    validUntilAt: `${validUntil}T09:00:00.000Z`,
    conditions: [],
    history,
    applicationId: randomUUID(),
  };
}

async function load(uri: string) {
  const db = await connectMongo(uri, WORKER_STORE_DEADLINES);
  const recognitions = recognitionModel(db);
  await recognitions.init();
  const started = Date.now();
  const batch = 2000;
  for (let offset = 0; offset < COUNT; offset += batch) {
    const docs = Array.from({ length: Math.min(batch, COUNT - offset) }, (_, k) =>
      storedRecognition(recognitionNumber(offset + k)),
    );
    await recognitions.collection.insertMany(docs as never[], { ordered: false });
    if ((offset / batch) % 25 === 0) process.stderr.write(`  loaded ${offset + docs.length} / ${COUNT}\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  await db.close();
  return seconds;
}

interface Measured {
  name: string;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  /** The API process's CPU per request, in µs: what the machine's other load does not change much. */
  apiCpuUs: number;
}

async function measure(name: string, url: string, token: string, path: () => string): Promise<Measured> {
  const cpuBefore = processCpu().api ?? 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, path: path() }) }],
  });
  return {
    name,
    throughput: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    apiCpuUs: (((processCpu().api ?? 0) - cpuBefore) * 1e6) / Math.max(1, result.requests.total),
  };
}

async function main(): Promise<BenchReport> {
  const stack = await startBenchStack('register');
  try {
    process.stderr.write(`Loading ${COUNT} recognitions directly into the store\n`);
    const loadSeconds = await load(stack.mongoUri);

    // The first start reads every recognition; it then writes the snapshot that later starts use.
    const first = await stack.startApi();
    process.stderr.write(
      `API ready after reading every recognition in ${(first.readyMs / 1000).toFixed(0)} s; waiting for its snapshot\n`,
    );
    const db = await connectMongo(stack.mongoUri, WORKER_STORE_DEADLINES);
    while (!(await snapshotModel(db).exists({ _id: 'manifest' }))) await new Promise((resolve) => setTimeout(resolve, 1000));
    await db.close();
    await first.stop();
    // A restart, as after a deploy: from the snapshot and the feed since.
    const api = await stack.startApi();
    const base = api.base;
    const rss = processRss().api ?? 0;
    const token = await signToken(BENCH_SECRET, { sub: 'bench', role: 'school', schoolId: 'bench' });

    const verifyPath = () => {
      const r = recognitionNumber(randomInt(0, COUNT));
      const date = addToDate(r.validFrom, `P${randomInt(0, 400)}D`);
      return `/api/v1/register/verify?enterpriseNumber=${r.enterpriseNumber}&establishmentNumber=${r.establishmentNumber}&trainingCode=${r.trainingCode}&date=${date}`;
    };
    const searchPath = () =>
      `/api/v1/register/search?trainingCode=${SAMPLE_TRAININGS[randomInt(0, SAMPLE_TRAININGS.length)]!.code}&postcode=${POSTCODES[randomInt(0, POSTCODES.length)]}&hasCapacity=true`;

    // A warm-up, so that no target pays for the first queries.
    await measure('warm-up', base, token, verifyPath);
    await measure('warm-up', base, token, searchPath);
    const results: Measured[] = [];
    results.push(await measure('/healthz (baseline)', base, token, () => '/healthz'));
    results.push(await measure('/api/v1/ping', base, token, () => '/api/v1/ping'));
    results.push(await measure('register verify', base, token, verifyPath));
    results.push(await measure('register search', base, token, searchPath));
    await api.stop();

    const [health, ping, verify, search] = results as [Measured, Measured, Measured, Measured];
    const baseline = health.throughput;
    const rows = results.map((r) => [
      r.name.padEnd(22),
      `${r.throughput.toFixed(0).padStart(8)} req/s`,
      `p50 ${String(r.p50).padStart(4)} ms`,
      `p99 ${String(r.p99).padStart(4)} ms`,
      `ratio ${(r.throughput / baseline).toFixed(2)} (of ping ${(r.throughput / ping.throughput).toFixed(2)})`,
      `API CPU ${r.apiCpuUs.toFixed(0).padStart(4)} µs/request`,
      `errors ${r.errors}`,
    ]);
    const readySeconds = api.readyMs / 1000;
    const goals: Array<[string, boolean]> = [
      [`search ≥ 0.6 × /healthz`, search.throughput / baseline >= 0.6],
      [`search p99 < 20 ms`, search.p99 < 20],
      [`verify ≥ 0.5 × /healthz`, verify.throughput / baseline >= 0.5],
      [`verify p99 < 20 ms`, verify.p99 < 20],
      [`ready within 15 s on a restart`, readySeconds <= 15],
    ];
    return {
      title: `Register benchmark: ${COUNT} recognitions (stored in ${loadSeconds.toFixed(0)} s), ${CONNECTIONS} connections, ${SECONDS} s per target`,
      lines: [
        `API start: ${(first.readyMs / 1000).toFixed(1)} s reading every recognition (first start); ${readySeconds.toFixed(1)} s from the snapshot and the feed (a restart); RSS with the register loaded ${rss.toFixed(0)} MiB`,
        ...rows.map((row) => row.join('   ')),
        ...goals.map(([goal, met]) => `${goal}: ${met ? 'met' : 'NOT met'}`),
      ],
      goal: `${goals.map(([goal]) => goal).join(', ')}, at ${COUNT} recognitions`,
      met: goals.every(([, met]) => met),
      ratio: search.throughput / baseline,
    };
  } finally {
    await stack.stop();
  }
}

runBenchmark(main);
