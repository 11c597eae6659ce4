import { randomUUID } from 'node:crypto';
import type { Activities } from '../../activities';
import { addToDate, dayInBrussels, endOfDayInBrussels } from '../../models/dates';
import type { PlacementEntry } from '../../models/placement';
import { placementWorkflow } from '../../workflows/placement-agreement';
import {
  type PlacementWorkflowInput,
  acceptUpdate,
  declineUpdate,
  placementWorkflowId,
  proposeUpdate,
  terminateUpdate,
} from '../../workflows/placement-agreement.messages';
import { recordHistory } from '../support/histories';
import { useStubbedWorkflows } from './stub-activities';

// The placement agreement workflow with stub activities on the time-skipping server: a proposal
// holds a place until the company answers, expires at its deadline, and a placement ends by
// itself after its last day. Every end gives the place back. The HTTP suite is
// test/placement-agreements.e2e.test.ts.

type Placement = PlacementEntry & { schoolSlot?: number };

/** Stubs of the placement activities, recording what the workflow asks. */
function stubs(free = true) {
  const written: Placement[] = [];
  const released: string[] = [];
  const notices: string[] = [];
  const activities = {
    takePlace: async () => (free ? { slot: 0, schoolSlot: 0 } : { refused: 'no-free-place' as const }),
    recordPlacement: async (placement: Placement) => {
      written.push(placement);
    },
    releasePlace: async (placement: Placement) => {
      released.push(placement.status);
    },
    notifyPlacementParties: async (sent: Parameters<Activities['notifyPlacementParties']>[0]) => {
      notices.push(...sent.map((n) => `${n.audience}:${n.template}`));
    },
  } satisfies Partial<Activities>;
  return { activities, written, released, notices, statuses: () => written.map((p) => p.status) };
}

describe('placement agreement workflow, with stub activities', () => {
  const stubbed = useStubbedWorkflows();
  const withWorker = stubbed.withWorker;

  /** Proposes a placement starting today for `days` days, the company to answer within 14 days. */
  async function propose(days = 30) {
    const { env, taskQueue } = stubbed;
    const now = new Date(await env.currentTimeMs());
    const today = dayInBrussels(now);
    const id = randomUUID();
    const placement: PlacementWorkflowInput['placement'] = {
      id,
      recognitionId: 'r1',
      enterpriseNumber: '0403170701',
      companyName: 'Bouwbedrijf De Vries',
      trainingCode: 'ruwbouw-duaal',
      partnershipId: 'bouw',
      schoolId: 'school-1',
      learnerReference: 'LL-1',
      startsOn: today,
      endsOn: addToDate(today, `P${days}D`),
      agreementType: 'dual',
      trainingPlan: { activities: ['metselwerk'] },
      status: 'proposed',
      answerDue: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
      createdAt: now.toISOString(),
      savedAt: now.toISOString(),
    };
    const handle = await env.client.workflow.start(placementWorkflow, {
      taskQueue,
      workflowId: placementWorkflowId(id),
      args: [{ placement, schoolCap: 10 }],
    });
    const proposed = await handle.executeUpdate(proposeUpdate);
    return { handle, proposed, placement };
  }

  it('when the company accepts, then the placement runs until its last day is over and gives its place back', async () => {
    const stub = stubs();
    await withWorker(stub, async () => {
      const { handle, proposed, placement } = await propose(30);
      expect(proposed).toEqual({ placement: expect.objectContaining({ status: 'proposed', slot: 0 }) });
      const accepted = await handle.executeUpdate(acceptUpdate, {
        args: [{ mentor: { id: 'm1', firstName: 'Jan', lastName: 'Peeters' }, by: 'company-user' }],
      });
      expect(accepted).toMatchObject({ status: 'active', mentor: { firstName: 'Jan' } });
      expect(await handle.result()).toBe('ended');
      // Not before the end of its last day in Brussels.
      expect(await stubbed.env.currentTimeMs()).toBeGreaterThanOrEqual(endOfDayInBrussels(placement.endsOn!).getTime());
      expect(stub.written.at(-1)).toMatchObject({ status: 'ended', endedOn: placement.endsOn });
      await recordHistory(handle, 'placement-accepted-ended');
    });
    expect(stub.statuses()).toEqual(['proposed', 'active', 'ended']);
    expect(stub.released).toEqual(['ended']);
    expect(stub.notices).toEqual(['company:placement_proposed', 'school:placement_accepted']);
  });

  it('when nobody answers by answerDue, then the proposal expires and its place is given back', async () => {
    const stub = stubs();
    await withWorker(stub, async () => {
      const { handle, placement } = await propose();
      expect(await handle.result()).toBe('expired');
      expect(await stubbed.env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(placement.answerDue));
      await recordHistory(handle, 'placement-expired');
    });
    expect(stub.statuses()).toEqual(['proposed', 'expired']);
    expect(stub.released).toEqual(['expired']);
    expect(stub.notices).toEqual(['company:placement_proposed', 'school:placement_expired']);
  });

  it('when the company declines, then it is declined at once and a second answer is refused', async () => {
    const stub = stubs();
    await withWorker(stub, async () => {
      const { handle } = await propose();
      const declined = await handle.executeUpdate(declineUpdate, { args: [{ reason: 'Geen mentor vrij', by: 'c' }] });
      expect(declined).toMatchObject({ status: 'declined', declineReason: 'Geen mentor vrij' });
      await expect(
        handle.executeUpdate(acceptUpdate, { args: [{ mentor: { firstName: 'Jan', lastName: 'Peeters' }, by: 'c' }] }),
      ).rejects.toThrow();
      expect(await handle.result()).toBe('declined');
    });
    expect(stub.released).toEqual(['declined']);
    expect(stub.notices).toEqual(['company:placement_proposed', 'school:placement_declined']);
  });

  it('when the school ends a running placement early, then the school is asked to find a new workplace and the company told', async () => {
    const stub = stubs();
    await withWorker(stub, async () => {
      const { handle, placement } = await propose();
      await handle.executeUpdate(acceptUpdate, { args: [{ mentor: { firstName: 'Jan', lastName: 'Peeters' }, by: 'c' }] });
      const ended = await handle.executeUpdate(terminateUpdate, {
        args: [{ endedOn: placement.startsOn, reason: 'learner-left-school', party: 'school', by: 's' }],
      });
      expect(ended).toMatchObject({ status: 'terminated', termination: { reason: 'learner-left-school', by: 'school' } });
      expect(await handle.result()).toBe('terminated');
      await recordHistory(handle, 'placement-terminated');
    });
    expect(stub.released).toEqual(['terminated']);
    expect(stub.notices).toEqual([
      'company:placement_proposed',
      'school:placement_accepted',
      'school:placement_terminated_find_workplace',
      'company:placement_terminated',
    ]);
  });

  it('when the workplace has no free place, then the proposal is refused and nothing is written', async () => {
    const stub = stubs(false);
    await withWorker(stub, async () => {
      const { handle, proposed } = await propose();
      expect(proposed).toEqual({ refused: 'no-free-place' });
      expect(await handle.result()).toBe('refused');
    });
    expect(stub.written).toEqual([]);
    expect(stub.notices).toEqual([]);
  });
});
