import type { Recognition } from './recognition';
import { isLiveRecognitionStatus } from './recognition-status';
import { nameKey } from './register';

// The partnership's overview of its recognitions (GET /api/v1/recognitions with `q`,
// `expiringBefore` and `attention`): which need attention, what a search matches and in which
// order they come. Pure: the API filters its read model's entries with it, the pages say the same.

/** What may need the partnership's attention, as the list filters it. */
export const ATTENTION_FILTERS = ['condition-missed', 'plan-overdue', 'parked', 'change-pending'] as const;
export type AttentionFilter = (typeof ATTENTION_FILTERS)[number];

/** A mentor-training condition whose due date passed without it being met: a task for the partnership. */
export const isMissed = (condition: Recognition['conditions'][number]) => Boolean(condition.missedAt && !condition.metOn);

/** The conditions of a recognition that were missed and are still not met, the earliest due first. */
export const missedConditions = (recognition: Pick<Recognition, 'conditions'>) =>
  (recognition.conditions ?? []).filter(isMissed).sort((a, b) => a.dueOn.localeCompare(b.dueOn));

/**
 * What a list entry needs of a recognition to filter on attention; left out when nothing needs
 * it. A missed condition counts while the recognition is in force (active or suspended): once it
 * ended, nothing is left to follow up.
 */
export function attentionFields(recognition: Pick<Recognition, 'status' | 'conditions' | 'attention' | 'pendingChange'>): {
  missedDueOn?: string;
  parkedSince?: string;
  changeDue?: string;
} {
  const [earliest] = isLiveRecognitionStatus(recognition.status) ? missedConditions(recognition) : [];
  return {
    ...(earliest ? { missedDueOn: earliest.dueOn } : {}),
    ...(recognition.attention ? { parkedSince: recognition.attention.since } : {}),
    ...(recognition.pendingChange ? { changeDue: recognition.pendingChange.due } : {}),
  };
}

/** The fields a search looks at. */
interface Searched {
  companyName: string;
  enterpriseNumber: string;
  establishmentNumber: string;
}

/**
 * Whether a recognition matches the search `q`: a number (digits with dots, spaces or `BE`, at
 * least three digits) is looked for in its enterprise and establishment numbers; anything else
 * in its company name, without regard to case or accents.
 */
export function matchesSearch(entry: Searched, q: string): boolean {
  const digits = q.replace(/\D/g, '');
  if (/^(be)?[\d.\s]+$/i.test(q.trim()) && digits.length >= 3)
    return entry.enterpriseNumber.includes(digits) || entry.establishmentNumber.includes(digits);
  const key = nameKey(q);
  return key !== '' && nameKey(entry.companyName).includes(key);
}

interface Ordered {
  id: string;
  validFrom: string;
  validUntil: string;
  companyName: string;
  missedDueOn?: string;
  changeDue?: string;
}

type Order = (a: Ordered, b: Ordered) => number;

/**
 * The overview's order: with `attention=condition-missed` the longest overdue condition first,
 * with `expiringBefore` the nearest end first, else the newest first; then by name and id, so
 * that a next page (by `offset`) continues where the last one ended.
 */
export function overviewOrder(query: { attention?: AttentionFilter; expiringBefore?: string }): Order {
  const first: Order =
    query.attention === 'condition-missed'
      ? (a, b) => (a.missedDueOn ?? '').localeCompare(b.missedDueOn ?? '')
      : query.attention === 'change-pending'
        ? (a, b) => (a.changeDue ?? '').localeCompare(b.changeDue ?? '')
        : query.expiringBefore
          ? (a, b) => a.validUntil.localeCompare(b.validUntil)
          : (a, b) => b.validFrom.localeCompare(a.validFrom);
  return (a, b) => first(a, b) || a.companyName.localeCompare(b.companyName) || a.id.localeCompare(b.id);
}
