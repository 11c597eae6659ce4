import { call, type contractCalls, every } from './contract-calls';

// The contract walk's administrator beyond the contract: the outbox with each notice's mail
// delivery (the walk's stack has no SMTP_URL: not-configured), the dossiers parked for an
// operator (none), and a retry refused for a notice that did not fail; the ping that tells a
// signed-in caller its role. Called by test/contract-walk.e2e.test.ts once its dossiers have
// sent their notices.

const NOTICE = ['id', 'to', 'audience', 'template', 'subject', 'text', 'createdAt', 'delivery.status', 'delivery.attempts'];

export async function walkAdministration({ walk, step }: ReturnType<typeof contractCalls>) {
  const [notices] = await walk([
    call('admin', 'GET /api/v1/admin/outbox?delivery={delivery}&limit={limit}', 200, {
      params: { delivery: 'not-configured', limit: '5' },
      fields: every(NOTICE),
    }),
    call('admin', 'GET /api/v1/admin/parked', 200, { is: [] }),
    call('admin', 'GET /api/v1/ping', 200, { is: { ok: true, role: 'admin' } }),
    call('school', 'GET /api/v1/ping', 200, { is: { ok: true, role: 'school' } }),
    call(undefined, 'GET /api/v1/ping', 401),
  ]);
  expect(notices).toHaveLength(5);
  expect(notices!.every((n: { delivery: { status: string } }) => n.delivery.status === 'not-configured')).toBe(true);
  await step(call('admin', 'POST /api/v1/admin/outbox/{id}/retry', 409, { params: { id: notices![0].id as string } }));
}
