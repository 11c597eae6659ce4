import type { ApplicationDossier } from '../../models/application-dossier';
import { partnershipYear } from '../../models/monitoring';
import {
  type Erasures,
  eraseFromApplication,
  eraseFromPlan,
  eraseFromRecognition,
  inApplication,
  inDraft,
  inRecognition,
  needlesOf,
  personInput,
} from '../../models/personal-data';
import { pseudonymisePlan } from '../../models/improvement-plan';
import { newImprovementPlan } from '../../models/improvement-plan-rules';
import type { QualityCheck } from '../../models/quality-check';
import type { Recognition } from '../../models/recognition';
import {
  ERASED,
  RETENTION_SCHEDULE,
  applicationClosedAt,
  keptOnRequest,
  pseudonymiseAt,
  pseudonymiseApplication,
  pseudonymiseCheck,
  pseudonymiseRecognition,
  retentionDue,
} from '../../models/retention';
import { nominalMs } from '../../models/duration';
import { sampleApplication } from '../support/sample-application';

// The retention schedule and what erasing does to a dossier, as rules: when a dossier's personal
// data is due, what a request may take, and that monitoring counts the same afterwards.

const jan = { firstName: 'Jan', lastName: 'Peeters', birthDate: '1980-05-12' };
const els = { firstName: 'Els', lastName: 'Maes', birthDate: '1975-01-30' };

function application(overrides: Partial<ApplicationDossier> = {}): ApplicationDossier & { _id: string } {
  const input = sampleApplication({
    contact: { name: 'An De Vries', email: 'an@devries.example', phone: '+32 9 123 45 67' },
    mentors: [
      { ...jan, yearsOfExperience: 12, criminalRecordExtractDate: '2026-01-10' },
      { ...els, yearsOfExperience: 20, criminalRecordExtractDate: '2026-01-11' },
    ],
    documents: [{ kind: 'strafregister', name: 'uittreksel-jan-peeters.pdf' }],
  });
  return {
    _id: 'a1',
    status: 'withdrawn',
    enterpriseNumber: input.enterpriseNumber,
    establishmentNumber: input.establishmentNumber,
    trainingCode: input.trainingCode,
    partnershipId: 'bouw',
    companyName: input.companyName,
    submittedAt: '2026-03-02T09:00:00.000Z',
    decisionDue: '2026-03-20T09:00:00.000Z',
    overdue: false,
    infoRequests: [
      {
        id: 'r1',
        requestedAt: '2026-03-03T09:00:00.000Z',
        requestedBy: 'system',
        message: 'Nog nodig voor Jan Peeters.',
        items: ['Uittreksel uit het strafregister van Jan Peeters'],
        dueAt: '2026-04-02T09:00:00.000Z',
      },
    ],
    visits: [],
    conditions: [
      { type: 'mentor-training', mentor: 0, mentorName: 'Jan Peeters', dueOn: '2027-03-01' },
      { type: 'mentor-training', mentor: 1, mentorName: 'Els Maes', dueOn: '2027-03-01' },
    ],
    application: input,
    burden: { fieldsAsked: 27, documentsAsked: 2, infoRequests: 1, reviewerTouches: 0 },
    timeline: [
      { id: 't1', at: '2026-03-02T09:00:00.000Z', type: 'submitted', by: 'company-user' },
      {
        id: 't2',
        at: '2026-03-03T09:00:00.000Z',
        type: 'info_requested',
        by: 'system',
        data: { items: ['Jan Peeters'], message: 'x' },
      },
      { id: 't3', at: '2026-03-10T09:00:00.000Z', type: 'withdrawn', by: 'company-user' },
    ],
    requestHash: 'hash',
    submittedBy: 'company-user',
    updatedAt: '2026-03-10T09:00:00.000Z',
    ...overrides,
  };
}

function recognition(overrides: Partial<Recognition> = {}): Recognition {
  return {
    id: 'r1',
    status: 'ended',
    enterpriseNumber: '0403170701',
    establishmentNumber: '2123456791',
    trainingCode: 'ruwbouw-duaal',
    partnershipId: 'bouw',
    companyName: 'Bouwbedrijf Janssens',
    capacity: 2,
    address: { street: 'Kerkstraat 1', postcode: '9000', municipality: 'Gent' },
    contact: { name: 'An De Vries', email: 'an@devries.example' },
    mentors: [{ id: 'm1', ...jan, yearsOfExperience: 12, criminalRecordExtractDate: '2026-01-10' }],
    validFrom: '2026-04-01',
    validUntil: '2031-04-01',
    validUntilAt: '2031-04-01T10:00:00.000Z',
    conditions: [{ type: 'mentor-training', mentorId: 'm1', mentorName: 'Jan Peeters', dueOn: '2027-04-01' }],
    history: [
      { at: '2026-04-01T10:00:00.000Z', status: 'active', by: 'reviewer' },
      { at: '2026-06-01T10:00:00.000Z', status: 'suspended', by: 'reviewer', reasons: ['Jan Peeters is vertrokken'] },
      { at: '2026-07-01T10:00:00.000Z', status: 'ended', by: 'company-user' },
    ],
    applicationId: 'a1',
    ...overrides,
  };
}

const check: QualityCheck = {
  id: 'c1',
  recognitionId: 'r1',
  enterpriseNumber: '0403170701',
  partnershipId: 'bouw',
  reason: 'incident',
  status: 'closed',
  openedAt: '2026-05-01T10:00:00.000Z',
  dueOn: '2026-05-31',
  dueAt: '2026-05-31T10:00:00.000Z',
  questions: [{ id: 'q', question: 'Alles goed?' }],
  answers: [{ id: 'q', ok: false, comment: 'Jan Peeters was ziek' }],
  outcome: 'improvement-needed',
  notes: 'Gesproken met Jan Peeters',
  evaluatedBy: 'reviewer',
  trigger: 'De leerling werkt alleen (school-1)',
  reports: [{ at: '2026-05-02T10:00:00.000Z', by: 'school-1', description: 'Opnieuw alleen' }],
};

describe('the schedule', () => {
  it('lets notices go before the dossiers they are about, and no hold outlast its period', () => {
    expect(nominalMs(RETENTION_SCHEDULE.notices.period!)).toBeLessThan(
      nominalMs(RETENTION_SCHEDULE['closed-application'].period!),
    );
    for (const rule of Object.values(RETENTION_SCHEDULE)) {
      for (const hold of Object.values(rule.holds ?? {})) expect(nominalMs(hold!)).toBeLessThan(nominalMs(rule.period!));
      expect(rule.basis).toMatch(/GDPR art\. 6\.1\./);
    }
  });
});

describe('when personal data is due', () => {
  it('closes an application at its withdrawal or lapse, and a rejection only once its objection window has passed', () => {
    const step = (type: string, at: string) => ({ id: type, at, type, by: 'system' });
    const base = application().timeline.slice(0, 2);
    expect(applicationClosedAt(application())).toBe('2026-03-10T09:00:00.000Z');
    const lapsed = application({ status: 'lapsed', timeline: [...base, step('lapsed', '2026-04-02T09:00:00.000Z')] });
    expect(applicationClosedAt(lapsed)).toBe('2026-04-02T09:00:00.000Z');
    // An erasure writes the dossier later: its closing stays when it closed.
    expect(applicationClosedAt({ ...lapsed, updatedAt: '2026-09-01T00:00:00.000Z' })).toBe('2026-04-02T09:00:00.000Z');
    const decided = [...base, step('decided', '2026-03-10T09:00:00.000Z')];
    expect(applicationClosedAt(application({ status: 'rejected', timeline: decided }))).toBeUndefined();
    const closed = [...decided, step('objection_window_closed', '2026-04-09T09:00:01.000Z')];
    expect(applicationClosedAt(application({ status: 'rejected', timeline: closed }))).toBe('2026-04-09T09:00:01.000Z');
    for (const status of ['submitted', 'in_review', 'info_requested', 'approved'] as const) {
      expect(applicationClosedAt(application({ status }))).toBeUndefined();
    }
  });

  it('pseudonymises a closed application a year after it closed, an approved one a year after its recognition ended', () => {
    const closed = { type: 'application' as const, application: application() };
    expect(pseudonymiseAt(closed)).toBe('2027-03-10T09:00:00.000Z');
    expect(retentionDue(closed, new Date('2027-03-10T08:59:59Z'))).toBe(false);
    expect(retentionDue(closed, new Date('2027-03-10T09:00:00Z'))).toBe(true);
    const approved = application({ status: 'approved' });
    expect(
      pseudonymiseAt({ type: 'application', application: approved, recognition: recognition({ status: 'active' }) }),
    ).toBeUndefined();
    expect(pseudonymiseAt({ type: 'application', application: approved, recognition: recognition() })).toBe(
      '2027-07-01T10:00:00.000Z',
    );
    expect(pseudonymiseAt({ type: 'recognition', recognition: recognition({ status: 'suspended' }) })).toBeUndefined();
  });

  it('keeps on request what a procedure or a recognition in force needs, and a decision within its appeal window', () => {
    const now = new Date('2026-03-20T00:00:00Z');
    expect(keptOnRequest({ type: 'application', application: application() }, now)).toBeUndefined();
    const lapsed = application({ status: 'lapsed', timeline: [{ id: 'l', at: '2026-03-10T09:00:00.000Z', type: 'lapsed' }] });
    expect(keptOnRequest({ type: 'application', application: lapsed }, now)).toEqual({
      reason: 'appeal-window',
      until: '2026-05-09T09:00:00.000Z',
    });
    expect(keptOnRequest({ type: 'application', application: application({ status: 'in_review' }) }, now)).toEqual({
      reason: 'procedure-open',
    });
    const live = recognition({ status: 'active' });
    expect(keptOnRequest({ type: 'recognition', recognition: live }, now)).toEqual({
      reason: 'recognition-in-force',
      until: '2032-04-01T10:00:00.000Z',
    });
    expect(
      keptOnRequest({ type: 'application', application: application({ status: 'approved' }), recognition: live }, now),
    ).toEqual({
      reason: 'recognition-in-force',
      until: '2032-04-01T10:00:00.000Z',
    });
    expect(keptOnRequest({ type: 'recognition', recognition: recognition() }, new Date('2026-07-02T00:00:00Z'))).toBeUndefined();
    const withdrawn = recognition({
      status: 'withdrawn',
      history: [...recognition().history.slice(0, 2), { at: '2026-07-01T10:00:00.000Z', status: 'withdrawn' }],
    });
    expect(keptOnRequest({ type: 'recognition', recognition: withdrawn }, new Date('2026-07-02T00:00:00Z'))).toEqual({
      reason: 'appeal-window',
      until: '2026-08-30T10:00:00.000Z',
    });
  });
});

describe('pseudonymisation', () => {
  const at = '2027-07-02T03:30:00.000Z';

  it('takes the people and what was written out of a dossier, and leaves monitoring the same numbers', () => {
    const now = new Date('2027-07-02T03:30:00Z');
    const a = application({
      status: 'approved',
      decision: {
        outcome: 'approved',
        reasons: ['Jan Peeters is ervaren'],
        decidedAt: '2026-03-15T09:00:00.000Z',
        decidedBy: 'reviewer',
      },
    });
    const r = recognition();
    const before = { applications: [a], checks: [check], recognitions: [r] };
    const after = {
      applications: [pseudonymiseApplication(a, at)],
      checks: [pseudonymiseCheck(check, at)],
      recognitions: [pseudonymiseRecognition(r, at)],
    };
    for (const year of [2026, 2027])
      expect(partnershipYear('bouw', year, now, after)).toEqual(partnershipYear('bouw', year, now, before));

    const text = JSON.stringify(after);
    for (const gone of [
      'Peeters',
      'Els Maes',
      '1980-05-12',
      '1975-01-30',
      '2026-01-10',
      'an@devries.example',
      'An De Vries',
      '+32 9',
      'ziek',
      'alleen',
    ]) {
      expect({ gone, found: text.includes(gone) }).toEqual({ gone, found: false });
    }
    expect(after.applications[0]!.application.contact).toEqual({ name: ERASED, email: 'gewist@erkend.invalid' });
    expect(after.applications[0]!.application.mentors).toEqual([]);
    expect(after.applications[0]!.application.documents).toEqual([{ kind: 'strafregister', name: ERASED }]);
    expect(after.recognitions[0]!).toMatchObject({
      companyName: 'Bouwbedrijf Janssens',
      address: { street: 'Kerkstraat 1', postcode: '9000', municipality: 'Gent' },
      capacity: 2,
      status: 'ended',
      history: [r.history[0], { ...r.history[1], reasons: [ERASED] }, r.history[2]],
      pseudonymisedAt: at,
    });
    expect(after.checks[0]).toMatchObject({
      status: 'closed',
      outcome: 'improvement-needed',
      evaluatedBy: 'reviewer',
      notes: ERASED,
    });
  });
});

/** A plan whose one action names the mentor Jan Peeters. */
const planNamingJan = () =>
  newImprovementPlan({
    id: 'p1',
    check: { id: 'c1', recognitionId: 'r1', partnershipId: 'bouw', enterpriseNumber: '0403170701' },
    actions: [{ description: 'Jan Peeters volgt de mentoropleiding', dueOn: '2027-01-10' }],
    by: 'reviewer-bouw',
    at: '2026-12-07T10:00:00.000Z',
  });

describe('an improvement plan', () => {
  it('keeps its dates, statuses and outcomes when retention takes out what people wrote', () => {
    const plan = planNamingJan();
    const answered = {
      ...plan,
      status: 'done' as const,
      actions: plan.actions.map((a) => ({
        ...a,
        status: 'done' as const,
        responses: [{ at: '2026-12-20T10:00:00.000Z', by: 'company-user', message: 'Jan is ingeschreven' }],
        review: { at: '2026-12-21T10:00:00.000Z', by: 'reviewer-bouw', outcome: 'done' as const, note: 'Goed, Jan' },
      })),
    };
    const after = pseudonymisePlan(answered, '2028-01-01T00:00:00.000Z');
    expect(JSON.stringify(after)).not.toContain('Jan');
    expect(after).toMatchObject({ status: 'done', pseudonymisedAt: '2028-01-01T00:00:00.000Z' });
    expect(after.actions[0]).toMatchObject({ dueOn: '2027-01-10', status: 'done', review: { outcome: 'done', note: ERASED } });
  });

  it('on a person’s request loses only the mentions of that person', () => {
    const plan = planNamingJan();
    const person = personInput.parse(jan);
    const erased = eraseFromPlan(plan, needlesOf(person), 'x');
    expect(erased.actions[0]!.description).toBe(`${ERASED} volgt de mentoropleiding`);
    expect((erased as Erasures).erasures).toEqual([{ at: 'x', roles: ['named'] }]);
  });
});

describe('a person on request', () => {
  it('needs an e-mail address, or a mentor’s name and birth date whole', () => {
    const paths = (input: unknown) => personInput.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({})).toEqual(['email']);
    expect(paths({ firstName: 'Jan' })).toEqual(['lastName', 'birthDate']);
    expect(paths({ email: 'geen adres' })).toEqual(['email']);
    expect(paths({ email: 'an@devries.example' })).toBeUndefined();
    expect(paths(jan)).toBeUndefined();
  });

  it('takes a mentor out of an application with their condition, renumbers the others, and erases mentions of them', () => {
    const person = personInput.parse({ firstName: ' jan ', lastName: 'PEETERS', birthDate: '1980-05-12' });
    const needles = needlesOf(person);
    const a = application();
    expect(inApplication(a, person, needles).roles).toEqual(['mentor']);
    const erased = eraseFromApplication(a, person, needles, '2026-04-01T00:00:00.000Z');
    expect(erased.application.mentors.map((m) => m.firstName)).toEqual(['Els']);
    expect(erased.application.contact).toEqual(a.application.contact);
    expect(erased.conditions).toEqual([{ type: 'mentor-training', mentor: 0, mentorName: 'Els Maes', dueOn: '2027-03-01' }]);
    expect(erased.infoRequests[0]).toMatchObject({
      message: `Nog nodig voor ${ERASED}.`,
      items: [`Uittreksel uit het strafregister van ${ERASED}`],
    });
    expect((erased as Erasures).erasures).toEqual([{ at: '2026-04-01T00:00:00.000Z', roles: ['mentor'] }]);
    expect(JSON.stringify(erased)).not.toMatch(/Peeters|1980-05-12/);
  });

  it('replaces a contact found by e-mail address in any case, and takes a recognition’s mentor out with their conditions', () => {
    const contact = personInput.parse({ email: 'AN@devries.example' });
    const erased = eraseFromRecognition(recognition(), contact, needlesOf(contact, ['An De Vries']), 'x');
    expect(erased.contact).toEqual({ name: ERASED, email: 'gewist@erkend.invalid' });
    expect(erased.mentors).toHaveLength(1);
    const mentor = personInput.parse(jan);
    const without = eraseFromRecognition(recognition(), mentor, needlesOf(mentor), 'x');
    expect(without.mentors).toEqual([]);
    expect(without.conditions).toEqual([]);
    expect(without.history[1]!.reasons).toEqual([`${ERASED} is vertrokken`]);
  });

  it('drops a change under review that holds the person, and keeps one that does not', () => {
    const els = { name: 'Els Maes', email: 'els@devries.example' };
    const waiting = recognition({ pendingChange: { id: 'c1', due: 'x', values: { contact: els } } });
    const person = personInput.parse({ email: 'els@devries.example' });
    const found = inRecognition(waiting, person, needlesOf(person, ['Els Maes']));
    expect(found).toMatchObject({ roles: ['contact'], data: { changeContact: els } });
    expect(eraseFromRecognition(waiting, person, needlesOf(person, ['Els Maes']), 'x').pendingChange).toBeUndefined();
    const other = personInput.parse({ email: 'piet@elders.example' });
    expect(eraseFromRecognition(waiting, other, needlesOf(other), 'x').pendingChange).toEqual(waiting.pendingChange);
    expect(pseudonymiseRecognition(waiting, 'x').pendingChange).toBeUndefined();
  });

  it('finds a mentor in an unfinished form by last name and birth date, the fields being apart there', () => {
    const person = personInput.parse(jan);
    const draft = {
      application: { 'mentors.0.firstName': 'Jan', 'mentors.0.lastName': 'Peeters', 'mentors.0.birthDate': '1980-05-12' },
    };
    expect(inDraft(draft, person, needlesOf(person))).toBe(true);
    expect(inDraft({ application: { 'mentors.0.lastName': 'Peeters' } }, person, needlesOf(person))).toBe(false);
  });
});
