import { ADMIN, COMPANY } from './support/people';
import { sampleApplicationBody } from './support/sample-application';
import { smtpReceiverForSuite } from './support/smtp-receiver';
import { type Json, eventually, suiteStack } from './support/stack';

// Mail through SMTP_URL against a real SMTP server started here (nodemailer's smtp-server): the
// worker mails each notice of a dossier's step, records the delivery on the notice in the
// outbox, and an admin sees a refused one as failed and sends it again.

describe('mail delivery (a real SMTP server, dev server, FerretDB)', () => {
  const receiver = smtpReceiverForSuite();
  const { call } = suiteStack({ company: COMPANY, admin: ADMIN }, receiver.options);
  let smtp: ReturnType<typeof receiver.smtp>;
  beforeAll(() => (smtp = receiver.smtp()));

  /** Files the sample application: the notices of its intake, as the outbox holds them. */
  async function noticesOfNewApplication() {
    const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    expect(filed.status).toBe(202);
    const notices = await call('admin', 'GET', `/api/v1/outbox?applicationId=${filed.body.id}`);
    expect(notices.body.length).toBeGreaterThan(0);
    return notices.body as Json[];
  }

  const deliveryOf = async (id: string) => {
    const listed = await call('admin', 'GET', '/api/v1/admin/outbox?limit=200');
    return listed.body.find((n: Json) => n.id === id)?.delivery as Json | undefined;
  };
  const once = async (id: string, status: string) =>
    eventually(async () => {
      const delivery = await deliveryOf(id);
      return delivery?.status === status ? delivery : undefined;
    }, 30_000);

  it('mails each notice with its Dutch subject to its recipient, and the outbox says sent', async () => {
    const notices = await noticesOfNewApplication();
    const received = notices.find((n) => n.template === 'received')!;
    expect(received.subject).toMatch(/^Aanvraag tot erkenning ontvangen: /);
    for (const notice of notices) {
      const delivery = await once(notice.id, 'sent');
      expect(delivery).toEqual({ status: 'sent', attempts: 1, sentAt: expect.any(String) });
      const mail = smtp.mailOf(notice.id)!;
      expect(mail.to).toEqual([notice.to]);
      expect(mail.mail.subject).toBe(notice.subject);
      expect(mail.mail.text?.trim()).toBe(notice.text);
    }
    expect(received.to).toBe(sampleApplicationBody().contact.email);
  });

  it('records a permanent refusal (550) as failed at once, which the admin lists, and sends it again on retry', async () => {
    smtp.refuse(550, 'Mailbox unavailable');
    const notices = await noticesOfNewApplication();
    for (const notice of notices) {
      const delivery = await once(notice.id, 'failed');
      expect(delivery).toEqual({ status: 'failed', attempts: 1, lastError: expect.stringContaining('550') });
      expect(smtp.mailOf(notice.id)).toBeUndefined();
    }
    const failed = await call('admin', 'GET', '/api/v1/admin/outbox?delivery=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.map((n: Json) => n.id)).toEqual(expect.arrayContaining(notices.map((n) => n.id)));
    expect(failed.body.every((n: Json) => n.delivery.status === 'failed')).toBe(true);
    expect((await call('company', 'GET', '/api/v1/admin/outbox?delivery=failed')).status).toBe(403);

    // The server takes mail again; the admin's retry sends the notice once, the second try counted.
    smtp.accept();
    const [notice] = notices;
    const retried = await call('admin', 'POST', `/api/v1/admin/outbox/${notice!.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.id).toBe(notice!.id);
    const sent = await once(notice!.id, 'sent');
    expect(sent).toEqual({ status: 'sent', attempts: 2, sentAt: expect.any(String) });
    expect(smtp.mailOf(notice!.id)!.mail.subject).toBe(notice!.subject);
    expect(smtp.received.filter((r) => r.mail.messageId === `<${notice!.id}@erkend>`)).toHaveLength(1);

    // Sent is sent: a second retry is refused, and nothing is mailed again.
    expect((await call('admin', 'POST', `/api/v1/admin/outbox/${notice!.id}/retry`)).status).toBe(409);
    expect((await call('admin', 'POST', '/api/v1/admin/outbox/no-such-notice/retry')).status).toBe(404);
  });

  it('tries again after a temporary refusal (451) until the server takes the mail', async () => {
    smtp.refuse(451, 'Try again later');
    const [notice] = await noticesOfNewApplication();
    const waiting = await eventually(async () => {
      const delivery = await deliveryOf(notice!.id);
      return delivery?.lastError ? delivery : undefined;
    }, 30_000);
    expect(waiting).toMatchObject({ status: 'pending', lastError: expect.stringContaining('451') });
    smtp.accept();
    const sent = await once(notice!.id, 'sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(smtp.mailOf(notice!.id)!.to).toEqual([notice!.to]);
  });

  it("fails an admin's retry again when the server is still busy (451), one try counted", async () => {
    smtp.refuse(550, 'Mailbox unavailable');
    const [notice] = await noticesOfNewApplication();
    await once(notice!.id, 'failed');
    smtp.refuse(451, 'Try again later');
    expect((await call('admin', 'POST', `/api/v1/admin/outbox/${notice!.id}/retry`)).status).toBe(202);
    const again = await eventually(async () => {
      const delivery = await deliveryOf(notice!.id);
      return delivery?.status === 'failed' && delivery.attempts === 2 ? delivery : undefined;
    }, 30_000);
    expect(again.lastError).toContain('451');
    smtp.accept();
  });

  it('pages through the notices newest first with before', async () => {
    const first = await call('admin', 'GET', '/api/v1/admin/outbox?limit=2');
    expect(first.body).toHaveLength(2);
    const next = await call('admin', 'GET', `/api/v1/admin/outbox?limit=2&before=${first.body[1].id}`);
    const all = await call('admin', 'GET', '/api/v1/admin/outbox?limit=4');
    expect([...(first.body as Json[]), ...(next.body as Json[])].map((n: Json) => n.id)).toEqual(all.body.map((n: Json) => n.id));
  });
});
