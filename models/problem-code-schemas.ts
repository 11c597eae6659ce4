import { z } from 'zod';
import { PROBLEM_CODES } from './problem-codes';

// The problem codes as schemas, for the answers and the documents that keep a refusal.

/** A code as answers (and the documents that keep a refusal) carry it. */
export const problemCode = z.enum(PROBLEM_CODES).describe('What is wrong: a stable code to go by (the message may change)');
export const problemParams = z
  .record(z.string(), z.unknown())
  .describe("The code's values, such as `minimum` for `too-small` (see the README's list of codes)");
