import fastJson from 'fast-json-stringify';
import { z, type ZodType } from 'zod';

// The hot answers (the register's verify and search, the lists) are written by a serialiser
// compiled from their response schema, rather than by generic JSON.stringify. The schema given
// to it is loosened so that the text holds exactly what JSON.stringify would write (only the
// order of keys may follow the schema): the serialiser never drops, invents or converts a value.

/** Writes an answer's body as JSON text. */
export type Serialiser = (body: unknown) => string;

type Schema = Record<string, unknown>;

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'null']);

/** A schema of one or more primitive types only (`{ type }`), whatever its constraints. */
const primitiveTypes = (schema: Schema): string[] | undefined => {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const nested = ['properties', 'items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', '$ref'].some((key) => key in schema);
  return types.length && !nested && types.every((type) => typeof type === 'string' && PRIMITIVES.has(type))
    ? (types as string[])
    : undefined;
};

/**
 * The same shape, written leniently: no `required` (a missing field is left out, as
 * JSON.stringify does, rather than an error), a field beyond the schema kept (rather than
 * dropped), no `const`, `enum` or `format` (the value itself is written), `integer` as `number`
 * (never rounded), and a choice that ends in "anything" (a value no branch fits is still
 * written); a choice of primitive types only is one schema, so no branch has to be tried.
 */
function lenient(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lenient);
  if (!node || typeof node !== 'object') return node;
  const { required: _required, const: _const, enum: _enum, format: _format, ...schema } = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs')
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([name, field]) => [name, lenient(field)]));
    else if (['items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not'].includes(key)) out[key] = lenient(value);
    else if (key !== 'additionalProperties') out[key] = value;
  }
  if (out.type === 'integer') out.type = 'number';
  if (Array.isArray(out.type)) out.type = out.type.map((type) => (type === 'integer' ? 'number' : type));
  if (out.type === 'object' || out.properties) out.additionalProperties = true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = out[key] as Schema[] | undefined;
    if (!branches) continue;
    const types = branches.map(primitiveTypes);
    if (types.every((type) => type !== undefined)) {
      delete out[key];
      const all = [...new Set(types.flat())];
      out.type = all.length === 1 ? all[0] : all;
    } else out[key] = [...branches, {}];
  }
  return out;
}

/** The serialiser of a response schema, compiled once (when its operation is added). */
export function compileSerialiser(schema: ZodType): Serialiser {
  // A fresh registry: every shape inline, none by a shared name (no references to resolve).
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', metadata: z.registry() });
  return fastJson(lenient(json) as Parameters<typeof fastJson>[0]) as Serialiser;
}
