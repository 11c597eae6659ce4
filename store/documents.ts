import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import type { UploadedDocument } from '../models/document';
import { fileStore } from './files';
import { insertIfAbsent, storedModel } from './stored-model';

// The uploaded documents of application dossiers: the files in the chunk store, a record per
// document keyed by its id (the download reads it by `_id`), and the dossier's list as one
// entry per upload keyed `<applicationId>:<n>`, n from 1, so the list too is read by `_id`.

/** Uploads before the chunk store (store/files.ts) are in the driver's GridFS bucket of this name. */
export const DOCUMENT_BUCKET = 'application_documents';
export const DOCUMENT_FILES = 'application_document';

export interface DocumentRecord extends Omit<UploadedDocument, 'id'> {
  _id: string;
  applicationId: string;
  uploadedBy: string;
  /** In the chunk store (store/files.ts); an ObjectId: in the GridFS bucket of older uploads. */
  fileId: string | mongoose.Types.ObjectId;
}

export function documentModel(connection: Connection) {
  return storedModel<DocumentRecord>(connection, 'application_document_records');
}

interface UploadSlot extends UploadedDocument {
  _id: string;
}

function uploadSlotModel(connection: Connection) {
  return storedModel<UploadSlot>(connection, 'application_document_slots');
}

export function dossierDocuments(connection: Connection) {
  const slots = uploadSlotModel(connection);

  /**
   * The dossier's uploads, oldest first: slots 1, 2, ... read by `_id` until one is absent
   * (slots are taken in order and never given back, so as many as the cap let be taken).
   */
  async function list(applicationId: string): Promise<UploadedDocument[]> {
    const found: UploadedDocument[] = [];
    for (let n = 1; ; n++) {
      const slot = await slots.findById(`${applicationId}:${n}`).lean();
      if (!slot) return found;
      const { _id: _slot, ...view } = slot as UploadSlot;
      found.push(view);
    }
  }

  /**
   * Takes the dossier's next free slot up to `cap` with `insertIfAbsent`, so two uploads at once
   * each get their own on FerretDB (no read-modify-write of a list); false when all are taken.
   */
  async function add(applicationId: string, view: UploadedDocument, cap: number): Promise<boolean> {
    for (let n = (await list(applicationId)).length + 1; n <= cap; n++) {
      if (await insertIfAbsent(slots, { _id: `${applicationId}:${n}`, ...view })) return true;
    }
    return false;
  }

  return { list, add };
}

/**
 * Deletes a dossier's uploads (retention, an erasure request): each file, then its record, then
 * the slots highest first, so that a deletion cut off leaves a list its retry finds and
 * finishes. Returns how many uploads it deleted.
 */
export async function deleteDossierDocuments(db: Connection, applicationId: string): Promise<number> {
  const uploads = await dossierDocuments(db).list(applicationId);
  const records = documentModel(db);
  for (const upload of uploads) {
    const record = await records.findById(upload.id).lean();
    if (!record) continue;
    if (typeof record.fileId === 'string') await fileStore(db, DOCUMENT_FILES).delete(record.fileId);
    else {
      const bucket = new mongoose.mongo.GridFSBucket(db.db!, { bucketName: DOCUMENT_BUCKET });
      // Gone already when an earlier attempt was cut off after it.
      await bucket.delete(record.fileId).catch((error: unknown) => {
        if (!(error instanceof mongoose.mongo.MongoRuntimeError)) throw error;
      });
    }
    await records.deleteOne({ _id: upload.id });
  }
  const slots = uploadSlotModel(db);
  for (let n = uploads.length; n >= 1; n--) await slots.deleteOne({ _id: `${applicationId}:${n}` });
  return uploads.length;
}
