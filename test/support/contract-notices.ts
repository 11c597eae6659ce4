import type { Json } from './stack';
import { call, type contractCalls, every } from './contract-calls';

// The contract walk's notices (contract v3, "A recognition's life"): the company and the school
// read their own notifications, newest first with `read`, and the company marks one read. Called
// by test/contract-walk.e2e.test.ts after the placements, which gave each party notices.

const NOTICE = ['id', 'read'];

export async function walkNotices({ step, walk }: ReturnType<typeof contractCalls>) {
  const company = (await step(call('company', 'GET /api/v1/notices', 200, { fields: every(NOTICE) }))) as unknown as Json[];
  const unread = { params: { id: company.find((notice) => !notice.read)!.id as string } };
  await walk([
    call('company', 'POST /api/v1/notices/{id}/read', 204, unread),
    call('company', 'GET /api/v1/notices?read={read}', 200, {
      params: { read: 'true' },
      is: [expect.objectContaining({ ...unread.params, read: true })],
    }),
    call('school', 'GET /api/v1/notices', 200, { fields: every(NOTICE) }),
  ]);
}
