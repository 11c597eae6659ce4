// What the messages of every dossier workflow share. Imported by the workflows, the API,
// activities and tests alike; nothing here runs workflow code.

export { STATUS_CONFLICT } from '../models/failures';

/** Who acts: the token subject of a person, or "system". */
export interface Actor {
  by: string;
}
