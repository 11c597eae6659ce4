import { z } from 'zod';
import type { ApplicationInput } from './application';

// Documents of an application dossier as files. Pure: what an upload is, and how uploads meet
// the policy's required documents.

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A dossier decided for good, withdrawn or lapsed takes no more documents. */
export const takesDocuments = (status: string) => !['approved', 'withdrawn', 'lapsed'].includes(status);

export const documentView = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    contentType: z.string(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'UploadedDocument' });

export type UploadedDocument = z.output<typeof documentView>;

/**
 * The application's documents with every upload it does not list yet, each named by its
 * `documentId`: what a supplement hands the completeness check, which counts documents by kind.
 * Undefined when nothing was uploaded since.
 */
export function withUploads(
  documents: ApplicationInput['documents'],
  uploads: UploadedDocument[],
): ApplicationInput['documents'] | undefined {
  const listed = new Set(documents.map((d) => d.documentId).filter(Boolean));
  const added = uploads
    .filter((u) => !listed.has(u.id))
    .map((u) => ({ kind: u.kind.slice(0, 80), name: u.name.slice(0, 200), documentId: u.id }));
  if (added.length === 0) return undefined;
  // The newest first when the list is full: an upload is never dropped for an old name.
  return [...documents, ...added].slice(-30);
}
