import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { SAMPLE_ENTERPRISE, daysFromToday, importCsv, importCsvRow, newEstablishmentNumber } from './support/sample-application';
import { type Json, type TestStack, eventually, signTokens, startTestStack } from './support/stack';

// The public contract (../shared/contract.md) walked as a school system or a reviewer tool
// written to it calls it: each v1/v2 operation in a realistic order, with bodies exactly as the
// contract shows them (no other fields, none where it shows none) and headers only where it
// names them, checking the documented status codes and answer fields. A change that breaks a
// documented call fails here, naming the call.
//
// Not walked:
// - not built yet (later issues): "Placement agreements (v3: the learner's path through the
//   workplace)", "A recognition's life (v3)" and "Public register (v3)";
// - the company register (`GET /api/v1/companies/{enterpriseNumber}`): it answers from imported
//   KBO files, which then judge every application too (test/companies.e2e.test.ts);
// - the pages and the two commands (test/pages-*.e2e.test.ts, and the suite itself).

/** Yesterday: a day that has begun in Brussels (the contract's days) and in UTC alike. */
const yesterday = daysFromToday(-1);

/** `POST /api/v1/applications` with the body as the contract shows it (`phone?` given, the mentor's optional fields not). */
const applicationBody = () => ({
  enterpriseNumber: '0403.170.701',
  establishmentNumber: newEstablishmentNumber(),
  companyName: 'Bouwbedrijf De Vries',
  jointCommittee: '124',
  trainingCode: 'ruwbouw-duaal',
  capacity: 2,
  address: { street: 'Kerkstraat 1', postcode: '9000', municipality: 'Gent' },
  contact: { name: 'An De Vries', email: 'an@devries.example', phone: '+32 9 123 45 67' },
  mentors: [
    {
      firstName: 'Jan',
      lastName: 'Peeters',
      birthDate: '1980-05-12',
      yearsOfExperience: 12,
      criminalRecordExtractDate: yesterday,
    },
  ],
  declarations: { financialCapacity: true, noConvictions: true, equipmentAndOrganisation: true, honour: true },
});

/** The policy's fields as the contract names them: its defaults, and two questions to answer. */
const POLICY = {
  decisionDeadline: 'P14D',
  infoRequestDeadline: 'P30D',
  validity: 'P5Y',
  renewalNotice: 'P3M',
  qualityCheckInterval: 'P1Y',
  qualityCheckResponseDeadline: 'P30D',
  mentorTrainingDeadline: 'P1Y',
  objectionWindow: 'P30D',
  requiredDocuments: [],
  selfAssessment: [
    { id: 'mentor-available', question: 'Is de mentor voldoende beschikbaar?' },
    { id: 'safety', question: 'Is de werkplek veilig?' },
  ],
};

// The fields the contract names in each answer (an optional one only where the walk gives it),
// as dotted paths; `*` is every item of a list, of which there must be one at least.

/** The fields of every item of a list: the answer itself, or its field `list`. */
const every = (fields: readonly string[], list?: string) => fields.map((field) => (list ? `${list}.*.${field}` : `*.${field}`));
const within = (object: string, fields: readonly string[]) => fields.map((field) => `${object}.${field}`);
const PARTNERSHIP = ['id', 'name', 'jointCommittees', 'policy', ...within('policy', Object.keys(POLICY))];
const TRAINING = ['code', 'name', 'partnershipId'];
const APPLICATION = [
  ...['id', 'status', 'enterpriseNumber', 'establishmentNumber', 'trainingCode', 'partnershipId', 'submittedAt', 'decisionDue'],
  ...['infoRequests', 'timeline', ...every(['at', 'type'], 'timeline')],
];
const DECIDED = [...APPLICATION, ...within('decision', ['outcome', 'reasons', 'decidedAt', 'decidedBy'])];
const RECOGNITION = [
  ...['id', 'status', 'enterpriseNumber', 'establishmentNumber', 'trainingCode', 'partnershipId', 'companyName', 'capacity'],
  ...['validFrom', 'validUntil', ...every(['type', 'dueOn'], 'conditions'), ...every(['at', 'status'], 'history')],
  ...['placements.active', 'freeCapacity'],
];
const QUALITY_CHECK = ['id', 'recognitionId', 'reason', 'status', 'dueOn', ...every(['id', 'question'], 'questions')];
const VERIFIED = ['recognized', 'status', 'recognitionId', 'validFrom', 'validUntil'];
const FOUND = every(
  ['recognitionId', 'companyName', 'establishmentNumber', 'address.postcode', 'address.municipality', 'trainingCode', 'capacity'],
  'items',
);
const MANDATE = ['id', 'enterpriseNumber', 'schoolId', 'validUntil'];
const DOCUMENT = ['id', 'kind', 'name', 'size', 'sha256', 'contentType'];
const IMPORT = ['id', 'status', 'total', 'imported', 'skipped', 'failed', 'errors'];
const MONITORING = [
  'year',
  ...every(
    [
      'partnershipId',
      ...within('applications', ['received', 'approved', 'rejected', 'lapsed', 'withdrawn', 'decidedWithinDeadline']),
      'applications.medianDaysToDecision',
      ...within('burden', ['medianFieldsAsked', 'medianDocumentsAsked', 'infoRequestsPerApplication', 'renewalsInOneStep']),
      ...within('qualityChecks', ['opened', 'closedWithoutReviewer', 'improvementNeeded', 'suspensions']),
      ...within('recognitions', ['active', 'suspended', 'withdrawn', 'expired', 'ended']),
      ...within('capacity', ['places', 'occupied', 'byProvince']),
    ],
    'partnerships',
  ),
];

/** The dotted paths of `fields` that the answer lacks (a field that is `null` is there). */
function missing(answer: unknown, fields: readonly string[]): string[] {
  const present = (value: unknown, [key, ...rest]: string[]): boolean => {
    if (key === undefined) return true;
    if (key === '*') return Array.isArray(value) && value.length > 0 && value.every((item) => present(item, rest));
    return (
      value !== null && typeof value === 'object' && !Array.isArray(value) && key in value && present((value as Json)[key], rest)
    );
  };
  return fields.filter((field) => !present(answer, field.split('.')));
}

interface Call {
  as: string | undefined;
  /** As the contract writes it, each `{name}` filled from `params`: `POST /api/v1/recognitions/{id}/reinstatement`. */
  operation: string;
  status: number;
  params?: Record<string, string>;
  /** JSON, or as it is: a CSV (a string), a multipart form (FormData). Absent: no body at all. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The documented fields of the answer. */
  fields?: readonly string[];
  /** Values the answer has. */
  is?: unknown;
}

/** A documented call: who calls, the operation, the documented status, and the rest. */
const call = (
  as: string | undefined,
  operation: string,
  status: number,
  rest: Omit<Call, 'as' | 'operation' | 'status'> = {},
) => ({
  as,
  operation,
  status,
  ...rest,
});

/** A 1 KB PDF: documents are recognised by their content. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(1000, 0x41)]);

/** A webhook as the school's receiver got it. */
interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

// The walk takes about 5 s on an idle machine and 10 s on a busy one with two cores.
const TIMEOUT_MS = 60_000;

describe('the public contract, called as written (dev server, FerretDB)', () => {
  let stack: TestStack;
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack();
    Object.assign(
      tokens,
      await signTokens({
        admin: { sub: 'admin-user', role: 'admin' },
        company: { sub: 'company-user', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE },
        reviewer: { sub: 'reviewer-bouw', role: 'reviewer', partnershipId: 'bouw' },
        school: { sub: 'school-user', role: 'school', schoolId: 'school-1' },
      }),
    );
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
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await stack?.stop();
  });

  async function send({ as, operation, params = {}, body, headers = {} }: Call) {
    const [method, template] = operation.split(' ') as [string, string];
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    const asItIs = typeof body === 'string' || body instanceof FormData;
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...(body === undefined || asItIs ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : asItIs ? (body as string | FormData) : JSON.stringify(body),
    });
    const type = response.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await response.arrayBuffer());
    const answer = /json/.test(type) ? JSON.parse(bytes.toString()) : /^text\//.test(type) ? bytes.toString() : bytes;
    return { status: response.status, type, body: answer };
  }

  /** Calls as documented and checks the answer; a failure names the operation (and shows a refusal's problem). */
  async function step(c: Call): Promise<Json> {
    const { status, body } = await send(c);
    const { operation } = c;
    expect({ operation, status, ...(status === c.status ? {} : { answer: body }) }).toEqual({ operation, status: c.status });
    if (c.fields) expect({ operation, missing: missing(body, c.fields) }).toEqual({ operation, missing: [] });
    if (c.is !== undefined) expect({ operation, answer: body }).toMatchObject({ operation, answer: c.is });
    return body;
  }

  /** Each call in turn; their answers. */
  async function walk(calls: Call[]): Promise<Json[]> {
    const answers: Json[] = [];
    for (const c of calls) answers.push(await step(c));
    return answers;
  }

  /** The call once `holds` (what lists and the register take in shortly after a change). */
  const stepWhen = async (c: Call, holds: (answer: Json) => boolean) => {
    await eventually(async () => {
      const { status, body } = await send(c);
      return status === c.status && holds(body) ? true : undefined;
    });
    return step(c);
  };

  const apply = (as = 'company', headers: Record<string, string> = {}, body: unknown = applicationBody()) =>
    step(call(as, 'POST /api/v1/applications', 202, { body, headers, fields: ['id', 'status', 'partnershipId'] }));

  const approved = { outcome: 'approved', reasons: ['Voldoet aan alle voorwaarden'] };

  it(
    'walks every v1/v2 operation as the contract writes it',
    async () => {
      // Operations and the catalogue.
      await walk([
        call(undefined, 'GET /healthz', 200),
        call(undefined, 'GET /readyz', 200),
        call(undefined, 'GET /openapi.json', 200, { fields: ['openapi', 'paths'] }),
        call(undefined, 'GET /docs', 200),
        call(undefined, 'GET /api/v1/partnerships', 200, { fields: every(PARTNERSHIP) }),
        call('admin', 'PUT /api/v1/partnerships/{id}/policy', 200, { params: { id: 'bouw' }, body: POLICY, is: POLICY }),
        call(undefined, 'GET /api/v1/trainings', 200, { fields: every(TRAINING) }),
      ]);

      // A school follows the company before anything happens to it.
      const following = { url: receiverUrl, enterpriseNumbers: [SAMPLE_ENTERPRISE] };
      const subscription = await step(
        call('school', 'POST /api/v1/subscriptions', 201, { body: following, fields: ['id', 'secret'] }),
      );
      const subscribed = { params: { id: subscription.id as string } };
      await step(call('school', 'GET /api/v1/subscriptions/{id}', 200, { ...subscribed, is: following }));

      // An application: one dossier however often it is sent with its key; asked for more,
      // supplemented with a document, visited, approved.
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

      // The recognition: renewed in one step, suspended and reinstated (no body), its mentor
      // replaced with the training done (which meets its condition), an incident reported.
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

      // Each status change reaches the school, signed as Standard Webhooks sign.
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

      // Quality checks: the incident's, all "ok", closes at once; the mentor change's (listed
      // once the lists take in what the workflow opened), with a "no", goes to the reviewer.
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

      // The register: the workplace verified at a date, found with free places; a school
      // places a learner there and ends the placement.
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
      const learner = { recognitionId, learnerReference: 'LL-2026-017', startsOn: validFrom, endsOn: daysFromToday(300) };
      const placed = {
        params: { id: (await step(call('school', 'POST /api/v1/placements', 201, { body: learner, fields: ['id'] }))).id },
      };
      const taken = call('company', 'GET /api/v1/recognitions/{id}', 200, {
        ...recognition,
        is: { placements: { active: 1 }, freeCapacity: 2 },
      });
      await stepWhen(taken, (answer) => answer.placements.active === 1);
      await walk([
        call('school', 'POST /api/v1/placements/{id}/end', 200, { ...placed, body: { endedOn: validFrom } }),
        call('school', 'GET /api/v1/placements', 200, { is: [expect.objectContaining({ ...placed.params, recognitionId })] }),
      ]);

      // A mandate: the school files for the company and follows that dossier; the company revokes it.
      const mandate = { schoolId: 'school-1', validUntil: daysFromToday(30) };
      const given = await step(call('company', 'POST /api/v1/mandates', 201, { body: mandate, fields: MANDATE, is: mandate }));
      await step(call('school', 'GET /api/v1/mandates', 200, { fields: every(MANDATE) }));
      const filed = { params: { id: (await apply('school')).id as string } };
      await step(call('school', 'GET /api/v1/applications/{id}', 200, { ...filed, fields: APPLICATION }));
      // The contract names no status for a revocation: any success.
      const revoked = await send(call('company', 'DELETE /api/v1/mandates/{id}', 200, { params: { id: given.id as string } }));
      expect(revoked.status).toBeLessThan(300);

      // Monitoring, in JSON and as CSV; an import of existing recognitions.
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

      // The end: one recognition withdrawn by the reviewer, the other ended by the company (no
      // body); the school stops following.
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
    },
    TIMEOUT_MS,
  );

  /** A request with no body and no Content-Length at all, as `curl -X POST` sends it (fetch sends `Content-Length: 0`). */
  function postWithoutLength(path: string, token: string): Promise<number> {
    const { hostname, port } = new URL(stack.baseUrl);
    return new Promise((resolve, reject) => {
      let answer = '';
      const socket = connect(Number(port), hostname, () =>
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
        ),
      );
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('end', () => resolve(Number(answer.split(' ')[1])));
      socket.on('error', reject);
    });
  }

  it(
    'takes no body where it shows none, however that is sent, and still refuses a missing one where it shows one',
    async () => {
      const { id: applicationId } = await apply();
      const decided = await step(
        call('reviewer', 'POST /api/v1/applications/{id}/decision', 200, { params: { id: applicationId }, body: approved }),
      );
      const recognition = { params: { id: decided.recognitionId as string } };
      const path = `/api/v1/recognitions/${recognition.params.id}/reinstatement`;
      const suspend = () =>
        step(
          call('reviewer', 'POST /api/v1/recognitions/{id}/suspension', 200, { ...recognition, body: { reasons: ['Klacht'] } }),
        );
      const reinstate = async (init: RequestInit = {}) => {
        const headers = { authorization: `Bearer ${tokens.reviewer}`, ...init.headers };
        return (await fetch(`${stack.baseUrl}${path}`, { method: 'POST', ...init, headers })).status;
      };
      const json = { 'content-type': 'application/json' };
      const ways: Array<[string, () => Promise<number>]> = [
        ['without Content-Length', () => postWithoutLength(path, tokens.reviewer!)],
        ['with Content-Length: 0', () => reinstate()],
        ['empty, as application/json', () => reinstate({ headers: json, body: '' })],
        ['with its optional reasons', () => reinstate({ headers: json, body: JSON.stringify({ reasons: ['Opgelost'] }) })],
      ];
      for (const [way, reinstated] of ways) {
        await suspend();
        expect({ way, status: await reinstated() }).toEqual({ way, status: 200 });
      }

      // A body that is not JSON is still refused, and so is a suspension without its reasons.
      await suspend();
      expect(await reinstate({ headers: { 'content-type': 'text/plain' }, body: 'opgelost' })).toBe(415);
      const without = await send(call('reviewer', 'POST /api/v1/recognitions/{id}/suspension', 400, recognition));
      expect([without.status, without.type]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
    },
    TIMEOUT_MS,
  );

  // "Once the mandate is revoked or past validUntil, the school no longer reads that dossier, its
  // documents or its entry in lists (404)."
  it(
    'hides a dossier, its documents and its entry in lists from the school that filed it once the mandate is revoked',
    async () => {
      const mandate = { schoolId: 'school-1', validUntil: daysFromToday(30) };
      const given = await step(call('company', 'POST /api/v1/mandates', 201, { body: mandate }));
      const filed = { params: { id: (await apply('school')).id as string } };
      const form = new FormData();
      form.set('kind', 'risk-analysis');
      form.set('file', new Blob([new Uint8Array(PDF)]), 'risicoanalyse.pdf');
      const document = await step(call('school', 'POST /api/v1/applications/{id}/documents', 201, { ...filed, body: form }));
      const file = { params: { ...filed.params, documentId: document.id as string } };
      const listed = async () => (await step(call('school', 'GET /api/v1/applications', 200))).map((a: Json) => a.id);
      await walk([
        call('school', 'GET /api/v1/applications/{id}', 200, filed),
        call('school', 'GET /api/v1/applications/{id}/documents/{documentId}', 200, file),
      ]);
      expect(await listed()).toContain(filed.params.id);

      await send(call('company', 'DELETE /api/v1/mandates/{id}', 200, { params: { id: given.id as string } }));
      await walk([
        call('school', 'GET /api/v1/applications/{id}', 404, filed),
        call('school', 'GET /api/v1/applications/{id}/documents/{documentId}', 404, file),
        // The company still reads its dossier.
        call('company', 'GET /api/v1/applications/{id}', 200, filed),
      ]);
      // Every dossier the school filed was this company's.
      expect(await listed()).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
