// Failure types that cross the line between activities, workflows and the API. Pure constants,
// so a workflow can import them without pulling in any schema library.

/** An activity met a stored policy out of bounds; the workflow parks the dossier. */
export const INVALID_POLICY = 'InvalidPolicy';

/** An action the dossier's current status does not allow: the API answers 409. */
export const STATUS_CONFLICT = 'StatusConflict';

/** A webhook URL resolves to an address it may never be sent to: no retry can heal that. */
export const WEBHOOK_ADDRESS_REFUSED = 'WebhookAddressRefused';

/** A dossier names a partnership the catalogue does not have (any more). */
export const UNKNOWN_PARTNERSHIP = 'UnknownPartnership';
