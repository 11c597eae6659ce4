import { z } from 'zod';
import { isoDuration } from './formats';

// A roundtrip proves the whole chain an operator relies on: the API starts a workflow, the
// worker runs it, its activity writes to the store and the API reads the result back.

export const roundtripRequest = z
  .object({
    message: z.string().trim().min(1).max(200),
    delay: isoDuration('PT0S', 'P1Y', 'PT5S').optional().describe('How long the workflow waits before it records the roundtrip'),
  })
  .strict()
  .meta({ id: 'RoundtripRequest' });

export type RoundtripRequest = z.infer<typeof roundtripRequest>;

export const roundtrip = z
  .object({
    id: z.string(),
    message: z.string(),
    requestedAt: z.string().describe('RFC 3339 timestamp of the request'),
    recordedAt: z.string().describe('RFC 3339 timestamp at which the workflow recorded it'),
  })
  .meta({ id: 'Roundtrip' });

export type Roundtrip = z.infer<typeof roundtrip>;
