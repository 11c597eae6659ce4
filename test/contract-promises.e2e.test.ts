import { connect } from 'node:net';
import { PDF, TIMEOUT_MS, approved, call, contractCalls } from './support/contract-calls';
import { ADMIN, COMPANY, SCHOOL, reviewerOf } from './support/people';
import { daysFromToday } from './support/sample-application';
import { type Json, suiteStack } from './support/stack';

// What the public contract (../shared/contract.md) promises beyond the walk of its calls
// (test/contract-walk.e2e.test.ts): an operation it shows without a body takes none, however a
// client sends that; and a school no longer reads a dossier once its mandate is revoked.

describe('the public contract, called as written (dev server, FerretDB)', () => {
  const stack = suiteStack({ admin: ADMIN, company: COMPANY, reviewer: reviewerOf('bouw'), school: SCHOOL });
  const { tokens } = stack;
  const { step, walk, apply, send } = contractCalls(stack);

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
