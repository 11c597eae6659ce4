// The burden (planlast) of one application, counted by its workflow as its steps happen: pure
// and free of zod, so the workflow bundle can use it. Its schema is the dossier's field in
// models/application-dossier.ts; the yearly indicators are in models/monitoring.ts.

/** What an application asked of the company and of the partnership, as it happened. */
export interface Burden {
  /** Values the company filled in: at intake, plus those of each supplement. */
  fieldsAsked: number;
  /** Documents the policy required at intake, plus the items of information requests. */
  documentsAsked: number;
  /** Information requests, the automatic completeness check's included. */
  infoRequests: number;
  /** Reviewer or coordinator actions: visits, information requests, decisions. */
  reviewerTouches: number;
  /** Days from submission to the (latest) decision. */
  daysToDecision?: number;
  /** The (latest) decision came before its deadline. */
  decidedWithinDeadline?: boolean;
}

/** Fields that are not filled in as values: documents are counted as documents, a message is a note. */
const NOT_FIELDS = new Set(['documents', 'message', 'by']);

/** The values filled in: every leaf (text, number, yes/no) of the input, documents aside. */
export function fieldsFilledIn(input: object): number {
  const leaves = (value: unknown): number => {
    if (value === undefined || value === null || value === '') return 0;
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + leaves(item), 0);
    if (typeof value === 'object') return Object.values(value).reduce((sum: number, item) => sum + leaves(item), 0);
    return 1;
  };
  return Object.entries(input).reduce((sum, [key, value]) => sum + (NOT_FIELDS.has(key) ? 0 : leaves(value)), 0);
}

export const DAY_MS = 86_400_000;

/** Days between two moments, to the thousandth (policies of seconds give fractions). */
export const daysBetween = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / DAY_MS) * 1000) / 1000;
