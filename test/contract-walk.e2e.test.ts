import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import {
  APPLICATION,
  DECIDED,
  DOCUMENT,
  FOUND,
  IMPORT,
  MANDATE,
  MONITORING,
  PARTNERSHIP,
  PDF,
  POLICY,
  QUALITY_CHECK,
  RECOGNITION,
  TIMEOUT_MS,
  TRAINING,
  VERIFIED,
  applicationBody,
  approved,
  call,
  contractCalls,
  every,
  yesterday,
} from './support/contract-calls';
import { walkChanges } from './support/contract-changes';
import { walkImprovementPlans } from './support/contract-improvement-plans';
import { walkNotices } from './support/contract-notices';
import { walkAdministration } from './support/contract-admin';
import { walkPlacementAgreements } from './support/contract-placements';
import { walkPublicRegister } from './support/contract-public';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';
import { SAMPLE_ENTERPRISE, daysFromToday, importCsv, importCsvRow } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';

// The public contract (../shared/contract.md) walked as a school system or a reviewer tool
// written to it calls it: each v1/v2 operation in a realistic order, with bodies exactly as the
// contract shows them (no other fields, none where it shows none) and headers only where it
// names them, checking the documented status codes and answer fields. A change that breaks a
// documented call fails here, naming the call.
//
// Not walked:
// - walked elsewhere: of "Placement agreements (v3)" the learner's own one-time link
//   (test/placement-voice.e2e.test.ts) and the new monitoring figures' values
//   (test/monitoring-placements.e2e.test.ts); of "A recognition's life (v3)" the reminders and
//   overdue of an improvement plan (test/improvement-plans.time-skipping.test.ts);
// - the company register (`GET /api/v1/companies/{enterpriseNumber}`): it answers from imported
//   KBO files, which then judge every application too (test/companies.e2e.test.ts);
// - the pages and the two commands (test/pages-*.e2e.test.ts, and the suite itself).
//
// What the contract promises beyond the walk (no body where it shows none, a revoked mandate)
// is test/contract-promises.e2e.test.ts; the calls themselves, and the fields the contract names in
// each answer, are test/support/contract-calls.ts.

/** A call's path parameter `id`. */
type Params = { params: { id: string } };

/** A webhook as the school's receiver got it. */
interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('the public contract, called as written (dev server, FerretDB)', () => {
  const stack = suiteStack({ admin: ADMIN, company: COMPANY, reviewer: reviewerOf('bouw'), school: SCHOOL });
  const calls = contractCalls(stack);
  const { step, walk, stepWhen, apply, send } = calls;
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/erkend`;
  });
  afterAll(() => new Promise((resolve) => receiver?.close(resolve)));

  /** Operations and the catalogue; then a school follows the company before anything happens to it. */
  async function catalogueAndSubscription() {
    const ruwbouw = { code: 'ruwbouw-duaal' };
    await walk([
      call(undefined, 'GET /healthz', 200),
      call(undefined, 'GET /readyz', 200),
      call(undefined, 'GET /openapi.json', 200, { fields: ['openapi', 'paths'] }),
      call(undefined, 'GET /docs', 200),
      call(undefined, 'GET /api/v1/partnerships', 200, { fields: every(PARTNERSHIP) }),
      call('admin', 'PUT /api/v1/partnerships/{id}/policy', 200, { params: { id: 'bouw' }, body: POLICY, is: POLICY }),
      call(undefined, 'GET /api/v1/trainings', 200, { fields: every(TRAINING) }),
      call(undefined, 'GET /api/v1/trainings/{code}', 200, { params: ruwbouw, fields: [...TRAINING, 'activities'], is: ruwbouw }),
    ]);

    const following = { url: receiverUrl, enterpriseNumbers: [SAMPLE_ENTERPRISE] };
    const subscription = await step(
      call('school', 'POST /api/v1/subscriptions', 201, { body: following, fields: ['id', 'secret'] }),
    );
    const subscribed = { params: { id: subscription.id as string } };
    await step(call('school', 'GET /api/v1/subscriptions/{id}', 200, { ...subscribed, is: following }));
    return { subscription, subscribed };
  }

  /**
   * An application: one dossier however often it is sent with its key; asked for more,
   * supplemented with a document, visited, approved.
   */
  async function applications() {
    const key = { 'Idempotency-Key': `contract-${Date.now()}` };
    const body = applicationBody();
    const { id } = await apply('company', key, body);
    const dossier = { params: { id } };
    const lookFor = { params: { status: 'in_review', partnershipId: 'bouw' } };
    const infoRequest = { message: 'Graag de risicoanalyse.', items: ['Risicoanalyse van de werkplek'] };
    await walk([
      call('company', 'POST /api/v1/applications', 202, { body, headers: key, is: { id, partnershipId: 'bouw' } }),
      call('company', 'GET /api/v1/applications/{id}', 200, {
        ...dossier,
        fields: APPLICATION,
        is: { enterpriseNumber: SAMPLE_ENTERPRISE },
      }),
      call('reviewer', 'GET /api/v1/applications?status={status}&partnershipId={partnershipId}', 200, {
        ...lookFor,
        is: expect.arrayContaining([expect.objectContaining({ id })]),
      }),
      call('reviewer', 'POST /api/v1/applications/{id}/info-requests', 200, {
        ...dossier,
        body: infoRequest,
        is: { status: 'info_requested' },
      }),
    ]);
    const form = new FormData();
    form.set('kind', 'risk-analysis');
    form.set('file', new Blob([new Uint8Array(PDF)]), 'risicoanalyse.pdf');
    const document = await step(
      call('company', 'POST /api/v1/applications/{id}/documents', 201, { ...dossier, body: form, fields: DOCUMENT }),
    );
    expect(document).toMatchObject({ size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    const file = { params: { id, documentId: document.id as string } };
    const downloaded = await step(call('reviewer', 'GET /api/v1/applications/{id}/documents/{documentId}', 200, file));
    expect(PDF.equals(downloaded as unknown as Buffer)).toBe(true);
    const supplement = { capacity: 3, message: 'Risicoanalyse toegevoegd; plaats voor drie leerlingen.' };
    const visit = { visitedOn: yesterday, checklist: { veiligheid: true, uitrusting: true }, notes: 'Bezocht met de mentor.' };
    const [, , decided] = await walk([
      call('company', 'POST /api/v1/applications/{id}/supplements', 200, {
        ...dossier,
        body: supplement,
        is: { status: 'in_review' },
      }),
      call('reviewer', 'POST /api/v1/applications/{id}/visit', 200, { ...dossier, body: visit }),
      call('reviewer', 'POST /api/v1/applications/{id}/decision', 200, {
        ...dossier,
        body: approved,
        fields: [...DECIDED, 'recognitionId'],
        is: { status: 'approved' },
      }),
    ]);
    const recognitionId = decided!.recognitionId as string;

    // Another withdrawn (no body); a third rejected, objected to, and approved after all.
    const withdrawing = { params: { id: (await apply()).id as string } };
    await step(
      call('company', 'POST /api/v1/applications/{id}/withdrawal', 200, { ...withdrawing, is: { status: 'withdrawn' } }),
    );
    const objecting = { params: { id: (await apply()).id as string } };
    const rejection = { outcome: 'rejected', reasons: ['Geen geschikte mentor'] };
    const objection = { grounds: 'De mentor heeft intussen de vereiste ervaring.' };
    const [, , reconsidered] = await walk([
      call('reviewer', 'POST /api/v1/applications/{id}/decision', 200, { ...objecting, body: rejection, fields: DECIDED }),
      call('company', 'POST /api/v1/applications/{id}/objection', 200, {
        ...objecting,
        body: objection,
        is: { status: 'in_review' },
      }),
      call('reviewer', 'POST /api/v1/applications/{id}/decision', 200, {
        ...objecting,
        body: approved,
        is: { status: 'approved' },
      }),
    ]);
    return { recognitionId, reconsidered };
  }

  /**
   * The recognition: renewed in one step, suspended and reinstated (no body), its mentor
   * replaced with the training done (which meets its condition), an incident reported.
   */
  async function recognitionLife(recognitionId: string) {
    const recognition = { params: { id: recognitionId } };
    const current = await step(
      call('company', 'GET /api/v1/recognitions/{id}', 200, {
        ...recognition,
        fields: RECOGNITION,
        is: { status: 'active', capacity: 3 },
      }),
    );
    // Listed once the lists take in what the application's workflow made.
    const ofCompany = { params: { enterpriseNumber: '0403.170.701', status: 'active' } };
    await stepWhen(
      call('company', 'GET /api/v1/recognitions?enterpriseNumber={enterpriseNumber}&status={status}', 200, ofCompany),
      (answer) => answer.some((listed: Json) => listed.id === recognitionId),
    );
    // The partnership's overview (v3): found by its company's name, its end within twenty years.
    const overview = {
      params: { partnershipId: 'bouw', status: 'active', expiringBefore: daysFromToday(20 * 366), q: current.companyName },
    };
    await stepWhen(
      call(
        'reviewer',
        'GET /api/v1/recognitions?partnershipId={partnershipId}&status={status}&expiringBefore={expiringBefore}&q={q}',
        200,
        overview,
      ),
      (answer) => answer.some((listed: Json) => listed.id === recognitionId),
    );
    await walk([
      call('company', 'POST /api/v1/recognitions/{id}/renewal', 200, {
        ...recognition,
        body: { unchanged: true },
        is: { status: 'active', renewal: { status: 'approved' } },
      }),
      call('reviewer', 'POST /api/v1/recognitions/{id}/suspension', 200, {
        ...recognition,
        body: { reasons: ['Geen mentor aanwezig'] },
        is: { status: 'suspended' },
      }),
      call('reviewer', 'POST /api/v1/recognitions/{id}/reinstatement', 200, { ...recognition, is: { status: 'active' } }),
    ]);
    const trained = { ...applicationBody().mentors[0]!, mentorTrainingCompletedOn: yesterday };
    const [, incident] = await walk([
      call('company', 'PUT /api/v1/recognitions/{id}/mentors', 200, {
        ...recognition,
        body: [trained],
        is: { conditions: [expect.objectContaining({ metOn: expect.any(String) })] },
      }),
      call('school', 'POST /api/v1/recognitions/{id}/incidents', 201, {
        ...recognition,
        body: { description: 'De leerling werkt zonder begeleiding.' },
        fields: ['qualityCheckId'],
      }),
    ]);
    return { recognition, current, incident };
  }

  /** Each status change reaches the school, signed as Standard Webhooks sign. */
  async function statusChangeDelivered(subscription: Json, recognitionId: string, current: Json) {
    const delivered = await eventually(async () => deliveries.find((d) => JSON.parse(d.body).data.status === 'suspended'));
    expect(delivered.headers).toMatchObject({
      'webhook-id': expect.any(String),
      'webhook-timestamp': expect.any(String),
      'webhook-signature': expect.stringMatching(/^v1,/),
    });
    const event = new Webhook(subscription.secret).verify(delivered.body, delivered.headers as Record<string, string>);
    expect(event).toMatchObject({
      type: 'recognition.status_changed',
      data: {
        recognitionId,
        enterpriseNumber: SAMPLE_ENTERPRISE,
        establishmentNumber: current.establishmentNumber,
        trainingCode: 'ruwbouw-duaal',
        status: 'suspended',
        previousStatus: 'active',
        at: expect.any(String),
      },
    });
  }

  /**
   * Quality checks: the incident's, all "ok", closes at once; the mentor change's (listed
   * once the lists take in what the workflow opened), with a "no", goes to the reviewer.
   */
  async function qualityChecks(recognitionId: string, incident: Json | undefined) {
    const open = { params: { recognitionId, status: 'open' }, fields: every(QUALITY_CHECK) };
    const checks = await stepWhen(
      call('company', 'GET /api/v1/quality-checks?recognitionId={recognitionId}&status={status}', 200, open),
      (answer) => answer.some((check: Json) => check.reason === 'mentor-change'),
    );
    const mentorChange = { params: { id: checks.find((check: Json) => check.reason === 'mentor-change').id as string } };
    const allOk = { answers: POLICY.selfAssessment.map(({ id }) => ({ id, ok: true })) };
    const oneNo = {
      answers: POLICY.selfAssessment.map(({ id }, i) =>
        i === 0 ? { id, ok: false, comment: 'Mentor met verlof' } : { id, ok: true },
      ),
    };
    const evaluation = { outcome: 'improvement-needed', notes: 'Vervanging regelen binnen de maand.' };
    await walk([
      call('company', 'POST /api/v1/quality-checks/{id}/answers', 200, {
        params: { id: incident!.qualityCheckId as string },
        body: allOk,
        is: { status: 'closed', outcome: 'ok' },
      }),
      call('company', 'POST /api/v1/quality-checks/{id}/answers', 200, {
        ...mentorChange,
        body: oneNo,
        is: { status: 'answered' },
      }),
      call('reviewer', 'POST /api/v1/quality-checks/{id}/evaluation', 200, {
        ...mentorChange,
        body: evaluation,
        is: { status: 'closed', outcome: 'improvement-needed' },
      }),
    ]);
  }

  /**
   * The register: the workplace verified at a date, found with free places; a school places a
   * learner there and ends the placement.
   */
  async function registerAndPlacement(recognitionId: string, current: Json, recognition: Params) {
    const { establishmentNumber, validFrom } = current;
    const workplace = {
      params: { enterpriseNumber: '0403.170.701', establishmentNumber, trainingCode: 'ruwbouw-duaal', date: validFrom },
    };
    const verify = call(
      'school',
      'GET /api/v1/register/verify?enterpriseNumber={enterpriseNumber}&establishmentNumber={establishmentNumber}&trainingCode={trainingCode}&date={date}',
      200,
      { ...workplace, fields: VERIFIED, is: { recognized: true, status: 'active', recognitionId } },
    );
    await stepWhen(verify, (answer) => answer.recognized);
    const nearby = { params: { trainingCode: 'ruwbouw-duaal', postcode: '9000' }, fields: FOUND };
    const search = call(
      'school',
      'GET /api/v1/register/search?trainingCode={trainingCode}&postcode={postcode}&hasCapacity=true',
      200,
      nearby,
    );
    await stepWhen(search, (answer) => answer.items.some((item: Json) => item.recognitionId === recognitionId));
    await walkPublicRegister(calls, recognitionId, current);
    await walkPlacementAgreements(calls, recognitionId, validFrom, recognition);
    await walkNotices(calls);
    await walkChanges(calls, recognition);
  }

  /** A mandate: the school files for the company and follows that dossier; the company revokes it. */
  async function mandateForSchool() {
    const mandate = { schoolId: 'school-1', validUntil: daysFromToday(30) };
    const given = await step(call('company', 'POST /api/v1/mandates', 201, { body: mandate, fields: MANDATE, is: mandate }));
    await step(call('school', 'GET /api/v1/mandates', 200, { fields: every(MANDATE) }));
    const filed = { params: { id: (await apply('school')).id as string } };
    await step(call('school', 'GET /api/v1/applications/{id}', 200, { ...filed, fields: APPLICATION }));
    // The contract names no status for a revocation: any success.
    const revoked = await send(call('company', 'DELETE /api/v1/mandates/{id}', 200, { params: { id: given.id as string } }));
    expect(revoked.status).toBeLessThan(300);
  }

  /** Monitoring, in JSON and as CSV; an import of existing recognitions. */
  async function monitoringAndImport() {
    const year = { params: { year: String(new Date().getUTCFullYear()) } };
    const [report, csv] = await walk([
      call('reviewer', 'GET /api/v1/monitoring?year={year}', 200, { ...year, fields: MONITORING }),
      call('reviewer', 'GET /api/v1/monitoring?year={year}', 200, { ...year, headers: { Accept: 'text/csv' } }),
    ]);
    // A header, and one row per partnership.
    expect((csv as unknown as string).trimEnd().split(/\r?\n/)).toHaveLength(1 + report!.partnerships.length);
    const rows = importCsv([importCsvRow(), importCsvRow()]);
    const started = await step(
      call('admin', 'POST /api/v1/imports', 202, { body: rows, headers: { 'Content-Type': 'text/csv' }, fields: ['id'] }),
    );
    const progress = call('admin', 'GET /api/v1/imports/{id}', 200, {
      params: { id: started.id as string },
      fields: IMPORT,
      is: { status: 'done', total: 2, imported: 2, failed: 0 },
    });
    await stepWhen(progress, (answer) => answer.status !== 'running');
    await walkAdministration(calls);
  }

  /**
   * The end: one recognition withdrawn by the reviewer, the other ended by the company (no
   * body); the school stops following.
   */
  async function theEnd(recognition: Params, reconsidered: Json | undefined, subscribed: Params) {
    const withdrawal = { reasons: ['Herhaalde tekortkomingen'] };
    await walk([
      call('reviewer', 'POST /api/v1/recognitions/{id}/withdrawal', 200, {
        ...recognition,
        body: withdrawal,
        is: { status: 'withdrawn' },
      }),
      call('company', 'POST /api/v1/recognitions/{id}/termination', 200, {
        params: { id: reconsidered!.recognitionId as string },
        is: { status: 'ended' },
      }),
      call('school', 'DELETE /api/v1/subscriptions/{id}', 204, subscribed),
      call('school', 'GET /api/v1/subscriptions/{id}', 404, subscribed),
    ]);
  }

  it(
    'walks every v1/v2 operation as the contract writes it',
    async () => {
      const { subscription, subscribed } = await catalogueAndSubscription();
      const { recognitionId, reconsidered } = await applications();
      const { recognition, current, incident } = await recognitionLife(recognitionId);
      await statusChangeDelivered(subscription, recognitionId, current);
      await qualityChecks(recognitionId, incident);
      await walkImprovementPlans(calls, recognitionId);
      await registerAndPlacement(recognitionId, current, recognition);
      await mandateForSchool();
      await monitoringAndImport();
      await theEnd(recognition, reconsidered, subscribed);
    },
    TIMEOUT_MS,
  );
});
