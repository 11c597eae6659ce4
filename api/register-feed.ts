import type { Connection } from 'mongoose';
import { REGISTER_FIELDS, type RegisterEntry, RegisterIndex } from '../models/register-index';
import type { Logger } from '../platform/logger';
import { recognitionModel } from '../store/recognitions';
import { changeKey, type RegisterChange, registerChangeModel, RETENTION_MS } from '../store/register-changes';

const POLL_MS = 250;
/** Re-read a little of the past at each poll: writers' clocks are not exactly in step. */
const OVERLAP_MS = 5_000;
const TRIM_EVERY_MS = 60_000;

/**
 * Keeps this process's register index: loaded whole at start, then fed from the change feed
 * a few times a second. After a gap longer than the feed keeps, it loads afresh.
 */
export class RegisterFeed {
  readonly index = new RegisterIndex();
  private loaded = false;
  private seenUpTo = 0;
  private lastTrim = 0;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly db: Connection,
    private readonly logger: Logger,
  ) {}

  get ready() {
    return this.loaded;
  }

  async start(): Promise<void> {
    await this.loadAll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  private async loadAll() {
    const started = Date.now();
    // Changes written while the load runs are read again by the first poll.
    const from = started - OVERLAP_MS;
    const cursor = recognitionModel(this.db).find().select(REGISTER_FIELDS).lean().cursor({ batchSize: 2000 });
    for await (const { _id, ...fields } of cursor) {
      const entry = { id: _id, ...fields } as unknown as RegisterEntry;
      this.index.upsert({ ...entry, savedAt: entry.savedAt ?? '' });
    }
    this.seenUpTo = from;
    this.loaded = true;
    this.logger.info({ recognitions: this.index.size, ms: Date.now() - started }, 'register loaded');
  }

  private async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      if (Date.now() - this.seenUpTo > RETENTION_MS / 2) {
        this.logger.warn('register change feed fell behind; loading the register afresh');
        await this.loadAll();
      }
      const changes = registerChangeModel(this.db);
      const since = changeKey(new Date(this.seenUpTo - OVERLAP_MS).toISOString(), '');
      const polledAt = Date.now();
      const fresh = (await changes
        .find({ _id: { $gt: since } })
        .sort({ _id: 1 })
        .lean()) as Array<RegisterChange & { _id: string }>;
      for (const change of fresh) this.index.upsert(change.entry);
      this.seenUpTo = polledAt;
      if (polledAt - this.lastTrim > TRIM_EVERY_MS) {
        this.lastTrim = polledAt;
        await changes.deleteMany({ _id: { $lt: changeKey(new Date(polledAt - RETENTION_MS).toISOString(), '') } });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'register change feed not read; retrying');
    } finally {
      this.polling = false;
    }
  }
}
