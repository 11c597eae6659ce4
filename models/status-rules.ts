/**
 * Which action a dossier's status allows, from a table of action → statuses. The API uses it
 * for an immediate 409, the workflow's update validators for the last word.
 */
export function statusRules<S extends string, T extends Record<string, readonly S[]>>(table: T, noun: string) {
  return {
    allowed: (action: keyof T, status: S) => (table[action] as readonly S[]).includes(status),
    refusal: (action: keyof T, status: S) =>
      `${String(action)} is not possible while the ${noun} is ${status} (only when ${table[action]!.join(' or ')})`,
  };
}
