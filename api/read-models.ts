import type { Connection } from 'mongoose';
import {
  APPLICATION_ENTRY_FIELDS,
  type ApplicationEntry,
  CHECK_ENTRY_FIELDS,
  type CheckEntry,
  ListIndex,
  type RecognitionEntry,
  toApplicationEntry,
  toCheckEntry,
} from '../models/read-models';
import { REGISTER_FIELDS, type RegisterEntry, RegisterIndex } from '../models/register-index';
import type { Logger } from '../platform/logger';
import { applicationModel } from '../store/applications';
import { type Change, changeKey, changeModel, RETENTION_MS } from '../store/changes';
import { qualityCheckModel } from '../store/quality-checks';
import { recognitionModel } from '../store/recognitions';

const POLL_MS = 250;
/** Re-read a little of the past at each poll: writers' clocks are not exactly in step. */
const OVERLAP_MS = 5_000;
const TRIM_EVERY_MS = 60_000;

/**
 * What this API process holds in memory: the register (verify, search, identification) and the
 * fields every list filters and sorts by. Loaded whole at start, then fed from the change feed a
 * few times a second; after a gap longer than the feed keeps, loaded afresh. Lists and the
 * register thus cost the same whatever the number of dossiers, on MongoDB and FerretDB alike.
 */
export class ReadModels {
  readonly register = new RegisterIndex();
  readonly recognitions = new ListIndex<RecognitionEntry>(['enterpriseNumber', 'partnershipId']);
  readonly applications = new ListIndex<ApplicationEntry>(['enterpriseNumber', 'partnershipId']);
  readonly checks = new ListIndex<CheckEntry>(['enterpriseNumber', 'partnershipId', 'recognitionId']);
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

  /** Takes a change in at once (a write this process made), before the feed brings it. */
  apply(change: Change) {
    switch (change.kind) {
      case 'recognition':
        this.register.upsert(change.entry);
        this.recognitions.upsert(change.entry);
        return;
      case 'application':
        this.applications.upsert(change.entry);
        return;
      case 'check':
        this.checks.upsert(change.entry);
        return;
    }
  }

  private async loadAll() {
    const started = Date.now();
    // Changes written while the load runs are read again by the first poll.
    const from = started - OVERLAP_MS;
    const batch = { batchSize: 2000 };
    for await (const { _id, ...fields } of recognitionModel(this.db).find().select(REGISTER_FIELDS).lean().cursor(batch)) {
      const entry = { id: _id, ...fields } as unknown as RegisterEntry;
      this.apply({ kind: 'recognition', entry: { ...entry, savedAt: entry.savedAt ?? '' } });
    }
    for await (const dossier of applicationModel(this.db).find().select(APPLICATION_ENTRY_FIELDS).lean().cursor(batch)) {
      this.apply({ kind: 'application', entry: toApplicationEntry(dossier) });
    }
    for await (const check of qualityCheckModel(this.db).find().select(CHECK_ENTRY_FIELDS).lean().cursor(batch)) {
      this.apply({ kind: 'check', entry: toCheckEntry(check) });
    }
    this.seenUpTo = from;
    this.loaded = true;
    this.logger.info(
      {
        recognitions: this.recognitions.size,
        applications: this.applications.size,
        checks: this.checks.size,
        ms: Date.now() - started,
      },
      'read models loaded',
    );
  }

  private async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      if (Date.now() - this.seenUpTo > RETENTION_MS / 2) {
        this.logger.warn('change feed fell behind; loading the read models afresh');
        await this.loadAll();
      }
      const changes = changeModel(this.db);
      const since = changeKey(new Date(this.seenUpTo - OVERLAP_MS).toISOString());
      const polledAt = Date.now();
      const fresh = await changes
        .find({ _id: { $gt: since } })
        .sort({ _id: 1 })
        .lean();
      for (const change of fresh) this.apply(change as Change);
      this.seenUpTo = polledAt;
      if (polledAt - this.lastTrim > TRIM_EVERY_MS) {
        this.lastTrim = polledAt;
        await changes.deleteMany({ _id: { $lt: changeKey(new Date(polledAt - RETENTION_MS).toISOString()) } });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'change feed not read; retrying');
    } finally {
      this.polling = false;
    }
  }
}
