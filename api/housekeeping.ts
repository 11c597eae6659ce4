import type { Connection } from 'mongoose';
import type { Logger } from '../platform/logger';
import { DOCUMENT_FILES } from '../store/documents';
import { fileStore } from '../store/files';
import { IMPORT_FILES } from '../store/imports';

// What each API process tidies up while it runs: the chunks of uploads that never finished
// (their process stopped, or their removal failed; see store/files.ts). At start, then every
// ten minutes; several processes sweeping at once only delete the same documents twice.

export interface HousekeepingOptions {
  everyMs: number;
  /** An upload in progress for longer than this is abandoned (uploads take 10 minutes at most). */
  uploadMaxAgeMs: number;
}

export const DEFAULT_HOUSEKEEPING: HousekeepingOptions = { everyMs: 10 * 60_000, uploadMaxAgeMs: 60 * 60_000 };

/** Sweeps now and then periodically; `stop` ends it once a sweep under way is done. */
export function startHousekeeping(db: Connection, logger: Logger, options: Partial<HousekeepingOptions> = {}) {
  const { everyMs, uploadMaxAgeMs } = { ...DEFAULT_HOUSEKEEPING, ...options };
  const stores = [DOCUMENT_FILES, IMPORT_FILES].map((name) => ({ name, files: fileStore(db, name) }));
  let running: Promise<void> | undefined;

  const sweep = async () => {
    const startedBefore = new Date(Date.now() - uploadMaxAgeMs);
    for (const { name, files } of stores) {
      try {
        const removed = await files.sweep(startedBefore);
        if (removed > 0) logger.info({ files: name, removed }, 'abandoned uploads removed');
      } catch (error) {
        logger.warn({ err: error, files: name }, 'abandoned uploads could not be swept; trying again later');
      }
    }
  };
  const run = () => {
    running ??= sweep().finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
