import { z } from 'zod';

// A company's or school's own notifications (contract v3, "A recognition's life"): the notices
// the outbox holds for it, as the mail had them, with what they concern and whether it read them.

export const NOTICES_PAGE_MAX = 200;

export const noticeListQuery = z
  .object({
    read: z.enum(['true', 'false']).optional().describe('Only those marked read (true) or not yet (false)'),
    limit: z.coerce.number().int().min(1).max(NOTICES_PAGE_MAX).default(50),
    before: z.string().trim().min(1).max(200).optional().describe("A notice's `id`: the notices older than it (the next page)"),
  })
  .strict();

export const noticeView = z
  .object({
    id: z.string(),
    at: z.string().describe('When it was sent (RFC 3339)'),
    template: z.string().describe('What kind of notice, e.g. check_opened, placement_proposed'),
    subject: z.string().describe('In Dutch, as the mail had it'),
    text: z.string().describe('In Dutch, as the mail had it'),
    applicationId: z.string().optional().describe('The application it concerns'),
    recognitionId: z.string().optional().describe('The recognition it concerns'),
    placementId: z.string().optional().describe('The placement it concerns'),
    read: z.boolean(),
    readAt: z.string().optional().describe('When it was marked read (RFC 3339)'),
  })
  .describe(
    'A notice to the company or school that reads it. Notices recorded before they named whose they are ' +
      '(before notices were listed) are not among them; the outbox keeps them until its retention deletes them.',
  )
  .meta({ id: 'Notice' });

export type Notice = z.infer<typeof noticeView>;
