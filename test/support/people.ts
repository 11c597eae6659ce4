import { randomUUID } from 'node:crypto';
import type { Principal } from '../../platform/auth';
import { SAMPLE_ENTERPRISE, daysFromToday } from './sample-application';

// The principals the suites sign tokens for, one definition each: a suite names the roles it
// needs, and answers that record who acted (`decidedBy`, `startedBy`) read the same everywhere.

export const COMPANY: Principal = { sub: 'company-user', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE };
/** The development identity "company" of the sign-in page, as a token. */
export const DEV_COMPANY: Principal = { sub: 'dev-company', role: 'company', enterpriseNumber: SAMPLE_ENTERPRISE };
/** The development identity "school" of the sign-in page, as a token. */
export const DEV_SCHOOL: Principal = { sub: 'dev-school', role: 'school', schoolId: 'school-1' };
export const SCHOOL: Principal = { sub: 'school-user', role: 'school', schoolId: 'school-1' };
export const OTHER_SCHOOL: Principal = { sub: 'other-school', role: 'school', schoolId: 'school-2' };
export const ADMIN: Principal = { sub: 'admin-user', role: 'admin' };
export const reviewerOf = (partnershipId: string): Principal => ({
  sub: `reviewer-${partnershipId}`,
  role: 'reviewer',
  partnershipId,
});
export const coordinatorOf = (partnershipId: string): Principal => ({
  sub: `coordinator-${partnershipId}`,
  role: 'coordinator',
  partnershipId,
});

/** The parties of a placement at a sample workplace of the construction partnership, and those who may look on. */
export const PLACEMENT_PARTIES = {
  company: COMPANY,
  school: SCHOOL,
  otherSchool: OTHER_SCHOOL,
  reviewer: reviewerOf('bouw'),
  admin: ADMIN,
};

/** The sample recognition's mentor (the example application's), as a company names them on accepting a placement. */
export const SAMPLE_MENTOR = { firstName: 'Jan', lastName: 'Peeters' };

// People of their own for a test's dossiers (a contact person and a mentor), so that a test can
// look for them afterwards, in the store and in answers, without meeting another test's.

export function newPeople() {
  const tag = randomUUID().slice(0, 8);
  return {
    contact: { name: `Lies Wouters${tag}`, email: `lies.${tag}@wouters.example`, phone: '+32 9 555 12 34' },
    mentor: {
      firstName: 'Karel',
      lastName: `Verbist${tag}`,
      birthDate: '1979-11-23',
      yearsOfExperience: 15,
      criminalRecordExtractDate: daysFromToday(-20),
      mentorTrainingCompletedOn: '2021-01-15',
    },
  };
}

export type People = ReturnType<typeof newPeople>;

/** A PDF as a company uploads one (an extract from the criminal record). */
export const samplePdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41)]);
