import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  APPLICATION_ENTRY_FIELDS,
  type ApplicationEntry,
  CHECK_ENTRY_FIELDS,
  type CheckEntry,
  ListIndex,
  RECOGNITION_ENTRY_FIELDS,
  type RecognitionEntry,
  listingKey,
  toApplicationEntry,
} from '../models/read-models';
import type { PlacementEntry } from '../models/placement';
import { holdsPlace } from '../models/placement-status';
import type { MandateEntry } from '../models/mandate';
import { RegisterIndex } from '../models/register-index';
import type { Logger } from '../platform/logger';
import { applicationModel } from '../store/applications';
import { type Change, ChangeReader, RETENTION_MS, feedAgain, trimChanges } from '../store/changes';
import { placementModel, toPlacementEntry } from '../store/placements';
import { mandateModel, toMandateEntry } from '../store/mandates';
import { checkChange, qualityCheckModel } from '../store/quality-checks';
import { claimSnapshotTurn, readSnapshot, writeSnapshot } from '../store/read-model-snapshots';
import { type StoredRecognition, recognitionChange, recognitionModel } from '../store/recognitions';

const POLL_MS = 250;
/** Re-read a few seconds of the past at each poll: writers' clocks are not exactly in step. */
const OVERLAP_MS = 5_000;
/** How often one of the API processes writes a snapshot, reconciled first (a read of every dossier). */
const SNAPSHOT_EVERY_MS = 30 * 60_000;
/** How often every process reconciles what it holds, whether or not it writes snapshots: nightly. */
const RECONCILE_EVERY_MS = 24 * 60 * 60_000;
/** A write younger than this may still have its feed entry on the way: not yet a divergence. */
const SETTLE_MS = 30_000;
const TRIM_EVERY_MS = 10 * 60_000;
/** A snapshot (or a pause) older than this is not caught up from the feed but loaded afresh. */
const CATCH_UP_LIMIT_MS = RETENTION_MS - 10 * 60_000;

/**
 * What this API process holds in memory: the register (verify, search, identification) and the
 * fields every list filters and sorts by. At start it takes the latest snapshot and the change
 * feed since (or, without a recent snapshot, reads every dossier); then it reads the feed a few
 * times a second and writes a snapshot every half hour. Lists and the register thus cost the
 * same whatever the number of dossiers, on MongoDB and FerretDB alike. A reconciliation reads
 * every dossier again before each snapshot and once a day in every process, so that a change
 * whose feed entry was lost is not held wrong for long.
 */
export class ReadModels {
  readonly register = new RegisterIndex();
  readonly recognitions = new ListIndex<RecognitionEntry>(['enterpriseNumber', 'partnershipId']);
  readonly applications = new ListIndex<ApplicationEntry>(['enterpriseNumber', 'partnershipId', 'filedBySchool']);
  readonly mandates = new ListIndex<MandateEntry>(['enterpriseNumber', 'schoolId']);
  readonly checks = new ListIndex<CheckEntry>(['enterpriseNumber', 'partnershipId', 'recognitionId', 'reportedBySchools']);
  readonly placements = new ListIndex<PlacementEntry>(['schoolId', 'recognitionId', 'enterpriseNumber']);
  private loaded = false;
  /** Where the start came from: a snapshot and the feed since, or every dossier. */
  loadedFrom?: 'snapshot' | 'dossiers';
  private seenUpTo = 0;
  private lastTrim = 0;
  private timer?: NodeJS.Timeout;
  private snapshotTimer?: NodeJS.Timeout;
  private reconcileTimer?: NodeJS.Timeout;
  private reconciling?: Promise<Record<Change['kind'], number>>;
  /** Reconciliations run by this process, and the entries each kind had to correct (a metric). */
  readonly reconciliations = {
    runs: 0,
    divergences: { recognition: 0, application: 0, check: 0, mandate: 0, placement: 0 } as Record<Change['kind'], number>,
  };
  private polling?: Promise<void>;
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
    // Spread over an hour, so that processes started together do not all read at once.
    this.reconcileTimer = setInterval(
      () => void this.reconcile().catch((error: unknown) => this.logger.warn({ err: error }, 'reconciliation failed')),
      RECONCILE_EVERY_MS + Math.floor(Math.random() * 60 * 60_000),
    );
    this.reconcileTimer.unref();
  }

  /** Stops reading the feed, once a read under way has ended (so the store can be closed after). */
  async stop() {
    clearInterval(this.timer);
    clearInterval(this.snapshotTimer);
    clearInterval(this.reconcileTimer);
    await this.polling;
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
        const holding = this.placements
          .list({ recognitionId }, () => 0, Number.MAX_SAFE_INTEGER)
          .filter((p) => holdsPlace(p.status));
        this.register.setOccupied(recognitionId, holding.length);
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

  /** Every dossier as the lists hold it, read from the store (minutes at hundreds of thousands). */
  private async *everyDossier(): AsyncGenerator<Change> {
    const batch = { batchSize: 2000 };
    for await (const stored of recognitionModel(this.db).find().select(RECOGNITION_ENTRY_FIELDS).lean().cursor(batch)) {
      yield recognitionChange(stored as StoredRecognition);
    }
    for await (const stored of applicationModel(this.db).find().select(APPLICATION_ENTRY_FIELDS).lean().cursor(batch)) {
      yield { kind: 'application', entry: toApplicationEntry(stored) };
    }
    for await (const stored of qualityCheckModel(this.db).find().select(CHECK_ENTRY_FIELDS).lean().cursor(batch)) {
      yield checkChange(stored);
    }
    for await (const stored of mandateModel(this.db).find().lean().cursor(batch)) {
      yield { kind: 'mandate', entry: toMandateEntry(stored) };
    }
    for await (const stored of placementModel(this.db).find().lean().cursor(batch)) {
      yield { kind: 'placement', entry: toPlacementEntry(stored) };
    }
  }

  /** Every dossier, read whole: without a recent snapshot. */
  private async loadAll() {
    const started = Date.now();
    for await (const change of this.everyDossier()) this.apply(change);
    // What was written while reading comes again from the feed.
    this.seenUpTo = started;
    await this.catchUp();
    this.loadedFrom = 'dossiers';
    this.logger.info({ ...this.sizes(), ms: Date.now() - started }, 'read models loaded from every dossier');
  }

  /**
   * Reads every dossier again and takes in each one the read models hold otherwise than stored:
   * a change whose feed entry was lost survives no reconciliation. A copy held that is newer
   * than the one read is no divergence, nor is a write of the last half minute whose feed entry
   * may still be on its way (the next reconciliation sees it); what differs after the feed has
   * been read once more is corrected, and fed again so the other processes take it in too.
   * Returns the divergences by kind.
   */
  async reconcile(): Promise<Record<Change['kind'], number>> {
    if (this.reconciling) return this.reconciling;
    this.reconciling = (async () => {
      const started = Date.now();
      const settled = new Date(started - SETTLE_MS).toISOString();
      const candidates: Change[] = [];
      for await (const change of this.everyDossier()) {
        if (!this.holds(change) && change.entry.savedAt < settled) candidates.push(change);
      }
      await this.catchUp();
      const diverged = candidates.filter((change) => !this.holds(change));
      const found: Record<Change['kind'], number> = { recognition: 0, application: 0, check: 0, mandate: 0, placement: 0 };
      for (const change of diverged) {
        found[change.kind] += 1;
        this.apply(change);
      }
      await feedAgain(this.db, diverged);
      this.reconciliations.runs += 1;
      for (const kind of Object.keys(found) as Array<Change['kind']>) this.reconciliations.divergences[kind] += found[kind];
      const log = {
        divergences: diverged.length,
        byKind: found,
        ids: diverged.slice(0, 20).map((c) => c.entry.id),
        ms: Date.now() - started,
      };
      if (diverged.length > 0)
        this.logger.warn(log, 'read models reconciled: entries differed from the store and were corrected');
      else this.logger.info(log, 'read models reconciled: none differed from the store');
      return found;
    })();
    try {
      return await this.reconciling;
    } finally {
      this.reconciling = undefined;
    }
  }

  /** Whether what is held of a dossier lists as stored (or is newer than the copy read). */
  private holds(change: Change): boolean {
    const held = this.index(change.kind).get(change.entry.id);
    return !!held && (held.savedAt > change.entry.savedAt || listingKey(held) === listingKey(change.entry));
  }

  private index(kind: Change['kind']): ListIndex<Change['entry']> {
    const indexes = {
      recognition: this.recognitions,
      application: this.applications,
      check: this.checks,
      mandate: this.mandates,
      placement: this.placements,
    };
    return indexes[kind] as ListIndex<Change['entry']>;
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
      // A snapshot carries what it holds on to every process started from it: never a divergence.
      await this.reconcile();
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

  private poll(): Promise<void> {
    this.polling ??= (async () => {
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
      }
    })().finally(() => (this.polling = undefined));
    return this.polling;
  }
}
