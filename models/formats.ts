import { z } from 'zod';
import { DURATION_PATTERN } from './duration';

// Shared zod formats of the contract (Formats), used by every input schema.

export const isoDuration = z
  .string()
  .regex(DURATION_PATTERN, 'must be an ISO 8601 duration such as P14D, P5Y or PT30S')
  .meta({ example: 'P14D' });
