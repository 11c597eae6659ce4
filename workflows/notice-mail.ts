import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { MAIL_REFUSED, type NoticeMailInput } from './notice-mail.messages';
import { doublingRetry } from './steps';

// One notice mailed, apart from the dossier's workflow, so a mail server that refuses or is away
// never holds up a dossier's step. A temporary refusal (4xx) or a connection that fails is tried
// again, a second's pause doubling up to ten minutes, MAIL_ATTEMPTS times in all (about 40
// minutes); a permanent refusal (5xx) at once fails. Either way the notice is then `failed` in
// the outbox, where an admin sees it and retries it.

const MAIL_ATTEMPTS = 12;

const mailer = (maximumAttempts: number) =>
  proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    retry: { ...doublingRetry('10 minutes', maximumAttempts), nonRetryableErrorTypes: [MAIL_REFUSED] },
  });

const { markNoticeUndelivered } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: doublingRetry('1 minute'),
});

export async function noticeMailWorkflow(input: NoticeMailInput): Promise<void> {
  try {
    await mailer(input.once ? 1 : MAIL_ATTEMPTS).mailNotice(input.noticeId);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await markNoticeUndelivered(input.noticeId);
  }
}
