import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { withCheckDigits } from '../models/identifiers';
import { KBO_HEADERS, type KboSample, csvLine, dottedEnterprise, writeKboSample } from '../scripts/kbo-sample';
import { type KboImportReport, importKbo } from '../store/kbo-import';
import { scratchDir } from './support/environment';
import { type TestStack, apiCaller, signTokens, startTestStack } from './support/stack';

// The company register: a generated KBO extract imported into FerretDB and read through the
// API; imported again it changes nothing; a daily update stops an enterprise; bad lines are
// reported by number.

describe('company register (KBO open data, FerretDB)', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => stack.baseUrl, tokens);
  const root = path.join(scratchDir(), `kbo-${randomUUID().slice(0, 8)}`);
  const extract = path.join(root, 'full');
  let sample: KboSample;
  let report: KboImportReport;

  const writeFile = (dir: string, name: string, header: readonly string[], rows: string[][]) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), [csvLine([...header]), ...rows.map((row) => csvLine(row))].join(''));
  };

  beforeAll(async () => {
    stack = await startTestStack();
    sample = await writeKboSample({ dir: extract, enterprises: 60, seed: 14 });
    report = await importKbo(stack.db, extract);
    const own = sample.first[0]!.enterpriseNumber;
    Object.assign(
      tokens,
      await signTokens({
        admin: { sub: 'admin', role: 'admin' },
        school: { sub: 'school', role: 'school', schoolId: 'school-1' },
        company: { sub: 'company', role: 'company', enterpriseNumber: own },
      }),
    );
  });
  afterAll(() => stack.stop());

  it('imports every row of the extract and answers each company with its Dutch name and establishments', async () => {
    expect(report.type).toBe('full');
    expect(report.refusals).toEqual([]);
    const read = Object.fromEntries(report.files.map((f) => [f.file, f.read]));
    expect(read).toEqual({
      'enterprise.csv': sample.enterprises,
      'establishment.csv': sample.establishments,
      'denomination.csv': sample.denominations,
      'address.csv': sample.addresses,
    });
    expect(report.files[0]).toMatchObject({ inserted: sample.enterprises, changed: 0 });

    for (const expected of sample.first) {
      // The number as published, with its dots: the API takes it as models/formats does.
      const answer = await call('school', 'GET', `/api/v1/companies/${dottedEnterprise(expected.enterpriseNumber)}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        enterpriseNumber: expected.enterpriseNumber,
        status: expected.status,
        name: expected.name,
      });
      const establishments = answer.body.establishments as Array<{ establishmentNumber: string; address?: unknown }>;
      expect(establishments.map((e) => e.establishmentNumber)).toEqual(expected.establishments);
      for (const establishment of establishments) {
        expect(establishment.address).toMatchObject({ street: expect.any(String), postcode: expect.stringMatching(/^\d{4}$/) });
      }
    }
    const withEstablishments = sample.first.find((e) => e.establishments.length > 1)!;
    expect(
      (await call('admin', 'GET', `/api/v1/companies/${withEstablishments.enterpriseNumber}`)).body.establishments,
    ).toHaveLength(withEstablishments.establishments.length);
  });

  it('shows a company its own enterprise only, and 404 for one the KBO data does not list', async () => {
    const [own, other] = sample.first;
    expect((await call('company', 'GET', `/api/v1/companies/BE${own!.enterpriseNumber}`)).status).toBe(200);
    expect((await call('company', 'GET', `/api/v1/companies/${other!.enterpriseNumber}`)).status).toBe(404);
    const unknown = withCheckDigits('09999999');
    expect((await call('admin', 'GET', `/api/v1/companies/${unknown}`)).status).toBe(404);
    expect((await call('admin', 'GET', '/api/v1/companies/0403170702')).status).toBe(400);
  });

  it('changes nothing when the same extract is imported again', async () => {
    const again = await importKbo(stack.db, extract);
    for (const file of again.files) {
      expect(file).toMatchObject({ inserted: 0, changed: 0, refused: 0, unchanged: file.read - file.ignored });
    }
    expect(again.stoppedByAbsence).toBe(0);
  });

  it('applies a daily update: a deleted enterprise is stopped, a changed one takes its new situation', async () => {
    const active = sample.first.filter((e) => e.status === 'active');
    const [deleted, dissolved, kept] = active.map((e) => e.enterpriseNumber);
    const update = path.join(root, 'update');
    writeFile(update, 'meta.csv', ['Variable', 'Value'], [['ExtractType', 'update']]);
    writeFile(
      update,
      'enterprise_delete.csv',
      ['EnterpriseNumber'],
      [[dottedEnterprise(deleted!)], [dottedEnterprise(dissolved!)]],
    );
    // Deleted and inserted again: changed, in liquidation now (012).
    writeFile(update, 'enterprise_insert.csv', KBO_HEADERS.enterprise, [
      [dottedEnterprise(dissolved!), 'AC', '012', '2', '014', '', '01-01-2001'],
    ]);
    const applied = await importKbo(stack.db, update);
    expect(applied.type).toBe('update');
    expect(applied.files).toEqual([
      expect.objectContaining({ file: 'enterprise_delete.csv', read: 2, changed: 1, ignored: 1 }),
      expect.objectContaining({ file: 'enterprise_insert.csv', read: 1, changed: 1 }),
    ]);
    expect((await call('admin', 'GET', `/api/v1/companies/${deleted}`)).body.status).toBe('stopped');
    expect((await call('admin', 'GET', `/api/v1/companies/${dissolved}`)).body).toMatchObject({
      status: 'stopped',
      juridicalSituation: '012',
    });
    expect((await call('admin', 'GET', `/api/v1/companies/${kept}`)).body.status).toBe('active');
  });

  it('stops the enterprises a later full extract no longer lists', async () => {
    const active = sample.first.filter((e) => e.status === 'active');
    const dropped = active[3]!.enterpriseNumber;
    const next = path.join(root, 'next');
    fs.mkdirSync(next, { recursive: true });
    for (const file of ['establishment.csv', 'denomination.csv', 'address.csv'])
      fs.copyFileSync(path.join(extract, file), path.join(next, file));
    const enterprises = fs.readFileSync(path.join(extract, 'enterprise.csv'), 'utf8').split('\n');
    fs.writeFileSync(
      path.join(next, 'enterprise.csv'),
      enterprises.filter((line) => !line.startsWith(`"${dottedEnterprise(dropped)}"`)).join('\n'),
    );
    writeFile(
      next,
      'meta.csv',
      ['Variable', 'Value'],
      [
        ['ExtractType', 'full'],
        ['ExtractNumber', '2'],
      ],
    );
    const result = await importKbo(stack.db, next);
    expect(result.stoppedByAbsence).toBe(1);
    expect((await call('admin', 'GET', `/api/v1/companies/${dropped}`)).body.status).toBe('stopped');
    expect((await call('admin', 'GET', `/api/v1/companies/${active[4]!.enterpriseNumber}`)).body.status).toBe('active');
  });

  it('reports a malformed line with its line number and imports the others', async () => {
    const bad = path.join(root, 'bad');
    const good = withCheckDigits('08000000');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(
      path.join(bad, 'enterprise.csv'),
      [
        csvLine([...KBO_HEADERS.enterprise]),
        csvLine([dottedEnterprise(good), 'AC', '000', '2', '014', '', '01-01-2001']),
        csvLine(['0403.170.702', 'AC', '000', '2', '014', '', '01-01-2001']),
        '"0403.170.701","AC","000"\n',
        csvLine([dottedEnterprise(good), 'AC', '000', '2', '014', '', '2001-01-01']),
      ].join(''),
    );
    const result = await importKbo(stack.db, bad);
    expect(result.files[0]).toMatchObject({ read: 4, inserted: 1, refused: 3 });
    expect(result.refusals).toEqual([
      { file: 'enterprise.csv', line: 3, message: 'EnterpriseNumber "0403.170.702": check digits do not match (mod 97)' },
      { file: 'enterprise.csv', line: 4, message: expect.stringContaining('not a CSV row') },
      { file: 'enterprise.csv', line: 5, message: 'StartDate "2001-01-01" is not a date as dd-mm-yyyy' },
    ]);
    expect((await call('admin', 'GET', `/api/v1/companies/${good}`)).body.status).toBe('active');
  });
});
