import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities';
import { noticeMailWorkflow } from '../../workflows/notice-mail';
import { MAIL_REFUSED } from '../../workflows/notice-mail.messages';
import { recordHistory } from '../support/histories';
import { useStubbedWorkflows } from './stub-activities';

// The notice mail workflow with stub activities on the time-skipping server: how often a notice
// is tried and when it is marked undelivered. Against a real SMTP server: test/mail-delivery.e2e.test.ts.

/** A mail server that answers each try with `answer` (nothing: it takes the mail). */
function mailServer(answer?: () => Error) {
  const tries: string[] = [];
  const undelivered: string[] = [];
  const activities = {
    mailNotice: async (noticeId: string) => {
      tries.push(noticeId);
      if (answer) throw answer();
    },
    markNoticeUndelivered: async (noticeId: string) => {
      undelivered.push(noticeId);
    },
  } satisfies Partial<Activities>;
  return { activities, tries, undelivered };
}

const temporary = () => new Error('451 Try again later');
const permanent = () => ApplicationFailure.create({ type: MAIL_REFUSED, message: '550 Mailbox unavailable', nonRetryable: true });

describe('notice mail workflow, with stub activities', () => {
  const stubbed = useStubbedWorkflows();

  /** Mails a notice; `history`: the name its recorded history gets (RECORD_HISTORIES=1). */
  async function mail(server: ReturnType<typeof mailServer>, options: { once?: boolean; history?: string } = {}) {
    const noticeId = randomUUID();
    await stubbed.withWorker(server, async () => {
      const handle = await stubbed.env.client.workflow.start(noticeMailWorkflow, {
        taskQueue: stubbed.taskQueue,
        workflowId: `notice-mail-${noticeId}-0`,
        args: [{ noticeId, ...(options.once ? { once: true } : {}) }],
      });
      await handle.result();
      if (options.history) await recordHistory(handle, options.history);
    });
    return noticeId;
  }

  it('sends once and marks nothing when the server takes the mail', async () => {
    const server = mailServer();
    const id = await mail(server, { history: 'notice-mail-sent' });
    expect(server.tries).toEqual([id]);
    expect(server.undelivered).toEqual([]);
  });

  it('marks a permanent refusal undelivered after its one try', async () => {
    const server = mailServer(permanent);
    const id = await mail(server);
    expect(server.tries).toEqual([id]);
    expect(server.undelivered).toEqual([id]);
  });

  it('tries a temporary refusal twelve times with backoff, then marks it undelivered', async () => {
    const server = mailServer(temporary);
    const id = await mail(server, { history: 'notice-mail-undelivered' });
    expect(server.tries).toHaveLength(12);
    expect(server.undelivered).toEqual([id]);
  });

  it("tries an admin's retry once, whatever the answer", async () => {
    const server = mailServer(temporary);
    const id = await mail(server, { once: true });
    expect(server.tries).toEqual([id]);
    expect(server.undelivered).toEqual([id]);
  });
});
