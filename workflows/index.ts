// Every workflow the worker runs; the worker's bundle starts from this file.
export { roundtripWorkflow } from './diagnostics';
