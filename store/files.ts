import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { storedModel } from './stored-model';

// Files kept in the store, in chunks of 255 KB as GridFS keeps them, but each chunk a document
// of its own keyed `<fileId>:<n>` and read by `_id`. The driver's GridFS bucket reads a file's
// chunks with a `{ files_id, n }` query, which FerretDB 1.x answers by decoding every chunk of
// the bucket: measured, a 10 MB download took 0.19 s with 41 chunks stored and 2.1 s with 791,
// growing with every file kept. Read by `_id`, a download costs its own chunks only, on
// FerretDB and MongoDB alike. The file's document is written after its last chunk, so a file
// cut off while it was written is never found.
//
// What an upload cut off leaves behind is removed without a query on the chunks (FerretDB
// would decode every chunk stored to answer one): each upload in progress has a small record
// in `<name>_uploads` (its file id and start), written before its first chunk and deleted once
// its file document is written or its chunks removed. A file's chunks always are 0 to k − 1
// with no gap (written in order, one at a time, and removed highest first), so `sweep` finds
// how many an abandoned upload left by looking up a few by `_id`.

const CHUNK_BYTES = 255 * 1024;
/** Chunks removed per delete command (each statement a look-up by `_id`). */
const REMOVAL_BATCH = 50;

interface StoredFile {
  _id: string;
  length: number;
  chunkSize: number;
  chunks: number;
  uploadedAt: string;
  metadata?: Record<string, unknown>;
}

export interface FileUpload extends Writable {
  readonly id: string;
  /** Stops the upload; resolves once the chunks written so far are removed (or left to `sweep`). */
  abort(): Promise<void>;
}

const chunkId = (fileId: string, n: number) => `${fileId}:${n}`;

/** The store's files of one kind (`name`): written by upload streams, read chunk by chunk. */
export const fileStore = (db: Connection, name: string) => new FileStore(db, name);

class FileStore {
  private readonly files;
  private readonly chunks;
  private readonly inProgress;

  constructor(db: Connection, name: string) {
    this.files = storedModel<Omit<StoredFile, '_id'>>(db, `${name}_files`);
    this.chunks = storedModel<{ data: Buffer }>(db, `${name}_chunks`);
    this.inProgress = storedModel<{ startedAt: Date }>(db, `${name}_uploads`);
  }

  /** A stream to write a file into; `id` names it once it is finished. */
  openUploadStream(metadata?: Record<string, unknown>): FileUpload {
    const id = randomUUID();
    const { chunks, files, inProgress } = this;
    let pending = Buffer.alloc(0);
    let written = 0;
    let length = 0;
    // The chunk or file insert under way, if any: a removal waits for it, or it would land after.
    let writing: Promise<unknown> = Promise.resolve();
    const flush = async (data: Buffer) => {
      await chunks.collection.insertOne({ _id: chunkId(id, written), data } as never);
      written += 1;
    };
    const upload = new Writable({
      construct(done) {
        inProgress.collection.insertOne({ _id: id, startedAt: new Date() } as never).then(() => done(), done);
      },
      write(chunk: Buffer, _encoding, done) {
        length += chunk.length;
        pending = Buffer.concat([pending, chunk]);
        writing = (async () => {
          while (pending.length >= CHUNK_BYTES && !upload.destroyed) {
            const data = pending.subarray(0, CHUNK_BYTES);
            pending = pending.subarray(CHUNK_BYTES);
            await flush(Buffer.from(data));
          }
        })();
        writing.then(() => done(), done);
      },
      final(done) {
        writing = (async () => {
          if (pending.length > 0 || written === 0) await flush(pending);
          const file: Omit<StoredFile, '_id'> = {
            length,
            chunkSize: CHUNK_BYTES,
            chunks: written,
            uploadedAt: new Date().toISOString(),
            ...(metadata ? { metadata } : {}),
          };
          await files.collection.insertOne({ _id: id, ...file } as never);
          // Left behind, the record is dropped by `sweep`, which finds the file whole.
          await inProgress.deleteOne({ _id: id }).catch(() => undefined);
        })();
        writing.then(() => done(), done);
      },
      destroy: (error, done) => {
        // Finished: the file is whole (a stream is destroyed after it finishes, too).
        if (upload.writableFinished) return done(error);
        // An insert that failed may still have been applied: one chunk beyond those counted.
        // A removal that fails is left to `sweep` (the record stays); its error is not this
        // stream's, which may be destroyed without one.
        void writing
          .catch(() => undefined)
          .then(() => this.remove(id, written + 1))
          .catch(() => undefined)
          .then(() => done(error));
      },
    }) as FileUpload;
    const closed = new Promise<void>((resolve) => upload.once('close', resolve));
    Object.defineProperty(upload, 'id', { value: id });
    upload.abort = () => {
      upload.destroy();
      return closed;
    };
    return upload;
  }

  /** The file's bytes from `start` (default 0), chunk by chunk; undefined when there is no such file. */
  async openDownloadStream(id: string, options: { start?: number } = {}): Promise<Readable | undefined> {
    const file = await this.files.findById(id).lean();
    if (!file) return undefined;
    const start = Math.min(options.start ?? 0, file.length);
    let n = Math.floor(start / file.chunkSize);
    let skip = start - n * file.chunkSize;
    const next = async (stream: Readable) => {
      if (n >= file.chunks) return void stream.push(null);
      const chunk = await this.chunks.findById(chunkId(id, n)).lean();
      if (!chunk) throw new Error(`chunk ${n} of file ${id} is missing`);
      n += 1;
      // The driver answers a BSON Binary, whose `buffer` holds exactly the chunk's bytes.
      const raw = chunk.data as unknown;
      const data = Buffer.isBuffer(raw) ? raw : Buffer.from((raw as { buffer: Uint8Array }).buffer);
      stream.push(skip ? data.subarray(skip) : data);
      skip = 0;
    };
    return new Readable({
      read() {
        next(this).catch((error: Error) => this.destroy(error));
      },
    });
  }

  /** Deletes a file; marked as an upload in progress first, so a deletion cut off is swept. */
  async delete(id: string) {
    const file = await this.files.findById(id).lean();
    if (!file) return;
    await this.inProgress.replaceOne({ _id: id }, { startedAt: new Date() }, { upsert: true });
    await this.remove(id, file.chunks);
  }

  /**
   * Removes what uploads started before `startedBefore` and never finished left behind (their
   * process stopped, or their removal failed); a finished file is kept. Returns how many
   * uploads it removed. Uploads last minutes at most (api/server.ts), so an hour-old record
   * is no upload still under way.
   */
  async sweep(startedBefore: Date): Promise<number> {
    // A small collection (the uploads under way), read whole by a filter without an index.
    const stale = await this.inProgress
      .find({ startedAt: { $lt: startedBefore } }, { _id: 1 })
      .limit(100)
      .lean();
    let removed = 0;
    for (const { _id } of stale) {
      if (await this.files.exists({ _id })) {
        await this.inProgress.deleteOne({ _id });
        continue;
      }
      await this.remove(_id, await this.countChunks(_id));
      removed += 1;
    }
    return removed;
  }

  /** Removes chunks 0 to count − 1, highest first, so a removal cut off leaves no gap. */
  private async removeChunks(fileId: string, count: number) {
    for (let end = count; end > 0; end -= REMOVAL_BATCH) {
      const ids = [];
      for (let n = end - 1; n >= Math.max(0, end - REMOVAL_BATCH); n--) ids.push(chunkId(fileId, n));
      // One command of deletes by `_id`: FerretDB looks each up by its index, where a `$in`
      // filter would make it decode every chunk stored.
      await this.chunks.bulkWrite(
        ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
        { ordered: true },
      );
    }
  }

  /** How many chunks a file has stored: 0 to k − 1 exist, k does not; found by `_id` in O(log k). */
  private async countChunks(fileId: string): Promise<number> {
    const exists = async (n: number) => (await this.chunks.exists({ _id: chunkId(fileId, n) })) !== null;
    if (!(await exists(0))) return 0;
    let present = 0;
    let absent = 1;
    while (await exists(absent)) {
      present = absent;
      absent *= 2;
    }
    while (absent - present > 1) {
      const middle = Math.floor((present + absent) / 2);
      if (await exists(middle)) present = middle;
      else absent = middle;
    }
    return absent;
  }

  /** The file's document and chunks, then its record of an upload in progress. */
  private async remove(fileId: string, count: number) {
    await this.files.deleteOne({ _id: fileId });
    await this.removeChunks(fileId, count);
    await this.inProgress.deleteOne({ _id: fileId });
  }
}
