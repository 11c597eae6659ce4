import { randomUUID } from 'node:crypto';

// What global-setup started, read by every suite.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through jest (global-setup sets it)`);
  return value;
}

/** A MongoDB URI for a database of the suite's own, so suites never see each other's data. */
export function uniqueMongoUri(): string {
  const url = new URL(required('ERKEND_TEST_MONGODB_URI'));
  url.pathname = `/test-${randomUUID().slice(0, 8)}`;
  return url.toString();
}

export const temporalAddress = () => required('ERKEND_TEST_TEMPORAL_ADDRESS');
export const workflowBundlePath = () => required('ERKEND_WORKFLOW_BUNDLE');
export const testServerLauncher = () => process.env.ERKEND_TEST_SERVER_LAUNCHER;
export const scratchDir = () => required('ERKEND_TEST_SCRATCH');
