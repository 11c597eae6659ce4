import type { ApplicationInput, Mentor } from './application';
import { addToDate, ageOn } from './dates';
import type { Policy } from './policy';
import { type FieldRefusal, refusal } from './problem-codes';

// The conditions of recognition, as one pure function used by the API at intake and by the
// application workflow at every completeness check. What can never qualify is `ineligible`
// (refused with 400); what the company can fix is `missing` (an automatic information request).

export interface MissingItem {
  path: string;
  /** Dutch: what the company must send, as it reads in the information request. */
  item: string;
}

export interface Condition {
  type: 'mentor-training';
  /** Index of the mentor in the application's `mentors`. */
  mentor: number;
  mentorName: string;
  dueOn: string;
}

export interface Assessment {
  ineligible: FieldRefusal[];
  missing: MissingItem[];
  /** Conditions a recognition would carry: mentor training not yet completed. */
  conditions: Condition[];
}

export const MENTOR_MIN_AGE = 25;
export const MENTOR_MIN_AGE_WITH_DIPLOMA = 23;
export const MENTOR_MIN_YEARS = 5;

type Assessed = Pick<ApplicationInput, 'mentors' | 'documents'>;

/**
 * Assesses on `checkDate` (intake, or a later supplement); mentor-training conditions run from
 * `applicationDate`, which defaults to the check date.
 */
export function assessApplication(
  application: Assessed,
  checkDate: string,
  policy: Policy,
  applicationDate = checkDate,
): Assessment {
  const result: Assessment = { ineligible: [], missing: [], conditions: [] };
  application.mentors.forEach((mentor, index) => assessMentor(mentor, index, checkDate, applicationDate, policy, result));
  const delivered = new Set((application.documents ?? []).map((d) => d.kind));
  for (const kind of policy.requiredDocuments) {
    if (!delivered.has(kind)) result.missing.push({ path: 'documents', item: `Document '${kind}'` });
  }
  return result;
}

/** Only the mentor rules: for a change of mentors on a live recognition. */
export function assessMentors(mentors: Mentor[], onDate: string, policy: Policy): Assessment {
  return assessApplication({ mentors, documents: [] }, onDate, { ...policy, requiredDocuments: [] });
}

/**
 * What makes mentors never qualify on `onDate` (age, experience, dates in the future): the
 * decree's rules, the same under every policy, so a form can check them before the partnership
 * is known.
 */
export function ineligibleMentors(mentors: Mentor[], onDate: string): FieldRefusal[] {
  return mentors.flatMap((mentor, index) => mentorIneligibility(mentor, index, onDate));
}

function mentorIneligibility(mentor: Mentor, index: number, onDate: string): FieldRefusal[] {
  const at = (field: keyof Mentor) => `mentors.${index}.${field}`;
  const diploma = mentor.diplomaEvidence === true;
  const issues: FieldRefusal[] = [];
  const age = ageOn(mentor.birthDate, onDate);
  if (age < MENTOR_MIN_AGE_WITH_DIPLOMA || (age < MENTOR_MIN_AGE && !diploma)) {
    const [minimum, minimumWithDiploma] = [MENTOR_MIN_AGE, MENTOR_MIN_AGE_WITH_DIPLOMA];
    const message = `the mentor is ${age}; a mentor must be at least ${minimum} (${minimumWithDiploma} with diploma evidence)`;
    issues.push(refusal(at('birthDate'), 'mentor-too-young', message, { age, minimum, minimumWithDiploma }));
  }
  if (mentor.yearsOfExperience < MENTOR_MIN_YEARS && !diploma) {
    const message = `at least ${MENTOR_MIN_YEARS} years of practice in the trade are required without diploma evidence`;
    issues.push(refusal(at('yearsOfExperience'), 'mentor-experience', message, { minimum: MENTOR_MIN_YEARS }));
  }
  if (mentor.criminalRecordExtractDate > onDate) {
    issues.push(refusal(at('criminalRecordExtractDate'), 'extract-in-future', 'the extract cannot be dated in the future'));
  }
  if (mentor.mentorTrainingCompletedOn !== undefined && mentor.mentorTrainingCompletedOn > onDate) {
    const message = 'a completed training cannot be dated in the future';
    issues.push(refusal(at('mentorTrainingCompletedOn'), 'training-in-future', message));
  }
  return issues;
}

function assessMentor(
  mentor: Mentor,
  index: number,
  onDate: string,
  applicationDate: string,
  policy: Policy,
  result: Assessment,
) {
  const name = `${mentor.firstName} ${mentor.lastName}`;
  result.ineligible.push(...mentorIneligibility(mentor, index, onDate));
  if (mentor.criminalRecordExtractDate <= onDate && addToDate(mentor.criminalRecordExtractDate, 'P1Y') < onDate) {
    result.missing.push({
      path: `mentors.${index}.criminalRecordExtractDate`,
      item: `Uittreksel uit het strafregister (model 596.2) van ten hoogste één jaar oud voor ${name}`,
    });
  }
  if (mentor.mentorTrainingCompletedOn === undefined) {
    result.conditions.push({
      type: 'mentor-training',
      mentor: index,
      mentorName: name,
      dueOn: addToDate(applicationDate, policy.mentorTrainingDeadline),
    });
  }
}
