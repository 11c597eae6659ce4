import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { ImprovementPlan } from '../../models/improvement-plan-rules';
import type { Recognition } from '../../models/recognition';
import { writeImprovementPlan } from '../../store/improvement-plans';
import { loadRecognitions } from '../../store/recognitions';
import { daysFromToday, horecaOverrides, newEstablishmentNumber } from './sample-application';
import { sampleRecognition } from './sample-recognition';

// Known recognitions for the partnership's overview (GET /api/v1/recognitions and /erkenningen),
// loaded straight into the store: one for each filter of the construction partnership (bouw),
// one that must not count, and one of the hospitality partnership (horeca) that a reviewer of
// bouw never sees.

const missed = (mentorName: string, dueInDays: number) => ({
  type: 'mentor-training' as const,
  mentorName,
  dueOn: daysFromToday(dueInDays),
  missedAt: `${daysFromToday(dueInDays + 1)}T08:00:00.000Z`,
});

const recognition = (companyName: string, validFromDaysAgo: number, overrides: Partial<Recognition> = {}) =>
  sampleRecognition({
    companyName,
    establishmentNumber: newEstablishmentNumber(),
    validFrom: daysFromToday(-validFromDaysAgo),
    ...overrides,
  });

export function overviewRecognitions() {
  const expiring = recognition('Bouwbedrijf Éclair', 1765, { validUntil: daysFromToday(60) });
  const missedLately = recognition('Dakwerken Peeters', 300, { conditions: [missed('Jan Peeters', -30)] });
  const missedLongAgo = recognition('Schrijnwerkerij Mertens', 500, {
    enterpriseNumber: '0202239951',
    conditions: [{ ...missed('An Mertens', -20), metOn: daysFromToday(-2) }, missed('Piet Mertens', -90)],
  });
  const parked = recognition('Stukadoors Wouters', 200, {
    attention: { reason: 'The policy stored is invalid: qualityCheckInterval', since: `${daysFromToday(-3)}T09:00:00.000Z` },
  });
  const planOverdue = recognition('Voegwerken Claes', 100, { status: 'suspended' });
  const metInTime = recognition('Tegelzetter Jacobs', 50, {
    conditions: [{ ...missed('Els Jacobs', -10), metOn: daysFromToday(-12) }],
  });
  // Ended with a condition missed before: nothing left to follow up. No "e" in its name (the paging test's search).
  const endedMissed = recognition('Dakgoot Van Aal', 700, { status: 'ended', conditions: [missed('Bas Aal', -120)] });
  const otherPartnership = sampleRecognition({
    trainingCode: horecaOverrides.trainingCode,
    companyName: horecaOverrides.companyName,
    partnershipId: 'horeca',
    establishmentNumber: newEstablishmentNumber(),
    conditions: [missed('Tom Claes', -40)],
  });
  return { expiring, missedLately, missedLongAgo, parked, planOverdue, metInTime, endedMissed, otherPartnership };
}

export type OverviewRecognitions = ReturnType<typeof overviewRecognitions>;

const plan = (of: Recognition, status: ImprovementPlan['status']): ImprovementPlan => ({
  id: randomUUID(),
  recognitionId: of.id,
  checkId: randomUUID(),
  partnershipId: of.partnershipId,
  enterpriseNumber: of.enterpriseNumber,
  status,
  openedAt: `${daysFromToday(-60)}T09:00:00.000Z`,
  openedBy: 'reviewer-bouw',
  actions: [],
  ...(status === 'overdue' ? { overdueAt: `${daysFromToday(-5)}T09:00:00.000Z` } : {}),
});

/** Loads them with their improvement plans: one overdue, an open one that does not count, and horeca's overdue one. */
export async function loadOverview(db: Connection, known: OverviewRecognitions) {
  await loadRecognitions(db, Object.values(known));
  for (const p of [plan(known.planOverdue, 'overdue'), plan(known.expiring, 'open'), plan(known.otherPartnership, 'overdue')])
    await writeImprovementPlan(db, p);
}
