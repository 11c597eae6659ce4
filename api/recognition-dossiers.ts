import type { Connection } from 'mongoose';
import type { recognitionWithPlacements } from '../models/recognition';
import type { RecognitionAction } from '../models/recognition-rules';
import type { StoredRecognition } from '../store/recognitions';
import type { catalogueRoutes } from './catalogue';
import type { dossierRoutes } from './dossier-routes';
import type { ReadModels } from './read-models';
import type { TemporalCalls } from './temporal-calls';

// What the recognitions' operations share, in a module of its own so that each of their files
// (the list, one recognition, its actions, its changes) depends on it and not on the others.

export interface RecognitionDependencies {
  db: Connection;
  calls: TemporalCalls;
  readModels: ReadModels;
  incidentReportsPerSchoolPerDay: number;
  catalogue: ReturnType<typeof catalogueRoutes>;
  now: () => Date;
}

/** A recognition as a dossier: read by whom may see it, changed through its workflow. */
export type RecognitionDossiers = ReturnType<
  typeof dossierRoutes<StoredRecognition, RecognitionAction, typeof recognitionWithPlacements>
>;
