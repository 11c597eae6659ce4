import { type z, type ZodType } from 'zod';
import { Problem } from '../api/problem';
import { issueRefusal } from '../models/problem-codes';
import type { CapName } from '../models/caps';
import { CAP_TEXT, inDutch } from './dutch';

// Forms name their fields by the API's field paths (`mentors.0.birthDate`), so a posted form is
// turned into the API's input by those paths, and the API's refusals land beside the same fields.

export type FormValues = Record<string, string>;

/** A posted or path value as text; anything else (absent, repeated) as empty. */
export const stringOf = (value: unknown) => (typeof value === 'string' ? value : '');

/** A refusal to show: a message per field path, in Dutch, in the order of the form. */
export interface FormErrors {
  fields: Record<string, string>;
  /** A refusal that belongs to no field (a status that no longer allows the action). */
  general?: string;
}

/** What each field of a form reads, its value and its message: `<TextField {...field} name="…" />`. */
export interface FieldState {
  values: FormValues;
  errors?: FormErrors;
}

/** The values and messages a form's fields read, from its props or a refusal (none: an empty form). */
export const fieldsOf = (form?: { values?: FormValues; errors?: FormErrors }): FieldState => ({
  values: form?.values ?? {},
  errors: form?.errors,
});

/** The posted fields, without the CSRF token and with every value a trimmed string. */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (name === '_csrf' || name.startsWith('_')) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') values[name] = last.trim();
  }
  return values;
}

interface Node {
  type: string;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  innerType?: ZodType;
  in?: ZodType;
  out?: ZodType;
  left?: ZodType;
}

const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Node } })._zod.def;

/** The schema under wrappers (optional, default, pipes, refinements): what decides a value's type. */
function core(schema: ZodType): ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/**
 * The input a form's values stand for, shaped by the operation's schema: paths become nested
 * objects and arrays, a number field's text a number, a checkbox a boolean, and an empty
 * optional field is left out. What does not convert is passed as typed, for the schema to refuse
 * with its own message.
 */
export function formInput(schema: ZodType, values: FormValues): unknown {
  const build = (node: ZodType, prefix: string): unknown => {
    const inner = core(node);
    const def = defOf(inner);
    switch (def.type) {
      case 'object': {
        const result: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(def.shape ?? {})) {
          const value = build(field, prefix ? `${prefix}.${key}` : key);
          if (value !== undefined) result[key] = value;
        }
        return Object.keys(result).length || !prefix ? result : undefined;
      }
      case 'array': {
        const items: unknown[] = [];
        const indexes = new Set<number>();
        const start = prefix ? `${prefix}.` : '';
        for (const name of Object.keys(values)) {
          if (!name.startsWith(start)) continue;
          const index = Number(name.slice(start.length).split('.')[0]);
          if (Number.isInteger(index) && index >= 0 && index < 100) indexes.add(index);
        }
        for (const index of [...indexes].sort((a, b) => a - b)) {
          const item = build(def.element!, `${start}${index}`);
          if (item !== undefined && !(typeof item === 'object' && Object.keys(item as object).length === 0)) items.push(item);
        }
        // A list typed as one text per line (reasons, items) is one field.
        const whole = values[prefix];
        if (whole !== undefined && defOf(core(def.element!)).type === 'string') {
          items.push(
            ...whole
              .split(/\r?\n/)
              .map((line) => line.trim())
              .filter(Boolean),
          );
        }
        return items.length || whole !== undefined ? items : undefined;
      }
      case 'number': {
        const text = values[prefix];
        if (text === undefined || text === '') return undefined;
        const number = Number(text.replace(',', '.'));
        return Number.isNaN(number) ? text : number;
      }
      case 'boolean':
      case 'literal': {
        const text = values[prefix];
        if (text === undefined || text === '') return def.type === 'boolean' ? undefined : undefined;
        return text === 'true' || text === 'on' || text === 'ja' ? true : text === 'false' || text === 'nee' ? false : text;
      }
      default: {
        const text = values[prefix];
        return text === undefined || text === '' ? undefined : text;
      }
    }
  };
  return build(schema, '');
}

/** The refusal as the form shows it, or undefined for an error that is not a refusal of input. */
export function formErrors(error: unknown): FormErrors | undefined {
  if (!(error instanceof Problem)) return undefined;
  const { cap, limit } = error.extra as { cap?: CapName; limit?: number };
  if (error.status === 409 && cap && CAP_TEXT[cap])
    return { fields: {}, general: `Dat kan niet: het maximum van ${limit} ${CAP_TEXT[cap]} is bereikt.` };
  if (error.status === 409)
    return { fields: {}, general: 'Dat kan niet meer in de huidige stand van het dossier. Vernieuw de pagina.' };
  if (error.status !== 400 && error.status !== 403 && error.status !== 422) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of error.errors ?? []) {
    if (!fields[issue.path]) fields[issue.path] = inDutch(issue);
  }
  return Object.keys(fields).length ? { fields } : { fields, general: inDutch(error.reason ?? { message: error.detail }) };
}

/**
 * A refusal the form shows again: 400, or 409 when the status changed meanwhile (said as
 * `conflict` where the page has words of its own for it); anything else is thrown on.
 */
export function refusal(error: unknown, conflict?: string): { errors: FormErrors; status: number } {
  const changed = error instanceof Problem && error.status === 409;
  if (changed && conflict !== undefined) return { errors: { fields: {}, general: conflict }, status: 409 };
  const errors = formErrors(error);
  if (!errors) throw error;
  return { errors, status: changed ? 409 : 400 };
}

/** Validates values against a schema before they reach an operation (one step of a longer form). */
export function checkStep(schema: ZodType, values: FormValues): FormErrors | undefined {
  const input = formInput(schema, values);
  const result = (schema as z.ZodType).safeParse(input);
  if (result.success) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const refused = issueRefusal(issue, input);
    if (!fields[refused.path]) fields[refused.path] = inDutch(refused);
  }
  return { fields };
}

/** A date typed as people write it (27-11-2031, 27/11/2031) in the form the API takes. */
export function isoFromTyped(value: string): string {
  const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  return match ? `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}` : value;
}
