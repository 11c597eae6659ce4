import { createHash, randomUUID } from 'node:crypto';
import type { Caps } from '../models/caps';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection } from 'mongoose';
import { z } from 'zod';
import type { ApplicationDossier } from '../models/application-dossier';
import { capResponse } from '../models/caps';
import { MAX_DOCUMENT_BYTES, documentView, takesDocuments } from '../models/document';
import { applicationModel } from '../store/applications';
import { DOCUMENT_BUCKET, DOCUMENT_FILES, type DocumentRecord, documentModel, dossierDocuments } from '../store/documents';
import { fileStore } from '../store/files';
import type { Principal, Role } from '../platform/auth';
import type { mandateRoutes } from './mandates';
import { refusal } from '../models/problem-codes';
import { Problem, fieldProblem, fieldRefusal, notFound } from './problem';
import type { Routes } from './routes';
import { UPLOAD_TIMEOUT_RESPONSE } from './server';
import { canSee, capReached } from './tenancy';
import { readMultipart } from './uploads';

// Documents of an application dossier as files: a multipart upload streamed into the store's
// chunks (store/files.ts), recognised by its first bytes (PDF, PNG or JPEG), at most 10 MB, its
// SHA-256 recorded (store/documents.ts). The file is answered to the dossier's
// parties only, others get a 404; a supplement hands the uploads to the completeness check.

/** Who may see a dossier's documents (canSee narrows it to the dossier's own parties). */
const DOSSIER_PARTIES: Role[] = ['company', 'school', 'reviewer', 'coordinator', 'admin'];

/** A record whose file is gone: a fault of the store, not of the caller. */
function missingFile(fileId: string): never {
  throw new Problem(503, 'Service Unavailable', `The file ${fileId} of this document cannot be read from the store`);
}

/** The content types recognised by a file's first bytes. */
const SIGNATURES: Array<{ contentType: string; magic: Buffer }> = [
  { contentType: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1') },
  { contentType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { contentType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
];
const SNIFF_BYTES = 8;

export function sniffContentType(head: Buffer): string | undefined {
  return SIGNATURES.find(({ magic }) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic))?.contentType;
}

const kindField = z.string().trim().min(1).max(100);
const params = z.object({ id: z.string().trim().min(1).max(80) });
const documentParams = params.extend({ documentId: z.string().trim().min(1).max(80) });

interface Received {
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  fileId: string;
}

type Files = ReturnType<typeof fileStore>;

function unrecognised(): never {
  throw fieldProblem(refusal('file', 'file-type', 'must be a PDF, PNG or JPEG file (recognised by its content)'), 415);
}

/**
 * Streams the `file` part into the store, recognising it by its first bytes, counting and
 * hashing it; a refusal or a part cut off leaves nothing stored (the upload's `abort`).
 */
async function storeDocument(files: Files, part: Readable, fileName: string): Promise<Received> {
  const upload = files.openUploadStream();
  const hash = createHash('sha256');
  let size = 0;
  let contentType: string | undefined;
  try {
    await pipeline(
      part,
      async function* (chunks: AsyncIterable<Buffer>) {
        let head = Buffer.alloc(0);
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > MAX_DOCUMENT_BYTES)
            throw new Problem(413, 'Content Too Large', `A document may be at most ${MAX_DOCUMENT_BYTES} bytes`);
          hash.update(chunk);
          if (contentType) {
            yield chunk;
            continue;
          }
          head = Buffer.concat([head, chunk]);
          if (head.length < SNIFF_BYTES) continue;
          contentType = sniffContentType(head) ?? unrecognised();
          yield head;
        }
        if (!contentType) {
          contentType = sniffContentType(head) ?? unrecognised();
          yield head;
        }
      },
      upload,
    );
  } catch (error) {
    await upload.abort();
    throw error;
  }
  return { name: fileName || 'document', size, sha256: hash.digest('hex'), contentType: contentType!, fileId: upload.id };
}

interface DocumentDependencies {
  db: Connection;
  mandates: Pick<ReturnType<typeof mandateRoutes>, 'requireMandate' | 'inForce'>;
  caps: Caps;
}

export function documentRoutes(routes: Routes, deps: DocumentDependencies) {
  const applications = applicationModel(deps.db);
  const records = documentModel(deps.db);
  const uploads = dossierDocuments(deps.db);
  const files = fileStore(deps.db, DOCUMENT_FILES);
  // Files of uploads from before the chunk store, kept in the driver's GridFS bucket.
  const legacyBucket = () => new mongoose.mongo.GridFSBucket(deps.db.db!, { bucketName: DOCUMENT_BUCKET });

  async function dossier(principal: Principal, id: string): Promise<ApplicationDossier> {
    const doc = await applications.findById(id).lean();
    if (!doc || !canSee(principal, doc as never, deps.mandates)) throw notFound(`No application ${id}`);
    return doc as ApplicationDossier;
  }

  const upload = documentUpload(routes, deps, dossier);

  const list = routes.add({
    method: 'get',
    path: '/api/v1/applications/:id/documents',
    summary: 'The documents uploaded to an application dossier, oldest first (its parties only)',
    tag: 'Applications',
    roles: DOSSIER_PARTIES,
    params,
    responses: { 200: { description: 'Each upload with its SHA-256', schema: z.array(documentView) } },
    handler: async ({ params, principal }) => {
      await dossier(principal, params.id);
      return { status: 200, body: await uploads.list(params.id) };
    },
  });

  const download = routes.add({
    method: 'get',
    path: '/api/v1/applications/:id/documents/:documentId',
    summary: 'Download a document of an application dossier (its parties only)',
    tag: 'Applications',
    roles: DOSSIER_PARTIES,
    params: documentParams,
    responses: { 200: { description: 'The file, as an attachment with its content type' } },
    handler: async ({ params, principal }) => {
      await dossier(principal, params.id);
      const record = await records.findById(params.documentId).lean();
      if (!record || record.applicationId !== params.id) throw notFound(`No document ${params.documentId}`);
      const safeName = record.name.replace(/[^\w.\- ]/g, '_');
      return {
        status: 200,
        stream:
          typeof record.fileId === 'string'
            ? ((await files.openDownloadStream(record.fileId)) ?? missingFile(record.fileId))
            : legacyBucket().openDownloadStream(record.fileId),
        headers: {
          'content-type': record.contentType,
          'content-length': String(record.size),
          'content-disposition': `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(record.name)}`,
          'x-content-sha256': record.sha256,
        },
      };
    },
  });

  return { upload, list, download };
}

/** An upload: streamed into the store, recognised by its first bytes, within the dossier's cap. */
function documentUpload(
  routes: Routes,
  deps: DocumentDependencies,
  dossier: (principal: Principal, id: string) => Promise<ApplicationDossier>,
) {
  const records = documentModel(deps.db);
  const uploads = dossierDocuments(deps.db);
  const cap = deps.caps.uploadsPerDossier;
  const files = fileStore(deps.db, DOCUMENT_FILES);

  const upload = routes.add({
    method: 'post',
    path: '/api/v1/applications/:id/documents',
    summary:
      "Upload a document to an application dossier: PDF, PNG or JPEG, at most 10 MB (the dossier's company, or the school that filed it)",
    tag: 'Applications',
    roles: ['company', 'school'],
    params,
    streamed: {
      contentType: 'multipart/form-data',
      schema: z.object({
        kind: z.string().meta({ description: 'The kind of document, as a policy names it in `requiredDocuments`' }),
        file: z.string().meta({ format: 'binary', description: 'PDF, PNG or JPEG, recognised by its content; at most 10 MB' }),
      }),
    },
    responses: {
      201: { description: 'The document as stored, with its SHA-256', schema: documentView.omit({ uploadedAt: true }) },
      400: { description: 'Invalid input (`errors` names the field), or a body cut off before its end (`malformed`)' },
      408: UPLOAD_TIMEOUT_RESPONSE,
      409: capResponse('uploadsPerDossier', 'The application is approved, withdrawn or lapsed: it takes no more documents'),
      415: { description: 'The file is not a PDF, PNG or JPEG by its content, or the body is not multipart/form-data' },
    },
    handler: async ({ params, principal, request }) => {
      const doc = await dossier(principal, params.id);
      if (!takesDocuments(doc.status))
        throw new Problem(409, 'Conflict', `The application is ${doc.status}: it takes no more documents`);
      if (principal.role === 'school') await deps.mandates.requireMandate(doc.enterpriseNumber, principal.schoolId);
      // Refused before a byte of the file is read; uploads at once are held to it by their slots.
      if ((await uploads.list(params.id)).length >= cap) throw capReached('uploadsPerDossier', cap);
      if (!request) throw new Problem(415, 'Unsupported Media Type', 'An upload needs a multipart/form-data request');
      const form = await readMultipart(request, {
        limits: { files: 1, fields: 5, parts: 6 },
        store: (part, info) => storeDocument(files, part, info.filename ?? ''),
        discard: (received) => files.delete(received.fileId),
      });
      const received = form.file;
      if (!received) throw fieldRefusal('file', 'file-required', 'is required');
      const parsedKind = kindField.safeParse(form.fields.get('kind'));
      if (!parsedKind.success) {
        await files.delete(received.fileId);
        throw fieldRefusal('kind', 'kind-required', 'is required (1 to 100 characters)');
      }
      const id = randomUUID();
      const record: DocumentRecord = {
        _id: id,
        applicationId: params.id,
        kind: parsedKind.data,
        name: received.name.slice(0, 200),
        size: received.size,
        sha256: received.sha256,
        contentType: received.contentType,
        uploadedAt: new Date().toISOString(),
        uploadedBy: principal.sub,
        fileId: received.fileId,
      };
      const { kind, name, size, sha256, contentType, uploadedAt } = record;
      try {
        await records.create(record);
        if (!(await uploads.add(params.id, { id, kind, name, size, sha256, contentType, uploadedAt }, cap))) {
          await records.deleteOne({ _id: id });
          throw capReached('uploadsPerDossier', cap);
        }
      } catch (error) {
        await files.delete(received.fileId).catch(() => undefined);
        throw error;
      }
      return {
        status: 201,
        body: { id, kind, name, size, sha256, contentType },
        headers: { Location: `/api/v1/applications/${encodeURIComponent(params.id)}/documents/${id}` },
      };
    },
  });
  return upload;
}
