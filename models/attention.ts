import { z } from 'zod';

/**
 * A dossier parked for an operator: its workflow met a value it cannot work with (an invalid
 * stored policy) and waits, reading it again now and then, until someone repairs it.
 */
export const attentionSchema = z
  .object({
    reason: z.string().describe('What is wrong and how to repair it'),
    since: z.string().describe('RFC 3339'),
  })
  .meta({ id: 'Attention' });

export type Attention = z.infer<typeof attentionSchema>;
