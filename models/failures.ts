// Failure types that cross the line between activities, workflows and the API. Pure constants,
// so a workflow can import them without pulling in any schema library.

/** An activity met a stored policy out of bounds; the workflow parks the dossier. */
export const INVALID_POLICY = 'InvalidPolicy';

/** An action the dossier's current status does not allow: the API answers 409. */
export const STATUS_CONFLICT = 'StatusConflict';
