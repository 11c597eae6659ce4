import type { Connection, IndexDefinition, IndexOptions, Model } from 'mongoose';
import { Schema, mongo } from 'mongoose';

// The store layer: every collection and its indexes. Only activities, the API and tooling
// import it; models/ stays pure, so a workflow can never pull mongoose into its bundle.

/**
 * A collection whose document shape is defined once, by the TypeScript type of a zod schema in
 * models/: the mongoose schema only names the collection, the string `_id` and the indexes,
 * instead of repeating every field by hand. Nothing is validated on write: what is written was
 * validated at the API and built by a workflow or activity from it.
 */
export function storedModel<T>(
  connection: Connection,
  name: string,
  indexes: Array<[IndexDefinition, IndexOptions?]> = [],
): Model<T & { _id: string }> {
  const existing = connection.models[name];
  if (existing) return existing as Model<T & { _id: string }>;
  const schema = new Schema({ _id: String }, { strict: false, versionKey: false, collection: name, autoCreate: false });
  for (const [fields, options] of indexes) schema.index(fields, options);
  return connection.model<T & { _id: string }>(name, schema as Schema<T & { _id: string }>);
}

/** A write refused because a document with its key exists (for a bulk write: every refusal is that). */
export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof mongo.MongoBulkWriteError) return [error.writeErrors].flat().every((e) => e.code === 11000);
  return error instanceof mongo.MongoServerError && error.code === 11000;
}

/**
 * Inserts a document unless one with its `_id` exists; true when it inserted. Idempotent, and
 * used instead of an upsert with `$setOnInsert`, which FerretDB 1.x applies without the empty
 * arrays of the document.
 */
export async function insertIfAbsent<T>(model: Model<T & { _id: string }>, document: T & { _id: string }): Promise<boolean> {
  try {
    await model.collection.insertOne(document as never);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
