// The notice mail workflow's messages: one short workflow per notice and send, started by the
// activity that records a step's notices and by an admin's retry of a failed one.

export const NOTICE_MAIL_WORKFLOW = 'noticeMailWorkflow';

/**
 * A notice's send after `attempts` earlier tries: the first is `-0`, an admin's retry after two
 * tries `-2`, so the same retry asked twice starts one workflow and sends once.
 */
export const noticeMailWorkflowId = (noticeId: string, attempts = 0) => `notice-mail-${noticeId}-${attempts}`;

export interface NoticeMailInput {
  noticeId: string;
  /** One try only (an admin's retry, who sees its outcome), instead of the backoff. */
  once?: boolean;
}

/** The SMTP server refused the mail for good (5xx): no retry can heal it. */
export const MAIL_REFUSED = 'MailRefused';

/** The workflow's signature, for clients that start it by name without importing its code. */
export type NoticeMailWorkflow = (input: NoticeMailInput) => Promise<void>;
