import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Role, signToken } from '../platform/auth';
import { SAMPLE_PRINCIPALS, dataDirOf, developmentSecret } from './dev-auth';
import { ensureSchemathesis } from './schemathesis.cjs';

// `npm run fuzz`: schemathesis against a running API (`npm start`), once per role with that
// role's token, every check on; prints requests, 5xx and violations per role and fails on any.
// Options: --url (default http://localhost:$PORT or 3000), --max-examples (or FUZZ_MAX_EXAMPLES),
// --seed, --role (repeatable). It writes: run it against throw-away data.

export interface FuzzOptions {
  baseUrl: string;
  /** A bearer token per role; each role is fuzzed on the operations it may call and the public ones. */
  tokens: Partial<Record<Role, string>>;
  maxExamples: number;
  /** Fixed for a reproducible run (the suite); random otherwise. */
  seed?: number;
  /** Reports go here, one folder per role. */
  reportDir: string;
  /** schemathesis' own output, line by line. */
  output?: (line: string) => void;
  /** Operations whose coverage phase is left out (examples and fuzzing still run for them). */
  withoutCoverage?: string[];
  /**
   * Stops schemathesis when aborted: a test torn down (its timeout run out) must not leave it
   * sending to a server that is gone, which it reports as "server stopped responding".
   */
  signal?: AbortSignal;
}

export interface RoleFigures {
  role: Role;
  operations: number;
  requests: number;
  serverErrors: number;
  violations: number;
  /** One line per failure or error: what failed and where (the report has the requests). */
  findings: string[];
  report: string;
}

const HOOKS = path.join(__dirname, 'fuzz-hooks.py');

/**
 * Operations that refuse some schema-valid requests with 400 by a rule no JSON Schema states,
 * so `positive_data_acceptance` cannot hold for them; every other check stays on for them, and
 * every check, `ignored_auth` and `unsupported_method` included, for all other operations.
 */
const RULES_BEYOND_THE_SCHEMA: Record<string, string> = {
  'POST /api/v1/applications':
    'the training must be in the catalogue and its joint committee routed; mentors eligible on today’s date',
  'POST /api/v1/applications/{id}/supplements':
    'the merged application must stay eligible on today’s date; a documentId names a document uploaded to this application',
  'POST /api/v1/applications/{id}/visit': 'a visit cannot be dated after today',
  'PUT /api/v1/recognitions/{id}/mentors': 'mentors must be eligible on today’s date',
  'POST /api/v1/recognitions/{id}/changes':
    'mentors eligible on today’s date; no fewer places than placements take; one change waits for review at a time',
  'POST /api/v1/recognitions/{id}/changes/{changeId}/decision': 'the change must be the one waiting for review',
  'PUT /api/v1/trainings/{code}': 'the partnership must exist',
  'POST /api/v1/quality-checks/{id}/answers': 'each question of that check answered once',
  'POST /api/v1/quality-checks/{id}/evaluation': 'actions only with improvement-needed, each due today or later',
  'POST /api/v1/improvement-plans/{id}/actions/{n}/response':
    'each document one the company uploaded to an application of its own',
  'POST /api/v1/subscriptions': 'the webhook URL must resolve to a public address',
  // Each duration field has bounds of nominal length (PT1S to P1Y, P10Y, ...): prose, not a pattern.
  'PUT /api/v1/partnerships/{id}/policy': 'each duration within its bounds',
  'POST /api/v1/diagnostics/roundtrips': 'the delay within its bounds',
  'POST /api/v1/mandates': 'a mandate runs until today or later',
  'POST /api/v1/placements': 'the recognition must exist; a learner reference is never a national number',
  'POST /api/v1/placements/{id}/end': 'a placement cannot end before it started',
  'POST /api/v1/placements/{id}/termination': 'a placement cannot end before it started',
  'POST /api/v1/placements/{id}/acceptance': 'the mentor is one of the recognition’s',
  'POST /api/v1/placements/{id}/evaluations': 'each activity is one of the placement’s plan, named once',
  'POST /api/v1/searching-learners':
    'the training must be in the catalogue; searching since today or before; never a national number',
  'GET /api/v1/placements': 'anyone but a school names the recognition',
  'POST /api/v1/applications/{id}/documents': 'the file is a PDF, PNG or JPEG by its content',
  'POST /api/v1/imports': 'the CSV names the contract’s columns in its header row',
  'GET /api/v1/monitoring': 'a year from the first that has data to this one',
  'GET /api/v1/personal-data': 'a mentor is named by first name, last name and birth date together',
  'POST /api/v1/personal-data/erasure': 'a mentor is named by first name, last name and birth date together',
};

/**
 * schemathesis' configuration for one role's run: every check is on unless the file turns it off
 * (`--checks all` on the command line would overrule the operations below), the response time
 * with a limit. The coverage phase (boundary and invalid values of every field: thousands of
 * requests, the same for any role that may call the operation) runs for an operation in the
 * first role's run only; the examples and fuzzing phases run in every role's.
 */
function configFile(dir: string, role: Role, coveredElsewhere: Set<string>): string {
  const file = path.join(dir, `schemathesis-${role}.toml`);
  const names = new Set([...Object.keys(RULES_BEYOND_THE_SCHEMA), ...coveredElsewhere]);
  const operations = [...names].map((name) =>
    [
      ...(RULES_BEYOND_THE_SCHEMA[name] ? [`# ${RULES_BEYOND_THE_SCHEMA[name]}`] : []),
      '[[operations]]',
      `include-name = ${JSON.stringify(name)}`,
      ...(RULES_BEYOND_THE_SCHEMA[name] ? ['checks.positive_data_acceptance.enabled = false'] : []),
      ...(coveredElsewhere.has(name) ? ['phases.coverage.enabled = false'] : []),
    ].join('\n'),
  );
  fs.writeFileSync(file, `[checks]\nmax_response_time = 10\n\n${operations.join('\n\n')}\n`);
  return file;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { 'x-roles'?: Role[] }>>;
}

/** The operations a role may call, and the public ones, as schemathesis names them. */
function operationsOf(document: OpenApiDocument, role: Role): string[] {
  return Object.entries(document.paths).flatMap(([route, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => !operation['x-roles'] || operation['x-roles'].includes(role))
      .map(([method]) => `${method.toUpperCase()} ${route}`),
  );
}

export async function fuzz(options: FuzzOptions): Promise<RoleFigures[]> {
  const st = ensureSchemathesis();
  const schemaUrl = `${options.baseUrl}/openapi.json`;
  const document = (await fetch(schemaUrl)
    .then((response) => response.json())
    .catch((error: Error) => {
      throw new Error(`no OpenAPI document at ${schemaUrl} (${error.message}); is the API running (npm start)?`);
    })) as OpenApiDocument;
  fs.mkdirSync(options.reportDir, { recursive: true });
  const figures: RoleFigures[] = [];
  const covered = new Set<string>(options.withoutCoverage);
  for (const [role, token] of Object.entries(options.tokens) as Array<[Role, string]>) {
    const reportDir = path.join(options.reportDir, role);
    fs.rmSync(reportDir, { recursive: true, force: true });
    const operations = operationsOf(document, role);
    const config = configFile(options.reportDir, role, new Set(operations.filter((name) => covered.has(name))));
    for (const name of operations) covered.add(name);
    const args = [
      '--config-file',
      config,
      'run',
      schemaUrl,
      '--header',
      `Authorization: Bearer ${token}`,
      // Stateful testing needs links between operations, which the document does not give.
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(options.maxExamples),
      ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
      ...operations.flatMap((name) => ['--include-name', name]),
      '--generation-database',
      'none',
      '--report',
      'ndjson,json',
      '--report-dir',
      reportDir,
      '--no-color',
    ];
    await runSchemathesis(st, args, options.output, options.signal);
    figures.push(readFigures(role, operations.length, reportDir));
  }
  return figures;
}

function runSchemathesis(st: string, args: string[], output?: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own state (.hypothesis, caches) goes to a temporary folder, not the work tree.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'erkend-fuzz-'));
    const child = spawn(st, args, {
      cwd,
      env: { ...process.env, SCHEMATHESIS_HOOKS: HOOKS },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let pending = '';
    const collect = (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) output?.(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    // Its exit code only says whether it found something; the reports say what.
    child.on('close', () => {
      if (pending) output?.(pending);
      fs.rmSync(cwd, { recursive: true, force: true });
      resolve();
    });
  });
}

interface JsonReport {
  failures: Array<{ title: string; code: string; type: string; count: number; operations: string[] }>;
  errors: Array<{ title?: string; message?: string; label?: string } & Record<string, unknown>>;
}

function readFigures(role: Role, operations: number, reportDir: string): RoleFigures {
  const files = fs.existsSync(reportDir) ? fs.readdirSync(reportDir) : [];
  const ndjson = files.find((file) => file.endsWith('.ndjson'));
  const json = files.find((file) => file.startsWith('json-') && file.endsWith('.json'));
  if (!ndjson || !json) {
    return {
      role,
      operations,
      requests: 0,
      serverErrors: 0,
      violations: 0,
      findings: [`schemathesis wrote no report into ${reportDir}; see its output`],
      report: reportDir,
    };
  }
  let requests = 0;
  let serverErrors = 0;
  for (const line of fs.readFileSync(path.join(reportDir, ndjson), 'utf8').split('\n')) {
    if (!line.includes('"ScenarioFinished"')) continue;
    const event = JSON.parse(line) as {
      ScenarioFinished: { recorder: { interactions?: Record<string, { response?: { status_code: number } }> } };
    };
    for (const interaction of Object.values(event.ScenarioFinished.recorder.interactions ?? {})) {
      requests += 1;
      if ((interaction.response?.status_code ?? 0) >= 500) serverErrors += 1;
    }
  }
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, json), 'utf8')) as JsonReport;
  const violations = report.failures.filter((f) => f.type !== 'ServerError').reduce((sum, f) => sum + f.count, 0);
  const findings = [
    ...report.failures.map((f) => `${f.code} ${f.title} (${f.count}): ${f.operations.join(', ')}`),
    ...report.errors.map((e) => `error: ${JSON.stringify(e).slice(0, 500)}`),
  ];
  return { role, operations, requests, serverErrors, violations, findings, report: path.join(reportDir, ndjson) };
}

/** The figures as a table, then each finding. */
export function formatFigures(figures: RoleFigures[]): string {
  const rows = [
    ['role', 'operations', 'requests', '5xx', 'violations'],
    ...figures.map((f) => [f.role, String(f.operations), String(f.requests), String(f.serverErrors), String(f.violations)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const table = rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
  const findings = figures.flatMap((f) => f.findings.map((finding) => `  ${f.role}: ${finding}`));
  const reports = figures.map((f) => `  ${f.role}: ${f.report}`);
  return [...table, ...(findings.length > 0 ? ['Findings:', ...findings] : []), 'Requests and responses:', ...reports].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
      'max-examples': { type: 'string', default: process.env.FUZZ_MAX_EXAMPLES ?? '20' },
      seed: { type: 'string' },
      role: { type: 'string', multiple: true },
    },
  });
  const maxExamples = Number(values['max-examples']);
  if (!Number.isInteger(maxExamples) || maxExamples < 1) throw new Error('--max-examples must be a whole number of at least 1');
  const secret = developmentSecret(dataDirOf());
  const wanted = new Set(values.role ?? SAMPLE_PRINCIPALS.map((p) => p.role));
  const tokens = Object.fromEntries(
    await Promise.all(
      SAMPLE_PRINCIPALS.filter((p) => wanted.has(p.role)).map(async (p) => [p.role, await signToken(secret, p, '2h')]),
    ),
  );
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erkend-fuzz-report-'));
  const figures = await fuzz({
    baseUrl: values.url.replace(/\/$/, ''),
    tokens,
    maxExamples,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    reportDir,
    output: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`\n${formatFigures(figures)}\n`);
  if (figures.some((f) => f.serverErrors > 0 || f.violations > 0 || f.findings.length > 0)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`[erkend] fuzz: ${error.message}\n`);
    process.exit(1);
  });
}
