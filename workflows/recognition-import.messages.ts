import type { ImportCounts } from '../activities/imports';
import type { ImportCursor } from '../store/imports';

// How a bulk import of recognitions is started and continued as new.

export const RECOGNITION_IMPORT_WORKFLOW = 'recognitionImportWorkflow';
export const recognitionImportWorkflowId = (importId: string) => `import-${importId}`;

export interface RecognitionImportInput {
  importId: string;
  cursor: ImportCursor;
  /** Carried over by continue-as-new; absent at the start. */
  batch?: number;
  counts?: ImportCounts;
  kept?: number;
}
