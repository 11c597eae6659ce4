import { randomUUID } from 'node:crypto';
import { Metrics } from '../api/metrics';
import { ReadModels } from '../api/read-models';
import { dayInBrussels } from '../models/dates';
import type { Recognition } from '../models/recognition';
import type { Principal } from '../platform/auth';
import { armFault, faultsFired } from '../platform/fault-points';
import { recognitionModel, storedRecognition } from '../store/recognitions';
import {
  SAMPLE_ENTERPRISE,
  importCsv,
  importCsvRow,
  importFinished,
  newEstablishmentNumber,
  sampleApplicationBody,
  startImport,
} from './support/sample-application';
import { type Json, type TestStack, apiCaller, eventually, signTokens, startTestStack, testLogger } from './support/stack';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';

// The register is never wrong after a retry or a crash: a dossier's write and its change-feed
// entry are one retry-safe operation, proven by failing between the two writes and letting
// Temporal retry; and a reconciliation corrects what the read models hold otherwise than stored.
// Another API process is played by read models of their own, which learn only from the feed
// (the API that acted takes its own change in at once, and would hide a lost feed entry).

describe('the register after a retry or a crash (dev server, FerretDB)', () => {
  let stack: TestStack;
  let other: ReadModels;
  const tokens: Record<string, string> = {};
  const call = apiCaller(() => stack.baseUrl, tokens);

  beforeAll(async () => {
    stack = await startTestStack();
    const principals: Record<string, Principal> = {
      company: COMPANY,
      reviewer: reviewerOf('bouw'),
      school: SCHOOL,
      admin: ADMIN,
    };
    Object.assign(tokens, await signTokens(principals));
    other = new ReadModels(stack.db, testLogger);
    await other.start();
  });
  afterAll(async () => {
    await other?.stop();
    await stack?.stop();
  });

  async function recognised() {
    const application = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    expect(application.status).toBe(202);
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${application.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    expect(decided.status).toBe(200);
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${decided.body.recognitionId}`)).body as Json;
    await eventually(async () => (other.register.size && statusIn(other, recognition) === 'active' ? true : undefined));
    return recognition;
  }

  const statusIn = (models: ReadModels, r: Json) =>
    models.register.verify(r.enterpriseNumber, r.establishmentNumber, r.trainingCode, r.validFrom).status;

  it('shows a suspension whose feed entry was cut off once its write is retried', async () => {
    const recognition = await recognised();
    const before = faultsFired('before-feed:recognition');
    armFault('before-feed:recognition');
    const suspended = await call('reviewer', 'POST', `/api/v1/recognitions/${recognition.id}/suspension`, {
      reasons: ['Geen mentor aanwezig'],
    });
    expect(suspended.body).toMatchObject({ status: 'suspended' });
    // The record was written, the feed was not; Temporal retried the write.
    expect(faultsFired('before-feed:recognition')).toBe(before + 1);
    await eventually(async () => (statusIn(other, recognition) === 'suspended' ? true : undefined));
  });

  it('lists a quality check whose feed entry was cut off when it opened', async () => {
    const recognition = await recognised();
    armFault('before-feed:check');
    const reported = await call('school', 'POST', `/api/v1/recognitions/${recognition.id}/incidents`, {
      description: 'De leerling kreeg geen begeleiding',
    });
    expect(reported.status).toBeLessThan(300);
    const checkId = reported.body.qualityCheckId as string;
    const listed = await eventually(async () => other.checks.get(checkId));
    expect(listed).toMatchObject({ recognitionId: recognition.id, status: 'open' });
  });

  it('registers an imported recognition whose feed entry was cut off after it was stored', async () => {
    const before = faultsFired('before-feed:recognition');
    armFault('before-feed:recognition');
    const row = importCsvRow();
    const started = await startImport(stack.baseUrl, tokens.admin!, importCsv([row]));
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as Json;
    const done = await importFinished(call, id, 30_000);
    expect(done).toMatchObject({ status: 'done', imported: 1 });
    expect(faultsFired('before-feed:recognition')).toBe(before + 1);
    const establishmentNumber = row.split(',')[1]!;
    const found = await eventually(async () => {
      const verified = other.register.verify(SAMPLE_ENTERPRISE, establishmentNumber, 'ruwbouw-duaal', dayInBrussels(new Date()));
      return verified.recognized ? verified : undefined;
    });
    expect(found).toMatchObject({ status: 'active' });
  });

  it('reconciles: nothing differs after these retries, a recognition whose feed entry was lost is corrected and counted', async () => {
    expect(await other.reconcile()).toEqual({ recognition: 0, application: 0, check: 0, mandate: 0, placement: 0 });

    // A recognition stored a minute ago whose feed entry was lost, as a crash before the append
    // would leave it before this change: no read model has it.
    const recognition = await recognised();
    const lost = storedRecognition(
      { ...(recognition as Recognition), id: randomUUID(), establishmentNumber: newEstablishmentNumber() },
      new Date(Date.now() - 60_000).toISOString(),
    );
    await recognitionModel(stack.db).collection.insertOne(lost as never);
    const workplace: Json = { ...recognition, establishmentNumber: lost.establishmentNumber };
    expect(statusIn(other, workplace)).toBe('none');
    expect(await other.reconcile()).toEqual({ recognition: 1, application: 0, check: 0, mandate: 0, placement: 0 });
    expect(statusIn(other, workplace)).toBe('active');
    const metrics = await new Metrics(other).registry.metrics();
    expect(metrics).toMatch(/erkend_read_model_divergences_total\{kind="recognition"\} 1/);
    expect(metrics).toMatch(/erkend_read_model_reconciliations_total 2/);
    // Fed again, so the API process that did not reconcile shows it too.
    await eventually(async () => {
      const { enterpriseNumber, establishmentNumber, trainingCode } = workplace;
      const query = new URLSearchParams({ enterpriseNumber, establishmentNumber, trainingCode });
      const verified = await call('school', 'GET', `/api/v1/register/verify?${query}`);
      return verified.body.status === 'active' ? true : undefined;
    });
  });
});
