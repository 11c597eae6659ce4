import { IMPORT_COLUMNS } from '../models/recognition-import';
import { recognitionWorkflowId } from '../workflows/recognition-lifecycle.messages';
import { recognitionImportWorkflowId } from '../workflows/recognition-import.messages';
import { recordHistory } from './support/histories';
import {
  SAMPLE_ENTERPRISE,
  daysFromToday,
  importCsv as csv,
  importCsvRow as csvRow,
  importFinished,
  startImport,
} from './support/sample-application';
import { type Json, apiCaller, eventually, signTokens, startTestStack, suiteStack } from './support/stack';
import { uniqueMongoUri } from './support/environment';
import { PageVisitor, textOf } from './support/pages';
import { ADMIN, COMPANY, SCHOOL } from './support/people';

// The bulk import of today's recognitions: a CSV becomes active recognitions with their
// lifecycle, errors by line and column, the same file again changes nothing, and an import
// cut off by a restart finishes without a duplicate.

describe('bulk import of recognitions (dev server, FerretDB)', () => {
  const stack = suiteStack({ admin: ADMIN, company: COMPANY, school: SCHOOL });
  const { call, tokens } = stack;

  async function post(body: string, as = 'admin', contentType = 'text/csv') {
    const response = await fetch(`${stack.baseUrl}/api/v1/imports?fileName=bestaande-erkenningen.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': contentType },
      body,
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  }

  const finished = (id: string) => importFinished(call, id);

  it('makes each valid row an active recognition with its lifecycle, and reports the others by line and column', async () => {
    const validFrom = daysFromToday(-400);
    const good = [csvRow({ validFrom }), csvRow(), csvRow({ capacity: '5' })];
    const rows = [
      good[0]!,
      csvRow({ validUntil: daysFromToday(-1) }), // line 3: past
      good[1]!,
      csvRow({ enterpriseNumber: '0403.170.702' }), // line 5: check digits
      csvRow({ trainingCode: 'onbekend-duaal' }), // line 6
      csvRow({ capacity: 'twee', contactEmail: 'geen-adres' }), // line 7: two errors
      good[2]!,
    ];
    const started = await post(csv(rows));
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/v1/imports/${started.body.id}`);
    const done = await finished(started.body.id as string);
    expect(done).toMatchObject({
      status: 'done',
      total: 7,
      imported: 3,
      skipped: 0,
      failed: 4,
      fileName: 'bestaande-erkenningen.csv',
      startedBy: 'admin-user',
    });
    expect(done.errors).toEqual([
      {
        line: 3,
        path: 'validUntil',
        message: expect.stringMatching(/has passed/),
        code: 'recognition-expired',
        params: { validUntil: daysFromToday(-1) },
      },
      { line: 5, path: 'enterpriseNumber', message: expect.stringMatching(/check digits/), code: 'check-digits', params: {} },
      {
        line: 6,
        path: 'trainingCode',
        message: expect.stringMatching(/unknown training/),
        code: 'unknown-training',
        params: { trainingCode: 'onbekend-duaal' },
      },
      {
        line: 7,
        path: 'capacity',
        message: expect.any(String),
        code: 'whole-number-range',
        params: { minimum: 1, maximum: 100 },
      },
      { line: 7, path: 'contactEmail', message: expect.any(String), code: 'invalid-format', params: { format: 'email' } },
    ]);

    // Each is in the register, active, with its next quality check planned and its workflow running.
    const first = rows[0]!.split(',');
    const establishment = first[1]!.replace(/\D/g, '');
    const verified = await eventually(async () => {
      const answer = await call(
        'school',
        'GET',
        `/api/v1/register/verify?enterpriseNumber=${SAMPLE_ENTERPRISE}&establishmentNumber=${establishment}&trainingCode=ruwbouw-duaal`,
      );
      return answer.body.status === 'active' ? answer.body : undefined;
    });
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${verified.recognitionId}`)).body;
    expect(recognition).toMatchObject({
      status: 'active',
      validFrom,
      companyName: 'Bouwbedrijf "De Toren", Gent',
      importedAt: expect.any(String),
      applicationId: `import:${started.body.id}:2`,
    });
    // As if approved on validFrom: the checks' rhythm counted from that day, the next one ahead.
    expect(Date.parse(recognition.nextQualityCheckDue)).toBeGreaterThan(Date.now());
    // The company's page says where it came from.
    const company = await new PageVisitor(stack.baseUrl).signIn('company');
    expect(textOf((await company.get(`/erkenningen/${recognition.id}`)).html)).toMatch(
      /Herkomst Overgenomen uit het systeem van vóór Erkend op \d+ \w+ \d{4}/,
    );
    const description = await stack.temporal.workflow.getHandle(recognitionWorkflowId(recognition.id)).describe();
    expect(description.status.name).toBe('RUNNING');

    await recordHistory(stack.temporal.workflow.getHandle(recognitionImportWorkflowId(started.body.id as string)), 'import-done');

    // The same file again changes nothing: the valid rows are skipped, the others fail as before.
    const again = await post(csv(rows));
    const second = await finished(again.body.id as string);
    expect(second).toMatchObject({ status: 'done', total: 7, imported: 0, skipped: 3, failed: 4 });
  });

  it('refuses a header without the contract’s columns, a body that is no CSV, and anyone but an admin', async () => {
    const header = IMPORT_COLUMNS.filter((c) => c !== 'capacity').join(',') + ',extra';
    const refused = await post(`${header}\n`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { path: 'capacity', message: 'line 1: missing column', code: 'missing-column', params: {} },
      {
        path: 'extra',
        message: expect.stringMatching(/^line 1: unknown column/),
        code: 'unknown-column',
        params: { columns: expect.arrayContaining(['capacity', 'enterpriseNumber']) },
      },
    ]);
    expect((await post(csv([csvRow()]), 'admin', 'text/plain')).status).toBe(415);
    // A form post without its boundary cannot be read: 400, not a server error.
    expect((await post(csv([csvRow()]), 'admin', 'multipart/form-data')).status).toBe(400);
    expect((await post(csv([csvRow()]), 'school')).status).toBe(403);
    expect((await call('admin', 'GET', '/api/v1/imports/no-such-import')).status).toBe(404);
  });
});

describe('an import cut off by a restart (dev server, FerretDB)', () => {
  // Four batches: the stack stops once the first is recorded, with batches still to come.
  const ROWS = 400;

  it('finishes after the stack starts again, with every row once', async () => {
    const mongoUri = uniqueMongoUri();
    let stack = await startTestStack({ mongoUri });
    const { taskQueue } = stack;
    const tokens = await signTokens({ admin: ADMIN });
    const call = apiCaller(() => stack.baseUrl, tokens);
    const rows = Array.from({ length: ROWS }, () => csvRow());
    const response = await startImport(stack.baseUrl, tokens.admin!, csv(rows));
    const { id } = (await response.json()) as { id: string };
    // Stopped while rows remain to import.
    // The first batch takes seconds alone, much longer on a busy machine: wait for it, not for a time.
    await eventually(
      async () => ((await call('admin', 'GET', `/api/v1/imports/${id}`)).body.imported >= 100 ? true : undefined),
      120_000,
    );
    await stack.stop({ keepDatabase: true });
    const before = await (async () => {
      const restarted = await startTestStack({ mongoUri, taskQueue });
      stack = restarted;
      return (await call('admin', 'GET', `/api/v1/imports/${id}`)).body as Json;
    })();
    expect(before.imported).toBeLessThan(ROWS);
    try {
      const done = await eventually(async () => {
        const answer = await call('admin', 'GET', `/api/v1/imports/${id}`);
        return answer.body.status === 'done' ? (answer.body as Json) : undefined;
      }, 180_000);
      expect(done).toMatchObject({ total: ROWS, imported: ROWS, skipped: 0, failed: 0 });
      expect(await stack.db.collection('recognitions').countDocuments({})).toBe(ROWS);
    } finally {
      await stack.stop();
    }
  }, 240_000);
});
