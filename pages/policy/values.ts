import type { FormValues } from '../forms';
import { DURATIONS, FIELD_ORDER, amountAndUnit, rowsOf, termOf } from './fields';
import { improvementBody, improvementFormPath, improvementValues } from './improvement';

// The policy as the form's values, and the API's policy from a posted form.

// A term is two fields, `<path>.amount` and `<path>.unit`, while its refusals stay under the
// API's path (`decisionDeadline`): the summary's labels are the API's paths as everywhere, and
// the amount field carries the id of that path, so a summary link lands on the number to change.
export const amountName = (path: string) => `${path}.amount`;
export const unitName = (path: string) => `${path}.unit`;

/** The policy as the form shows it. */
export function valuesOf(policy: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const path of DURATIONS) {
    const { amount, unit } = amountAndUnit(typeof policy[path] === 'string' ? policy[path] : '');
    values[amountName(path)] = amount;
    values[unitName(path)] = unit;
  }
  values.mentorChangeCheck = policy.mentorChangeCheck === false ? '' : 'true';
  values.learnerFeedbackThreshold = thresholdText(policy.learnerFeedbackThreshold);
  values.capacityIncreaseWithoutReview =
    typeof policy.capacityIncreaseWithoutReview === 'number' ? String(policy.capacityIncreaseWithoutReview) : '';
  values.requiredDocuments = Array.isArray(policy.requiredDocuments) ? policy.requiredDocuments.join('\n') : '';
  const questions = Array.isArray(policy.selfAssessment) ? (policy.selfAssessment as Array<Record<string, unknown>>) : [];
  questions.forEach((q, index) => {
    values[`selfAssessment.${index}.id`] = String(q?.id ?? '');
    values[`selfAssessment.${index}.question`] = String(q?.question ?? '');
  });
  return { ...values, ...improvementValues(policy) };
}

/** The threshold as a Dutch reader writes it (2,5). */
export const thresholdText = (value: unknown) => (typeof value === 'number' ? String(value).replace('.', ',') : '');

/** The self-assessment rows the form has, by their index in the form: each with an id or a question. */
export const questionRows = (values: FormValues) => rowsOf(values, 'selfAssessment', ['id', 'question']);

/**
 * The API's policy from the posted form, the reasons some terms could not be read, and which
 * form row each question of the body came from (the API names them by their place in the body).
 * A term left as it was keeps its stored form (P1Y6M stays P1Y6M, not P18M).
 */
export function policyOf(values: FormValues, stored: Record<string, unknown>) {
  // A field the form does not send (a form opened before the field existed) keeps its stored
  // value: the API replaces the whole policy, and would put its default in place of one left out.
  const body: Record<string, unknown> = { ...stored };
  const errors: Record<string, string> = {};
  for (const path of DURATIONS) {
    if (values[amountName(path)] === undefined && values[unitName(path)] === undefined) continue;
    const amount = values[amountName(path)] ?? '';
    const unit = values[unitName(path)] ?? '';
    const before = typeof stored[path] === 'string' ? amountAndUnit(stored[path]) : undefined;
    const term = termOf(amount, unit);
    if (before && before.unit === unit && before.amount === amount) body[path] = stored[path];
    else if ('iso' in term) body[path] = term.iso;
    else {
      // The API refuses the empty term too, so nothing is saved; the page's reason replaces its message.
      body[path] = '';
      errors[path] = term.error;
    }
  }
  body.mentorChangeCheck = values.mentorChangeCheck === 'true';
  // A number as typed, with a decimal comma; anything else (empty too) goes as text, which the API refuses.
  const threshold = values.learnerFeedbackThreshold?.replace(',', '.');
  if (threshold !== undefined) {
    body.learnerFeedbackThreshold = threshold !== '' && !Number.isNaN(Number(threshold)) ? Number(threshold) : threshold;
  }
  // A whole number as typed; anything else goes as text, which the API refuses naming the field.
  const places = values.capacityIncreaseWithoutReview?.trim();
  if (places !== undefined) body.capacityIncreaseWithoutReview = /^\d{1,3}$/.test(places) ? Number(places) : places;
  body.requiredDocuments = (values.requiredDocuments ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const rows = questionRows(values).filter((row) => values[`selfAssessment.${row}.remove`] !== 'true');
  body.selfAssessment = rows.map((row) => ({
    id: values[`selfAssessment.${row}.id`] ?? '',
    question: values[`selfAssessment.${row}.question`] ?? '',
  }));
  // A form from before the checklist and templates existed keeps them as stored.
  if (values.visitChecklist !== undefined) {
    const improvement = improvementBody(values);
    Object.assign(body, improvement.body);
    Object.assign(errors, improvement.errors);
    return { body, errors, rows: { questions: rows, templates: improvement.rows } };
  }
  return { body, errors, rows: { questions: rows, templates: [] } };
}

/** A refusal's field paths as the form names them: a document by its textarea, a question by its row. */
export function formPath(
  path: string,
  { questions: rows, templates } = { questions: [] as number[], templates: [] as number[] },
): string {
  if (path.startsWith('requiredDocuments.')) return 'requiredDocuments';
  const improvement = improvementFormPath(path, templates);
  if (improvement) return improvement;
  const question = /^selfAssessment\.(\d+)(\.\w+)?$/.exec(path);
  if (question && rows[Number(question[1])] !== undefined)
    return `selfAssessment.${rows[Number(question[1])]}${question[2] ?? ''}`;
  return path;
}

const rank = (path: string) => {
  const [field, row, part] = path.split('.');
  const at = FIELD_ORDER.indexOf(field!);
  return [at < 0 ? FIELD_ORDER.length : at, Number(row ?? -1), part === 'question' ? 1 : 0];
};

/** Messages in the order of the form. */
export function inFormOrder(fields: Record<string, string>): Record<string, string> {
  const compare = (a: string, b: string) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  };
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => compare(a, b)));
}
