import type { Mentor } from './application';
import type { Condition } from './eligibility';
import type { RecognitionCondition, RecognitionMentor } from './recognition';

// Who a recognition's mentor is through changes of the list: an id given when the recognition
// is made or the mentor added, kept as long as the mentor stays. A mentor's conditions (the
// mentor training) carry that id, so they go with the mentor and never pass to another of the
// same name. Pure: used by the recognition workflow and the API alike.

export type IdentifiedMentor = RecognitionMentor & { id: string };

const sameMentor = (a: Mentor, b: Mentor) =>
  a.firstName === b.firstName && a.lastName === b.lastName && a.birthDate === b.birthDate;

/** The name a condition and a notice say. */
export const mentorName = (mentor: Pick<Mentor, 'firstName' | 'lastName'>) => `${mentor.firstName} ${mentor.lastName}`;

/** The positions of mentors sent with an id that is none of the recognition's: refused. */
export function unknownMentorIds(current: RecognitionMentor[], incoming: RecognitionMentor[]): number[] {
  const known = new Set(current.map((m) => m.id));
  return incoming.flatMap((mentor, index) => (mentor.id !== undefined && !known.has(mentor.id) ? [index] : []));
}

/**
 * Mentors as a recognition is made: each gets an id, and each condition the id of the mentor
 * the assessment made it for.
 */
export function identifyNew(
  mentors: Mentor[],
  conditions: Condition[],
  newId: () => string,
): { mentors: IdentifiedMentor[]; conditions: RecognitionCondition[] } {
  const identified = mentors.map((mentor) => ({ ...mentor, id: newId() }));
  return {
    mentors: identified,
    conditions: conditions.map(({ type, mentor, mentorName: name, dueOn }) => ({
      type,
      mentorId: identified[mentor]!.id,
      mentorName: name,
      dueOn,
    })),
  };
}

/**
 * The mentors and conditions after the company sent a new list. A mentor sent with an id is that
 * mentor; one sent without is the current mentor of the same name and birth date (so a system
 * that sends no ids keeps its mentors and their due dates), else a new mentor. A removed
 * mentor's conditions go with them; a mentor who has the training now meets theirs on its day;
 * one who needs it and had no condition gets `required`'s. Mentors and conditions from before
 * ids (none on them) are first given ids, conditions matched to mentors by name.
 */
export function changeMentors(
  before: { mentors: RecognitionMentor[]; conditions: RecognitionCondition[] },
  incoming: RecognitionMentor[],
  required: Condition[],
  newId: () => string,
): { mentors: IdentifiedMentor[]; conditions: RecognitionCondition[] } {
  const current = before.mentors.map((mentor) => ({ ...mentor, id: mentor.id ?? newId() }));
  const previous = before.conditions.map((c) => ({
    ...c,
    mentorId: c.mentorId ?? current.find((m) => mentorName(m) === c.mentorName)?.id,
  }));
  const taken = new Set<string>();
  const mentors = incoming.map((mentor) => {
    const id =
      mentor.id ?? current.find((m) => !taken.has(m.id) && !incoming.some((i) => i.id === m.id) && sameMentor(m, mentor))?.id;
    const identified = { ...mentor, id: id ?? newId() };
    taken.add(identified.id);
    return identified;
  });
  const conditions = previous.flatMap((c) => {
    const mentor = mentors.find((m) => m.id === c.mentorId);
    if (!mentor) return [];
    const met = !c.metOn && mentor.mentorTrainingCompletedOn ? { metOn: mentor.mentorTrainingCompletedOn } : {};
    return [{ ...c, mentorName: mentorName(mentor), ...met }];
  });
  for (const { type, mentor: index, dueOn } of required) {
    const mentor = mentors[index]!;
    if (!conditions.some((c) => c.mentorId === mentor.id && c.type === type)) {
      conditions.push({ type, mentorId: mentor.id, mentorName: mentorName(mentor), dueOn });
    }
  }
  return { mentors, conditions };
}
