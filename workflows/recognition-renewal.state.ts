import type { NotifyInput } from '../activities/notifications';
import { addDuration } from '../models/duration';
import type { Policy } from '../models/policy';
import type { Recognition } from '../models/recognition';
import type { RecognitionAction } from '../models/recognition-rules';
import type { CarriedState, RenewalDecision, RenewalRequest } from './recognition-lifecycle.messages';
import { dayOf, now, refuse } from './steps';

// A recognition's renewal at the end of each validity period: the invitation, the request
// (renewed at once when nothing changed and the quality record is clean, otherwise reviewed by
// the partnership), the decision, and what the period's end does meanwhile.

/** What a renewal reads and changes of its recognition's lifecycle. */
export interface RenewalHost {
  readonly recognition: Recognition;
  readonly state: Pick<CarriedState, 'checks' | 'lastCheckOk' | 'renewedUntil'>;
  ensureAllowed(action: RecognitionAction): void;
  policyNow(): Promise<Policy>;
  save(): Promise<void>;
  notify(audience: NotifyInput['audience'], template: NotifyInput['template'], extra?: Partial<NotifyInput>): void;
  end(status: 'expired', by: string, reasons?: string[]): Promise<void>;
}

export class Renewals {
  constructor(private readonly host: RenewalHost) {}

  readonly ensureRenewable = () => {
    const { host } = this;
    host.ensureAllowed('renew');
    if (host.state.renewedUntil) refuse(`already renewed until ${dayOf(host.state.renewedUntil)}`);
    if (host.recognition.renewal?.status === 'requested') refuse('a renewal is already waiting for the partnership');
  };

  async renew({ unchanged, changes, by }: RenewalRequest) {
    const { host } = this;
    const { recognition: r, state } = host;
    const policy = await host.policyNow();
    const requestedAt = now();
    // A clean quality record: the latest check ok, none pending, no condition missed and still unmet.
    const clean = state.lastCheckOk && state.checks.length === 0 && !r.conditions.some((c) => c.missedAt && !c.metOn);
    if (unchanged && clean) {
      // Nothing changed and the record is clean: renewed in this one step.
      state.renewedUntil = addDuration(new Date(r.validUntilAt), policy.validity).toISOString();
      r.renewal = {
        status: 'approved',
        requestedAt,
        requestedBy: by,
        unchanged: true,
        decidedAt: requestedAt,
        decidedBy: 'system',
      };
      this.recordRenewal();
      await host.save();
      host.notify('company', 'renewed', { validUntil: dayOf(state.renewedUntil) });
    } else {
      r.renewal = {
        ...r.renewal,
        status: 'requested',
        requestedAt,
        requestedBy: by,
        unchanged,
        ...(changes ? { changes } : {}),
        decisionDue: addDuration(new Date(requestedAt), policy.decisionDeadline).toISOString(),
      };
      await host.save();
      host.notify('partnership', 'renewal_to_review');
    }
  }

  readonly ensureRequested = () => {
    this.host.ensureAllowed('decideRenewal');
    if (this.host.recognition.renewal?.status !== 'requested') refuse('no renewal is waiting for a decision');
  };

  async decide({ outcome, reasons, by }: RenewalDecision) {
    const { host } = this;
    const { recognition: r, state } = host;
    const decidedAt = now();
    if (outcome === 'approved') {
      state.renewedUntil = addDuration(new Date(r.validUntilAt), (await host.policyNow()).validity).toISOString();
      Object.assign(r, pickChanges(r.renewal?.changes));
      host.notify('company', 'renewed', { validUntil: dayOf(state.renewedUntil) });
    } else {
      host.notify('company', 'renewal_rejected', { reasons });
    }
    const keptActive = !!r.renewal?.keptActiveAt;
    r.renewal = { ...r.renewal!, status: outcome, decidedAt, decidedBy: by, reasons };
    this.recordRenewal();
    await host.save();
    if (keptActive && outcome === 'rejected') {
      // Kept active past the end only for this decision: it expires now.
      await this.expire(by, reasons);
    }
  }

  // What the schedule brings.

  async invite() {
    this.host.recognition.renewal = { status: 'invited', invitedAt: now() };
    await this.host.save();
    this.host.notify('company', 'renewal_invitation');
  }

  async markOverdue() {
    const r = this.host.recognition;
    if (r.renewal?.status !== 'requested') return;
    r.renewal = { ...r.renewal, overdue: true };
    await this.host.save();
  }

  /** The period ends: renewed (the next run begins it), kept active while a renewal waits, or expired. */
  async atPeriodEnd() {
    const { host } = this;
    const r = host.recognition;
    if (host.state.renewedUntil) return;
    if (r.renewal?.status === 'requested') {
      // Asked in time: active until the partnership decides; no status change, so no webhook.
      r.renewal = { ...r.renewal, keptActiveAt: r.validUntilAt };
      r.history = [
        ...r.history,
        { at: r.validUntilAt, status: r.status, by: 'system', reasons: ['kept active pending the renewal decision'] },
      ];
      await host.save();
      return;
    }
    await this.expire('system');
  }

  private async expire(by: string, reasons?: string[]) {
    await this.host.end('expired', by, reasons);
    this.host.notify('company', 'expired');
    this.host.notify('partnership', 'expired');
  }

  /**
   * Keeps the renewal just decided in `renewals` (the current `renewal` is cleared when the next
   * period begins), and marks one decided at once `oneStep`: facts for monitoring.
   */
  private recordRenewal() {
    const r = this.host.recognition;
    const renewal = r.renewal;
    if (!renewal?.decidedAt || (renewal.status !== 'approved' && renewal.status !== 'rejected')) return;
    const oneStep = renewal.decidedBy === 'system';
    if (oneStep) r.renewal = { ...renewal, oneStep };
    r.renewals = [
      ...(r.renewals ?? []),
      {
        status: renewal.status,
        ...(renewal.requestedAt ? { requestedAt: renewal.requestedAt } : {}),
        ...(renewal.unchanged !== undefined ? { unchanged: renewal.unchanged } : {}),
        oneStep,
        decidedAt: renewal.decidedAt,
        decidedBy: renewal.decidedBy ?? 'system',
      },
    ];
  }
}

/** What a reviewed renewal may change: the fields a company maintains itself. */
function pickChanges(changes: Record<string, unknown> | undefined): Partial<Recognition> {
  if (!changes) return {};
  const allowed = ['companyName', 'capacity', 'address', 'contact'] as const;
  return Object.fromEntries(Object.entries(changes).filter(([key]) => (allowed as readonly string[]).includes(key)));
}
