import type { Condition } from '../../models/eligibility';
import { changeMentors, identifyNew, unknownMentorIds } from '../../models/mentors';
import { mentorsInput, type RecognitionCondition, type RecognitionMentor } from '../../models/recognition';

// A mentor is who their id says, through changes of the list; their conditions go with them.

const jan: RecognitionMentor = {
  firstName: 'Jan',
  lastName: 'Peeters',
  birthDate: '1980-05-12',
  yearsOfExperience: 12,
  criminalRecordExtractDate: '2026-11-01',
};
const an: RecognitionMentor = { ...jan, firstName: 'An', lastName: 'Claes', birthDate: '1975-02-03' };
const training = (mentor: number, name: string): Condition => ({
  type: 'mentor-training',
  mentor,
  mentorName: name,
  dueOn: '2027-12-01',
});

function ids() {
  let n = 0;
  return () => `m${++n}`;
}

describe('mentor identities', () => {
  it('gives each mentor of a new recognition an id, and each condition its mentor’s', () => {
    const made = identifyNew([jan, an], [training(1, 'An Claes')], ids());
    expect(made.mentors.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(made.conditions).toEqual([{ type: 'mentor-training', mentorId: 'm2', mentorName: 'An Claes', dueOn: '2027-12-01' }]);
  });

  it('lets a removed mentor’s condition go with them', () => {
    const before = identifyNew([jan, an], [training(1, 'An Claes')], ids());
    const after = changeMentors(before, [before.mentors[0]!], [], ids());
    expect(after.mentors).toEqual([before.mentors[0]]);
    expect(after.conditions).toEqual([]);
  });

  it('keeps a mentor by id through a change of name, with the condition’s due date', () => {
    const before = identifyNew([jan], [training(0, 'Jan Peeters')], ids());
    const renamed = { ...before.mentors[0]!, lastName: 'Peeters-Janssens' };
    const after = changeMentors(before, [renamed], [{ ...training(0, 'Jan Peeters-Janssens'), dueOn: '2028-06-01' }], ids());
    expect(after.conditions).toEqual([
      { type: 'mentor-training', mentorId: 'm1', mentorName: 'Jan Peeters-Janssens', dueOn: '2027-12-01' },
    ]);
  });

  it('keeps a mentor sent without an id by name and birth date, and meets the condition on the training day', () => {
    const before = identifyNew([jan], [training(0, 'Jan Peeters')], ids());
    const trained = { ...jan, mentorTrainingCompletedOn: '2027-03-01' };
    const after = changeMentors(before, [trained], [], ids());
    expect(after.mentors).toEqual([{ ...trained, id: 'm1' }]);
    expect(after.conditions).toEqual([{ ...before.conditions[0], metOn: '2027-03-01' }]);
  });

  it('tells apart two mentors of the same name: a new one with another birth date is new', () => {
    const before = identifyNew([jan], [training(0, 'Jan Peeters')], ids());
    const namesake = { ...jan, birthDate: '1990-01-01' };
    const after = changeMentors(before, [namesake], [training(0, 'Jan Peeters')], () => 'new');
    expect(after.mentors[0]!.id).toBe('new');
    expect(after.conditions).toEqual([
      { type: 'mentor-training', mentorId: 'new', mentorName: 'Jan Peeters', dueOn: '2027-12-01' },
    ]);
  });

  it('gives mentors and conditions from before ids an identity, matched by name', () => {
    const legacy: { mentors: RecognitionMentor[]; conditions: RecognitionCondition[] } = {
      mentors: [jan, an],
      conditions: [{ type: 'mentor-training', mentorName: 'An Claes', dueOn: '2027-12-01' }],
    };
    const kept = changeMentors(legacy, [jan, an], [], ids());
    expect(kept.conditions).toEqual([
      { type: 'mentor-training', mentorId: kept.mentors[1]!.id, mentorName: 'An Claes', dueOn: '2027-12-01' },
    ]);
    expect(changeMentors(legacy, [jan], [], ids()).conditions).toEqual([]);
  });

  it('finds ids that are none of the recognition’s mentors', () => {
    const { mentors } = identifyNew([jan], [], ids());
    expect(unknownMentorIds(mentors, [mentors[0]!, an, { ...an, id: 'elsewhere' }])).toEqual([2]);
  });

  it('takes an id in the mentors sent, and nothing else unknown', () => {
    expect(mentorsInput.safeParse([{ ...jan, id: 'm1' }]).success).toBe(true);
    expect(mentorsInput.safeParse([{ ...jan, nickname: 'J' }]).success).toBe(false);
  });
});
