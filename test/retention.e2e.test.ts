import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { RETENTION_WORKFLOW, type RetentionInput } from '../workflows/retention.messages';
import { ensureRetentionSchedule } from '../worker/retention-schedule';
import type { RetentionCounts } from '../models/retention';
import { applicationModel } from '../store/applications';
import { outboxModel } from '../store/outbox';
import { newImprovementPlan } from '../models/improvement-plan-rules';
import { improvementPlanModel, writeImprovementPlan } from '../store/improvement-plans';
import { qualityCheckModel } from '../store/quality-checks';
import { recognitionModel } from '../store/recognitions';
import { recordHistory } from './support/histories';
import { ADMIN, COMPANY, type People, SCHOOL, newPeople, reviewerOf, samplePdf } from './support/people';
import { SAMPLE_ENTERPRISE, daysFromToday, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';

// The retention schedule enforced by the nightly run: dossiers whose period has passed lose their
// people (contact, mentors, birth dates, extract dates, what was written about them) and their
// documents, in the store, the outbox and the API processes' read models, while the register and
// monitoring count them as before. "Past their period" is made by moving a real dossier's dates
// two years back in the store, as time would.

describe('retention (dev server, FerretDB)', () => {
  const stack = suiteStack({ company: COMPANY, reviewer: reviewerOf('bouw'), admin: ADMIN, school: SCHOOL });
  const { call, tokens } = stack;

  async function apply(who: People, overrides: Record<string, unknown> = {}) {
    const filed = await call('company', 'POST', '/api/v1/applications', {
      ...sampleApplicationBody(overrides),
      contact: who.contact,
      mentors: [who.mentor],
    });
    expect(filed.status).toBe(202);
    return filed.body.id as string;
  }

  async function upload(applicationId: string) {
    const form = new FormData();
    form.set('kind', 'strafregister');
    const bytes = samplePdf();
    form.set('file', new Blob([new Uint8Array(bytes)]), 'uittreksel.pdf');
    const response = await fetch(`${stack.baseUrl}/api/v1/applications/${applicationId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.company}` },
      body: form,
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as Json).id as string;
  }

  /** Two years earlier, as a date or an instant (29 February becomes the 28th). */
  const twoYearsBack = (value: string) =>
    value.replace(/^(\d{4})(-\d{2}-\d{2})/, (_, year: string, rest: string) => {
      const moved = `${Number(year) - 2}${rest}`;
      return Number.isNaN(Date.parse(moved.slice(0, 10))) || new Date(moved.slice(0, 10)).getUTCDate() !== Number(rest.slice(4))
        ? `${Number(year) - 2}-02-28`
        : moved;
    });
  const PERSONAL_DATES = new Set(['birthDate', 'criminalRecordExtractDate', 'mentorTrainingCompletedOn']);
  function aged(value: unknown, key = ''): unknown {
    if (typeof value === 'string')
      return /^\d{4}-\d{2}-\d{2}/.test(value) && !PERSONAL_DATES.has(key) ? twoYearsBack(value) : value;
    if (Array.isArray(value)) return value.map((v) => aged(v, key));
    if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, aged(v, k)]));
    return value;
  }

  /** Moves every date of the stored documents two years back, as if they had been written then. */
  async function ageInStore(db: Connection, collection: string, filter: Record<string, unknown>) {
    const docs = await db.collection(collection).find(filter).toArray();
    for (const doc of docs) await db.collection(collection).replaceOne({ _id: doc._id }, aged(doc) as never);
    return docs.length;
  }

  const storedText = async (filter: { applicationIds: string[]; recognitionId: string }) =>
    JSON.stringify([
      await applicationModel(stack.db)
        .find({ _id: { $in: filter.applicationIds } })
        .lean(),
      await recognitionModel(stack.db).findById(filter.recognitionId).lean(),
      await qualityCheckModel(stack.db).find({ recognitionId: filter.recognitionId }).lean(),
      await improvementPlanModel(stack.db).find({ recognitionId: filter.recognitionId }).lean(),
      await outboxModel(stack.db)
        .find({ $or: [{ applicationId: { $in: filter.applicationIds } }, { recognitionId: filter.recognitionId }] })
        .lean(),
    ]);

  const monitoring = async (year: number) =>
    (await call('admin', 'GET', `/api/v1/monitoring?year=${year}&partnershipId=bouw`)).body.partnerships?.[0] as Json | undefined;
  const counted = ({ applications, burden, qualityChecks, recognitions, capacity }: Json) => ({
    applications,
    burden,
    qualityChecks,
    recognitions,
    capacity,
  });

  it('pseudonymises dossiers past their period: people and documents gone from the store, the outbox and the lists; the register and monitoring count them as before', async () => {
    const year = new Date().getUTCFullYear();
    // A withdrawn application, and an approved one whose recognition had an incident and ended.
    const withdrawer = newPeople();
    const withdrawn = await apply(withdrawer);
    expect((await call('company', 'POST', `/api/v1/applications/${withdrawn}/withdrawal`)).body.status).toBe('withdrawn');
    const holder = newPeople();
    const approved = await apply(holder);
    const documentId = await upload(approved);
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${approved}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    const recognitionId = decided.body.recognitionId as string;
    const incident = await call('reviewer', 'POST', `/api/v1/recognitions/${recognitionId}/incidents`, {
      description: `${holder.mentor.firstName} ${holder.mentor.lastName} laat de leerling alleen op de werf`,
    });
    expect(incident.status).toBe(201);
    // Its improvement plan, answered by the company naming the mentor.
    const plan = newImprovementPlan({
      id: randomUUID(),
      check: { id: incident.body.qualityCheckId, recognitionId, partnershipId: 'bouw', enterpriseNumber: SAMPLE_ENTERPRISE },
      actions: [{ description: 'Begeleiding op de werf regelen', dueOn: '2027-01-10' }],
      by: 'reviewer-bouw',
      at: new Date().toISOString(),
    });
    const answer = {
      at: new Date().toISOString(),
      by: 'company-user',
      message: `${holder.mentor.lastName} blijft voortaan bij de leerling`,
    };
    await writeImprovementPlan(stack.db, { ...plan, actions: plan.actions.map((a) => ({ ...a, responses: [answer] })) });
    expect((await call('company', 'POST', `/api/v1/recognitions/${recognitionId}/termination`)).body.status).toBe('ended');
    // And a dossier of this year, withdrawn today in another partnership: its period has not passed.
    const recent = newPeople();
    const kept = await apply(recent, { jointCommittee: '111', trainingCode: 'lassen-constructie-duaal' });
    await call('company', 'POST', `/api/v1/applications/${kept}/withdrawal`);

    const before = await eventually(async () => {
      const bouw = await monitoring(year);
      return bouw?.applications.withdrawn === 1 &&
        bouw.applications.approved === 1 &&
        bouw.recognitions.ended === 1 &&
        bouw.qualityChecks.opened === 1
        ? counted(bouw)
        : undefined;
    }, 20_000);
    const dossiers = { applicationIds: [withdrawn, approved], recognitionId };
    const text = await storedText(dossiers);
    for (const person of [withdrawer, holder]) {
      for (const value of [person.contact.email, person.contact.name, person.mentor.lastName]) expect(text).toContain(value);
    }
    expect(text).toContain(holder.mentor.birthDate);

    // Two years pass for these dossiers (their workflows have ended): every date moves back.
    const ids = { $in: [withdrawn, approved] };
    expect(await ageInStore(stack.db, 'applications', { _id: ids })).toBe(2);
    expect(await ageInStore(stack.db, 'recognitions', { _id: recognitionId })).toBe(1);
    expect(await ageInStore(stack.db, 'quality_checks', { recognitionId })).toBe(1);
    expect(await ageInStore(stack.db, 'improvement_plans', { recognitionId })).toBe(1);
    expect(await ageInStore(stack.db, 'outbox', { $or: [{ applicationId: ids }, { recognitionId }] })).toBeGreaterThan(5);

    const workflowId = `retention-${randomUUID()}`;
    const handle = await stack.temporal.workflow.start(RETENTION_WORKFLOW, {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{} satisfies RetentionInput],
    });
    const counts = (await handle.result()) as RetentionCounts;
    await recordHistory(handle, 'retention-run');
    expect(counts).toMatchObject({
      applications: 2,
      recognitions: 1,
      qualityChecks: 1,
      improvementPlans: 1,
      documents: 1,
      failed: 0,
    });
    expect(counts.notices).toBeGreaterThan(5);

    // Nobody left in the store: no name, e-mail address, phone, birth or extract date, no mention.
    const after = await storedText(dossiers);
    for (const person of [withdrawer, holder]) {
      for (const value of [
        person.contact.email,
        person.contact.name,
        person.contact.phone,
        person.mentor.lastName,
        person.mentor.criminalRecordExtractDate,
      ]) {
        expect({ value, found: after.includes(value) }).toEqual({ value, found: false });
      }
    }
    expect(after).not.toContain(holder.mentor.birthDate);
    expect(after).not.toContain('laat de leerling alleen');

    // What people see: the dossiers say so, the facts stay, the documents and notices are gone.
    const application = (await call('admin', 'GET', `/api/v1/applications/${approved}`)).body;
    expect(application).toMatchObject({
      status: 'approved',
      recognitionId,
      companyName: expect.any(String),
      burden: { fieldsAsked: expect.any(Number) },
      application: { contact: { name: '(gewist)', email: 'gewist@erkend.invalid' }, mentors: [] },
      pseudonymisedAt: expect.any(String),
    });
    const recognition = (await call('admin', 'GET', `/api/v1/recognitions/${recognitionId}`)).body;
    expect(recognition).toMatchObject({ status: 'ended', contact: { name: '(gewist)' }, mentors: [], capacity: 2 });
    expect((await call('admin', 'GET', `/api/v1/applications/${approved}/documents`)).body).toEqual([]);
    expect((await call('admin', 'GET', `/api/v1/applications/${approved}/documents/${documentId}`)).status).toBe(404);
    expect((await call('admin', 'GET', `/api/v1/outbox?recognitionId=${recognitionId}`)).body).toEqual([]);
    expect((await call('admin', 'GET', `/api/v1/outbox?applicationId=${withdrawn}`)).body).toEqual([]);
    // The dossier of this year keeps its people and notices.
    expect((await call('admin', 'GET', `/api/v1/applications/${kept}`)).body.application.contact).toEqual(recent.contact);
    expect((await call('admin', 'GET', `/api/v1/outbox?applicationId=${kept}`)).body.length).toBeGreaterThan(0);

    // The register answers for the workplace as it was (ended that day), from the pseudonymised
    // recognition fed to the lists: its dates are the moved ones, which only that feed brought.
    const { establishmentNumber, trainingCode, validFrom } = recognition;
    const verify = `/api/v1/register/verify?enterpriseNumber=${SAMPLE_ENTERPRISE}&establishmentNumber=${establishmentNumber}&trainingCode=${trainingCode}&date=${validFrom}`;
    const verified = await eventually(async () => {
      const found = (await call('admin', 'GET', verify)).body;
      return found.recognitionId ? found : undefined;
    });
    expect(verified).toMatchObject({ recognized: false, status: 'ended', recognitionId, validFrom });
    // Monitoring counts them in the year they now belong to, as before.
    expect(
      await eventually(async () => {
        const bouw = await monitoring(year - 2);
        return bouw && JSON.stringify(counted(bouw)) === JSON.stringify(before) ? counted(bouw) : undefined;
      }, 20_000),
    ).toEqual(before);

    // The run is recorded with what it did.
    const runs = (await call('admin', 'GET', '/api/v1/retention-runs?limit=1')).body as Json[];
    expect(runs[0]).toMatchObject({ id: expect.stringContaining(workflowId), counts });
  });

  it('makes the nightly schedule once, finds it again at the next start, and runs the same workflow when triggered', async () => {
    const scheduleId = `test-retention-${randomUUID().slice(0, 8)}`;
    expect(await ensureRetentionSchedule(stack.temporal, stack.taskQueue, scheduleId)).toBe('created');
    try {
      expect(await ensureRetentionSchedule(stack.temporal, stack.taskQueue, scheduleId)).toBe('updated');
      const schedule = stack.temporal.schedule.getHandle(scheduleId);
      const described = await schedule.describe();
      expect(described.spec).toMatchObject({
        calendars: [{ hour: [{ start: 3 }], minute: [{ start: 30 }] }],
        timezone: 'Europe/Brussels',
      });
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: RETENTION_WORKFLOW,
        taskQueue: stack.taskQueue,
      });
      await schedule.trigger();
      const started = await eventually(async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId);
      expect(await stack.temporal.workflow.getHandle(started).result()).toMatchObject({ failed: 0 });
    } finally {
      await stack.temporal.schedule.getHandle(scheduleId).delete();
    }
  });
  /** Runs the nightly retention now and answers its counts. */
  async function retentionRun(): Promise<RetentionCounts> {
    const handle = await stack.temporal.workflow.start(RETENTION_WORKFLOW, {
      workflowId: `retention-${randomUUID()}`,
      taskQueue: stack.taskQueue,
      args: [{} satisfies RetentionInput],
    });
    return (await handle.result()) as RetentionCounts;
  }

  it('pseudonymises a placement a year after it ended, its evaluation’s and learner’s comments with it; one that ended today stays; old links and learners no longer searching go', async () => {
    // A workplace recognised through its workflow, which takes the learners' answers.
    const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody({ capacity: 3 }));
    const decided = await call('reviewer', 'POST', `/api/v1/applications/${filed.body.id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${decided.body.recognitionId}`)).body;
    const today = daysFromToday(0);
    const propose = async () =>
      (
        await call('school', 'POST', '/api/v1/placements', {
          recognitionId: recognition.id,
          learnerReference: `LL-${randomUUID().slice(0, 8)}`,
          startsOn: today,
        })
      ).body.id as string;
    // One that ran: accepted with its mentor, evaluated, answered by its learner, ended early with a note.
    const ran = await propose();
    const accepted = await call('company', 'POST', `/api/v1/placements/${ran}/acceptance`, {
      mentor: { firstName: 'Jan', lastName: 'Peeters' },
    });
    const [activity] = accepted.body.trainingPlan.activities as string[];
    const evaluation = { moment: 'interim', activities: [{ code: activity, progress: 'practised' }], comment: 'Jan leert snel' };
    expect((await call('company', 'POST', `/api/v1/placements/${ran}/evaluations`, evaluation)).status).toBe(201);
    const answers = { guidance: 4, learning: 3, safety: 4, atmosphere: 3, recommend: 4 };
    const feedback = { answers, comment: 'Mijn mentor Jan Peeters helpt me goed' };
    expect((await call('school', 'POST', `/api/v1/placements/${ran}/learner-feedback`, feedback)).status).toBe(201);
    expect((await call('school', 'POST', `/api/v1/placements/${ran}/feedback-link`)).status).toBe(201);
    const terminated = await call('company', 'POST', `/api/v1/placements/${ran}/termination`, {
      endedOn: today,
      reason: 'conflict',
      note: 'Onenigheid over de werkuren',
    });
    expect(terminated.body.status).toBe('terminated');
    // And one declined today: its year has not passed.
    const declined = await propose();
    await call('company', 'POST', `/api/v1/placements/${declined}/decline`, { reason: 'Geen mentor vrij in juni' });
    // A learner the school deleted, and one still searching.
    const register = async (learnerReference: string) =>
      (
        await call('school', 'POST', '/api/v1/searching-learners', {
          learnerReference,
          trainingCode: recognition.trainingCode,
          postcode: '9000',
          since: today,
        })
      ).body.id as string;
    const deleted = await register(`LL-${randomUUID().slice(0, 8)}`);
    expect((await call('school', 'DELETE', `/api/v1/searching-learners/${deleted}`)).status).toBe(204);
    const searching = await register(`LL-${randomUUID().slice(0, 8)}`);

    // Two years pass for the one that ran, its link and both learners.
    expect(await ageInStore(stack.db, 'placements', { _id: ran })).toBe(1);
    expect(await ageInStore(stack.db, 'feedback_links', { placementId: ran })).toBe(1);
    expect(await ageInStore(stack.db, 'searching_learners', { _id: { $in: [deleted, searching] } })).toBe(2);

    expect(await retentionRun()).toMatchObject({ placements: 1, feedbackLinks: 1, searchingLearners: 1, failed: 0 });
    const stored = async (collection: string, _id: string) => stack.db.collection(collection).findOne({ _id } as never);
    expect(await stored('placements', ran)).toMatchObject({
      status: 'terminated',
      learnerReference: expect.stringMatching(/^LL-/),
      mentor: { firstName: '(gewist)', lastName: '(gewist)' },
      termination: { reason: 'conflict', by: 'company' },
      pseudonymisedAt: expect.any(String),
    });
    expect(await stored('placement_evaluations', `${ran}:interim`)).toMatchObject({ activities: evaluation.activities });
    expect(await stored('learner_feedback', ran)).toMatchObject({ answers, average: 3.6 });
    const text = JSON.stringify([
      await stored('placements', ran),
      await stored('placement_evaluations', `${ran}:interim`),
      await stored('learner_feedback', ran),
    ]);
    for (const gone of ['Peeters', 'Jan leert', 'Mijn mentor', 'Onenigheid'])
      expect({ gone, found: text.includes(gone) }).toEqual({ gone, found: false });
    expect(await stack.db.collection('feedback_links').countDocuments({ placementId: ran })).toBe(0);
    expect((await stored('searching_learners', deleted)) === null).toBe(true);
    expect(await stored('searching_learners', searching)).toMatchObject({ status: 'searching' });
    // The one declined today keeps its reason; the school's list shows the mentor erased.
    expect(await stored('placements', declined)).toMatchObject({ declineReason: 'Geen mentor vrij in juni' });
    const listed = await eventually(async () => {
      const found = (await call('school', 'GET', '/api/v1/placements')).body as Json[];
      const placement = found.find((p) => p.id === ran);
      return placement?.mentor?.firstName === '(gewist)' ? placement : undefined;
    });
    expect(listed).not.toHaveProperty('termination.note');

    // A second run finds nothing more to do for them.
    expect(await retentionRun()).toMatchObject({ placements: 0, feedbackLinks: 0, searchingLearners: 0 });
  });
});
