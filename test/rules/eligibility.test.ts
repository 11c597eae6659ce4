import type { Mentor } from '../../models/application';
import { assessApplication, assessMentors } from '../../models/eligibility';
import { DEFAULT_POLICY, type Policy } from '../../models/policy';

const APPLIED_ON = '2026-11-27';

/** A mentor who qualifies on APPLIED_ON in every respect; each test changes one thing. */
function mentor(overrides: Partial<Mentor> = {}): Mentor {
  return {
    firstName: 'An',
    lastName: 'Peeters',
    birthDate: '1980-05-12',
    yearsOfExperience: 10,
    criminalRecordExtractDate: '2026-10-01',
    mentorTrainingCompletedOn: '2024-06-30',
    ...overrides,
  };
}

const assessOne = (m: Mentor, policy: Policy = DEFAULT_POLICY) =>
  assessApplication({ mentors: [m], documents: [] }, APPLIED_ON, policy);
const ineligiblePaths = (m: Mentor) => assessOne(m).ineligible.map((issue) => issue.path);

describe('eligibility of an application', () => {
  it('finds nothing to object to in a qualified mentor with training done', () => {
    expect(assessOne(mentor())).toEqual({ ineligible: [], missing: [], conditions: [] });
  });

  describe('mentor age', () => {
    it('accepts a mentor on their 25th birthday', () => {
      expect(ineligiblePaths(mentor({ birthDate: '2001-11-27' }))).toEqual([]);
    });

    it('refuses a mentor the day before their 25th birthday without diploma evidence', () => {
      const { ineligible } = assessOne(mentor({ birthDate: '2001-11-28' }));
      expect(ineligible).toEqual([
        {
          path: 'mentors.0.birthDate',
          message: expect.stringContaining('the mentor is 24'),
          code: 'mentor-too-young',
          params: { age: 24, minimum: 25, minimumWithDiploma: 23 },
        },
      ]);
    });

    it('accepts a 24-year-old mentor with diploma evidence', () => {
      expect(ineligiblePaths(mentor({ birthDate: '2001-11-28', diplomaEvidence: true }))).toEqual([]);
    });

    it('accepts a mentor on their 23rd birthday with diploma evidence', () => {
      expect(ineligiblePaths(mentor({ birthDate: '2003-11-27', diplomaEvidence: true }))).toEqual([]);
    });

    it('refuses a 23-year-old mentor whose diploma evidence is absent or false', () => {
      expect(ineligiblePaths(mentor({ birthDate: '2003-11-27' }))).toEqual(['mentors.0.birthDate']);
      expect(ineligiblePaths(mentor({ birthDate: '2003-11-27', diplomaEvidence: false }))).toEqual(['mentors.0.birthDate']);
    });

    it('refuses a 22-year-old mentor even with diploma evidence', () => {
      expect(ineligiblePaths(mentor({ birthDate: '2003-11-28', diplomaEvidence: true }))).toEqual(['mentors.0.birthDate']);
    });

    it('counts a leap-day birthday as reached on 1 March', () => {
      const leapling = mentor({ birthDate: '2000-02-29', criminalRecordExtractDate: '2025-02-01' });
      expect(assessApplication({ mentors: [leapling], documents: [] }, '2025-02-28', DEFAULT_POLICY).ineligible).toEqual([
        {
          path: 'mentors.0.birthDate',
          message: expect.stringContaining('the mentor is 24'),
          code: 'mentor-too-young',
          params: { age: 24, minimum: 25, minimumWithDiploma: 23 },
        },
      ]);
      expect(assessApplication({ mentors: [leapling], documents: [] }, '2025-03-01', DEFAULT_POLICY).ineligible).toEqual([]);
    });
  });

  describe('mentor experience', () => {
    it('accepts exactly five years of experience', () => {
      expect(ineligiblePaths(mentor({ yearsOfExperience: 5 }))).toEqual([]);
    });

    it('refuses less than five years without diploma evidence', () => {
      expect(ineligiblePaths(mentor({ yearsOfExperience: 4.9 }))).toEqual(['mentors.0.yearsOfExperience']);
      expect(ineligiblePaths(mentor({ yearsOfExperience: 0 }))).toEqual(['mentors.0.yearsOfExperience']);
    });

    it('accepts less than five years with diploma evidence', () => {
      expect(ineligiblePaths(mentor({ yearsOfExperience: 0, diplomaEvidence: true }))).toEqual([]);
    });

    it('reports age and experience separately for a young newcomer', () => {
      expect(ineligiblePaths(mentor({ birthDate: '2005-01-01', yearsOfExperience: 1 }))).toEqual([
        'mentors.0.birthDate',
        'mentors.0.yearsOfExperience',
      ]);
    });
  });

  describe('criminal-record extract', () => {
    it('accepts an extract dated on the application date', () => {
      expect(assessOne(mentor({ criminalRecordExtractDate: APPLIED_ON }))).toEqual({
        ineligible: [],
        missing: [],
        conditions: [],
      });
    });

    it('accepts an extract exactly one year old', () => {
      expect(assessOne(mentor({ criminalRecordExtractDate: '2025-11-27' }))).toEqual({
        ineligible: [],
        missing: [],
        conditions: [],
      });
    });

    it('asks for a new extract (missing, not ineligible) when it is one year and one day old', () => {
      const { ineligible, missing } = assessOne(mentor({ criminalRecordExtractDate: '2025-11-26' }));
      expect(ineligible).toEqual([]);
      expect(missing).toEqual([{ path: 'mentors.0.criminalRecordExtractDate', item: expect.stringContaining('An Peeters') }]);
    });

    it('refuses an extract dated in the future', () => {
      const { ineligible, missing } = assessOne(mentor({ criminalRecordExtractDate: '2026-11-28' }));
      expect(ineligible).toEqual([
        { path: 'mentors.0.criminalRecordExtractDate', message: expect.any(String), code: 'extract-in-future', params: {} },
      ]);
      expect(missing).toEqual([]);
    });
  });

  describe('mentor training', () => {
    it('accepts training completed on the application date', () => {
      expect(assessOne(mentor({ mentorTrainingCompletedOn: APPLIED_ON }))).toEqual({
        ineligible: [],
        missing: [],
        conditions: [],
      });
    });

    it('refuses training said to be completed in the future', () => {
      const { ineligible, conditions } = assessOne(mentor({ mentorTrainingCompletedOn: '2026-11-28' }));
      expect(ineligible).toEqual([
        { path: 'mentors.0.mentorTrainingCompletedOn', message: expect.any(String), code: 'training-in-future', params: {} },
      ]);
      expect(conditions).toEqual([]);
    });

    it('makes training not yet done a condition due one year after the application', () => {
      const { ineligible, missing, conditions } = assessOne(mentor({ mentorTrainingCompletedOn: undefined }));
      expect(ineligible).toEqual([]);
      expect(missing).toEqual([]);
      expect(conditions).toEqual([{ type: 'mentor-training', mentor: 0, mentorName: 'An Peeters', dueOn: '2027-11-27' }]);
    });

    it("uses the partnership's own training deadline", () => {
      const policy = { ...DEFAULT_POLICY, mentorTrainingDeadline: 'P6M' };
      expect(assessOne(mentor({ mentorTrainingCompletedOn: undefined }), policy).conditions[0]?.dueOn).toBe('2027-05-27');
    });
  });

  describe('required documents', () => {
    const policy = { ...DEFAULT_POLICY, requiredDocuments: ['haccp-attest', 'risicoanalyse'] };

    it('lists each required document that was not sent', () => {
      const result = assessApplication(
        { mentors: [mentor()], documents: [{ kind: 'risicoanalyse', name: 'ra.pdf' }] },
        APPLIED_ON,
        policy,
      );
      expect(result.missing).toEqual([{ path: 'documents', item: "Document 'haccp-attest'" }]);
      expect(result.ineligible).toEqual([]);
    });

    it('lists all of them when no documents were sent', () => {
      const result = assessApplication({ mentors: [mentor()], documents: [] }, APPLIED_ON, policy);
      expect(result.missing.map((m) => m.item)).toEqual(["Document 'haccp-attest'", "Document 'risicoanalyse'"]);
    });

    it('is satisfied when every required kind was sent, extra documents being fine', () => {
      const documents = [
        { kind: 'haccp-attest', name: 'haccp.pdf' },
        { kind: 'risicoanalyse', name: 'ra.pdf' },
        { kind: 'organigram', name: 'org.pdf' },
      ];
      expect(assessApplication({ mentors: [mentor()], documents }, APPLIED_ON, policy).missing).toEqual([]);
    });

    it('requires nothing under the default policy', () => {
      expect(DEFAULT_POLICY.requiredDocuments).toEqual([]);
    });
  });

  it('addresses each mentor by their own index', () => {
    const mentors = [
      mentor(),
      mentor({ firstName: 'Bram', lastName: 'Claes', birthDate: '2004-01-01', criminalRecordExtractDate: '2024-01-01' }),
      mentor({ firstName: 'Chloé', lastName: 'Dubois', mentorTrainingCompletedOn: undefined }),
    ];
    const result = assessApplication({ mentors, documents: [] }, APPLIED_ON, DEFAULT_POLICY);
    expect(result.ineligible.map((i) => i.path)).toEqual(['mentors.1.birthDate']);
    expect(result.missing).toEqual([
      { path: 'mentors.1.criminalRecordExtractDate', item: expect.stringContaining('Bram Claes') },
    ]);
    expect(result.conditions).toEqual([{ type: 'mentor-training', mentor: 2, mentorName: 'Chloé Dubois', dueOn: '2027-11-27' }]);
  });
});

describe('eligibility of a change of mentors', () => {
  it('applies the mentor rules on the date of the change', () => {
    const result = assessMentors(
      [mentor({ birthDate: '2002-06-01', mentorTrainingCompletedOn: undefined })],
      '2027-06-01',
      DEFAULT_POLICY,
    );
    expect(result.ineligible).toEqual([]);
    expect(result.conditions).toEqual([{ type: 'mentor-training', mentor: 0, mentorName: 'An Peeters', dueOn: '2028-06-01' }]);
    expect(
      assessMentors([mentor({ birthDate: '2002-06-02' })], '2027-06-01', DEFAULT_POLICY).ineligible.map((i) => i.path),
    ).toEqual(['mentors.0.birthDate']);
  });

  it('does not ask for the documents of the application', () => {
    const policy = { ...DEFAULT_POLICY, requiredDocuments: ['haccp-attest'] };
    expect(assessMentors([mentor()], APPLIED_ON, policy).missing).toEqual([]);
  });
});
