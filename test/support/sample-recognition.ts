import { randomUUID } from 'node:crypto';
import { addToDate } from '../../models/dates';
import type { Recognition } from '../../models/recognition';
import { type apiCaller, eventually } from './stack';
import { daysFromToday, newEstablishmentNumber, sampleApplication } from './sample-application';

/**
 * A recognition as the store holds it, to load straight into the store as the benchmark does:
 * active since 400 days, for five years, for the sample company at a workplace of its own.
 */
export function sampleRecognition(overrides: Partial<Recognition> = {}): Recognition {
  const application = sampleApplication();
  const validFrom = daysFromToday(-400);
  return {
    id: randomUUID(),
    status: 'active',
    enterpriseNumber: application.enterpriseNumber,
    establishmentNumber: newEstablishmentNumber(),
    trainingCode: application.trainingCode,
    partnershipId: 'bouw',
    companyName: application.companyName,
    capacity: 2,
    address: application.address,
    contact: application.contact,
    mentors: application.mentors,
    validFrom,
    validUntil: addToDate(validFrom, 'P5Y'),
    validUntilAt: `${addToDate(validFrom, 'P5Y')}T12:00:00.000Z`,
    conditions: [],
    history: [{ at: `${validFrom}T10:00:00.000Z`, status: 'active' }],
    applicationId: randomUUID(),
    ...overrides,
  };
}

/** Waits until the register, asked by `school`, knows the recognition's workplace (its read model caught up). */
export const registerKnows = (call: ReturnType<typeof apiCaller>, school: string, item: Recognition) =>
  eventually(async () => {
    const answer = await call(
      school,
      'GET',
      `/api/v1/register/verify?enterpriseNumber=${item.enterpriseNumber}&establishmentNumber=${item.establishmentNumber}&trainingCode=${item.trainingCode}`,
    );
    return answer.body.status === 'none' ? undefined : true;
  }, 10_000);
