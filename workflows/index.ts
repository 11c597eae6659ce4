// Every workflow the worker runs; the worker's bundle starts from this file.
export { applicationWorkflow } from './application-review';
export { roundtripWorkflow } from './diagnostics';
export { recognitionWorkflow } from './recognition-lifecycle';
export { webhookDeliveryWorkflow } from './webhook-delivery';
export { statusChangeFanoutWorkflow } from './status-change-fanout';
export { recognitionImportWorkflow } from './recognition-import';
export { retentionWorkflow } from './retention';
export { placementWorkflow } from './placement-agreement';
export { noticeMailWorkflow } from './notice-mail';
export { improvementPlanWorkflow } from './improvement-plan';
