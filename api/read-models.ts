import { randomUUID } from 'node:crypto';
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
import type { PlacementEntry } from '../models/placement';
import type { MandateEntry } from '../models/mandate';
import { REGISTER_FIELDS, type RegisterEntry, RegisterIndex } from '../models/register-index';
import type { Logger } from '../platform/logger';
import { applicationModel } from '../store/applications';
import { type Change, ChangeReader, RETENTION_MS, trimChanges } from '../store/changes';
import { placementModel, toPlacementEntry } from '../store/placements';
import { mandateModel } from '../store/mandates';
import { qualityCheckModel } from '../store/quality-checks';
import { claimSnapshotTurn, readSnapshot, writeSnapshot } from '../store/read-model-snapshots';
import { recognitionModel } from '../store/recognitions';

const POLL_MS = 250;
/** Re-read a few seconds of the past at each poll: writers' clocks are not exactly in step. */
const OVERLAP_MS = 5_000;
/** How often one of the API processes writes a snapshot. */
const SNAPSHOT_EVERY_MS = 10 * 60_000;
const TRIM_EVERY_MS = 10 * 60_000;
/** A snapshot (or a pause) older than this is not caught up from the feed but loaded afresh. */
const CATCH_UP_LIMIT_MS = RETENTION_MS - 10 * 60_000;

/**
 * What this API process holds in memory: the register (verify, search, identification) and the
 * fields every list filters and sorts by. At start it takes the latest snapshot and the change
 * feed since (or, without a recent snapshot, reads every dossier); then it reads the feed a few
 * times a second and writes a snapshot every few minutes. Lists and the register thus cost the
 * same whatever the number of dossiers, on MongoDB and FerretDB alike.
 */
export class ReadModels {
  readonly register = new RegisterIndex();
  readonly recognitions = new ListIndex<RecognitionEntry>(['enterpriseNumber', 'partnershipId']);
  readonly applications = new ListIndex<ApplicationEntry>(['enterpriseNumber', 'partnershipId', 'filedBySchool']);
  readonly mandates = new ListIndex<MandateEntry>(['enterpriseNumber', 'schoolId']);
  readonly checks = new ListIndex<CheckEntry>(['enterpriseNumber', 'partnershipId', 'recognitionId', 'reportedBySchools']);
  readonly placements = new ListIndex<PlacementEntry>(['schoolId', 'recognitionId']);
  private loaded = false;
  /** Where the start came from: a snapshot and the feed since, or every dossier. */
  loadedFrom?: 'snapshot' | 'dossiers';
  private seenUpTo = 0;
  private lastTrim = 0;
  private timer?: NodeJS.Timeout;
  private snapshotTimer?: NodeJS.Timeout;
  private polling = false;
  private snapshotting = false;
  private readonly processId = randomUUID();
  private readonly feed: ChangeReader;

  constructor(
    private readonly db: Connection,
    private readonly logger: Logger,
  ) {
    this.feed = new ChangeReader(db);
  }

  get ready() {
    return this.loaded;
  }

  async start(): Promise<void> {
    const started = Date.now();
    const snapshot = await readSnapshot(this.db);
    if (snapshot && started - snapshot.takenAt < CATCH_UP_LIMIT_MS) {
      for (const change of snapshot.changes) this.apply(change);
      this.seenUpTo = snapshot.takenAt;
      await this.catchUp();
      this.loadedFrom = 'snapshot';
      this.logger.info(
        { ...this.sizes(), snapshotAgeMs: started - snapshot.takenAt, ms: Date.now() - started },
        'read models loaded from a snapshot',
      );
    } else {
      await this.loadAll();
    }
    this.loaded = true;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    this.snapshotTimer = setInterval(() => void this.snapshot(), 60_000);
    this.snapshotTimer.unref();
  }

  stop() {
    clearInterval(this.timer);
    clearInterval(this.snapshotTimer);
  }

  /** Takes a change in (from the feed, or a write this process made, before the feed brings it). */
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
      case 'mandate':
        this.mandates.upsert(change.entry);
        return;
      case 'placement': {
        this.placements.upsert(change.entry);
        const { recognitionId } = change.entry;
        const active = this.placements.list({ recognitionId, status: 'active' }, () => 0, Number.MAX_SAFE_INTEGER);
        this.register.setOccupied(recognitionId, active.length);
        return;
      }
    }
  }

  private sizes() {
    return {
      recognitions: this.recognitions.size,
      applications: this.applications.size,
      checks: this.checks.size,
      placements: this.placements.size,
    };
  }

  /** Every dossier, read whole (minutes at hundreds of thousands): without a recent snapshot. */
  private async loadAll() {
    const started = Date.now();
    const batch = { batchSize: 2000 };
    for await (const { _id, renewal, ...fields } of recognitionModel(this.db)
      .find()
      .select(REGISTER_FIELDS)
      .lean()
      .cursor(batch)) {
      const { keptActiveAt, status: renewalStatus } = (renewal ?? {}) as { keptActiveAt?: string; status?: string };
      const entry = {
        id: _id,
        ...fields,
        ...(keptActiveAt ? { keptActiveAt } : {}),
        ...(renewalStatus ? { renewalStatus } : {}),
      } as unknown as RegisterEntry;
      this.apply({ kind: 'recognition', entry: { ...entry, savedAt: entry.savedAt ?? '' } });
    }
    for await (const dossier of applicationModel(this.db).find().select(APPLICATION_ENTRY_FIELDS).lean().cursor(batch)) {
      this.apply({ kind: 'application', entry: toApplicationEntry(dossier) });
    }
    for await (const check of qualityCheckModel(this.db).find().select(CHECK_ENTRY_FIELDS).lean().cursor(batch)) {
      this.apply({ kind: 'check', entry: toCheckEntry(check) });
    }
    for await (const { _id, grantedBy: _g, revokedBy: _r, ...fields } of mandateModel(this.db).find().lean().cursor(batch)) {
      this.apply({ kind: 'mandate', entry: { id: _id, ...fields } });
    }
    for await (const placement of placementModel(this.db).find().lean().cursor(batch)) {
      this.apply({ kind: 'placement', entry: toPlacementEntry(placement) });
    }
    // What was written while reading comes again from the feed.
    this.seenUpTo = started;
    await this.catchUp();
    this.loadedFrom = 'dossiers';
    this.logger.info({ ...this.sizes(), ms: Date.now() - started }, 'read models loaded from every dossier');
  }

  /** Reads the feed from a little before what was seen up to now, a minute of buckets at a time. */
  private async catchUp() {
    const until = Date.now();
    for (let from = this.seenUpTo - OVERLAP_MS; from <= until; from += 60_000) {
      for (const change of await this.feed.between(from, Math.min(until, from + 59_999))) this.apply(change);
    }
    this.seenUpTo = until;
  }

  /** Writes a snapshot of what it holds, when it is this process's turn (every minute, and on demand). */
  async snapshot() {
    if (this.snapshotting) return;
    this.snapshotting = true;
    try {
      if (!(await claimSnapshotTurn(this.db, this.processId, SNAPSHOT_EVERY_MS))) return;
      const started = Date.now();
      await writeSnapshot(this.db, this.seenUpTo, [
        { kind: 'recognition', entries: this.recognitions.entries() },
        { kind: 'application', entries: this.applications.entries() },
        { kind: 'check', entries: this.checks.entries() },
        { kind: 'mandate', entries: this.mandates.entries() },
        { kind: 'placement', entries: this.placements.entries() },
      ]);
      this.logger.info({ ...this.sizes(), ms: Date.now() - started }, 'read models snapshot written');
    } catch (error) {
      this.logger.warn({ err: error }, 'read models snapshot not written; trying again later');
    } finally {
      this.snapshotting = false;
    }
  }

  private async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      if (Date.now() - this.seenUpTo > CATCH_UP_LIMIT_MS) {
        this.logger.warn('change feed fell behind; loading the read models afresh');
        await this.loadAll();
      }
      await this.catchUp();
      const now = Date.now();
      if (now - this.lastTrim > TRIM_EVERY_MS) {
        this.lastTrim = now;
        await trimChanges(this.db, now);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'change feed not read; retrying');
    } finally {
      this.polling = false;
    }
  }
}
