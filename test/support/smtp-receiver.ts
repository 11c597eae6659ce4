import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { TestStackOptions } from './stack';

/**
 * A mail server on a local port (nodemailer's smtp-server): it keeps each mail it accepts,
 * parsed, with the recipients of its envelope, and refuses every recipient with `refusal` while
 * one is set, as a server that does not know the mailbox answers (550) or one that is busy (4xx).
 */
export async function startSmtpReceiver() {
  const received: Array<{ to: string[]; mail: ParsedMail }> = [];
  let refusal: { code: number; text: string } | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The mail whose Message-ID is a notice's (`<id@erkend>`), once it arrived. */
    mailOf: (noticeId: string) => received.find((r) => r.mail.messageId === `<${noticeId}@erkend>`),
    refuse: (code: number, text: string) => (refusal = { code, text }),
    accept: () => (refusal = undefined),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpReceiver = Awaited<ReturnType<typeof startSmtpReceiver>>;

/**
 * A receiver for a suite, started before its stack: pass `options` to `suiteStack` (its worker
 * then mails there, SMTP_URL) and read the receiver through `smtp()` once the suite runs.
 */
export function smtpReceiverForSuite() {
  let receiver: SmtpReceiver | undefined;
  const options: TestStackOptions = {};
  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    options.smtpUrl = receiver.url;
  });
  afterAll(() => receiver?.stop());
  return { options, smtp: () => receiver! };
}
