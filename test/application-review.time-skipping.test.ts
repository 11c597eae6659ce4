import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { workplaceKey } from '../models/application-dossier';
import type { ApplicationInput } from '../models/application';
import { applicationWorkflow } from '../workflows/application-review';
import * as review from '../workflows/application-review.messages';
import { dayInBrussels } from '../models/dates';
import { recordHistory } from './support/histories';
import { horecaOverrides, sampleApplication } from './support/sample-application';
import { useTimeSkippingStack } from './support/time-skipping';
import { applicationModel, workplaceClaimModel } from '../store/applications';
import { partnershipModel } from '../store/catalogue';
import { outboxModel } from '../store/outbox';
import { recognitionModel } from '../store/recognitions';

const DAY = 24 * 60 * 60 * 1000;

describe('application review workflow (time-skipping server)', () => {
  const stack = useTimeSkippingStack();

  const dossierOf = async (id: string) => (await applicationModel(stack.db).findById(id).lean())!;
  const timelineTypes = async (id: string) => (await dossierOf(id)).timeline.map((entry) => entry.type);
  const mailOf = async (id: string) =>
    (await outboxModel(stack.db).find({ applicationId: id }).sort({ createdAt: 1 }).lean()).map(
      (m) => `${m.audience}:${m.template}`,
    );

  // Sample dates follow the test server's clock, which env.sleep moves on.
  const sample = async (overrides: Record<string, unknown> = {}) =>
    sampleApplication(overrides, new Date(await stack.env.currentTimeMs()));

  async function submit(
    application: ApplicationInput,
  ): Promise<{ id: string; handle: WorkflowHandle<typeof applicationWorkflow> }> {
    const id = randomUUID();
    const input: review.ApplicationWorkflowInput = {
      applicationId: id,
      application,
      partnershipId: application.jointCommittee === '302' ? 'horeca' : 'bouw',
      requestHash: 'test',
      submittedBy: 'company-user',
      submittedAt: new Date(await stack.env.currentTimeMs()).toISOString(),
    };
    const handle = await stack.env.client.workflow.start(applicationWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: review.applicationWorkflowId(id),
      args: [input],
    });
    return { id, handle };
  }

  /** The intake update answers once the completeness check is done and written, as the API's 202 does. */
  async function statusAfterIntake(handle: WorkflowHandle<typeof applicationWorkflow>) {
    await handle.executeUpdate(review.intakeUpdate);
    return (await dossierOf(handle.workflowId.replace('application-', ''))).status;
  }

  it('checks a complete application into review, reminds and marks it overdue after the 14-day deadline, then approves it into a recognition', async () => {
    const { id, handle } = await submit(await sample());
    expect(await statusAfterIntake(handle)).toBe('in_review');
    const inReview = await dossierOf(id);
    expect(Date.parse(inReview.decisionDue!) - Date.parse(inReview.submittedAt)).toBeGreaterThanOrEqual(14 * DAY - 1000);
    expect(inReview.overdue).toBe(false);

    await stack.env.sleep(11 * DAY);
    expect(await timelineTypes(id)).toContain('decision_reminder');
    expect((await dossierOf(id)).overdue).toBe(false);

    await stack.env.sleep(4 * DAY);
    const overdue = await dossierOf(id);
    expect(overdue.overdue).toBe(true);
    expect(overdue.status).toBe('in_review');
    expect(overdue.timeline.map((e) => e.type)).toContain('decision_overdue');

    await handle.executeUpdate(review.recordVisitUpdate, {
      args: [
        {
          visitedOn: dayInBrussels(new Date((await stack.env.currentTimeMs()) - DAY)),
          checklist: { 'werkplek veilig': true, 'materiaal aanwezig': true },
          by: 'reviewer-1',
        },
      ],
    });
    await handle.executeUpdate(review.decideUpdate, {
      args: [{ outcome: 'approved', reasons: ['Alles in orde'], by: 'reviewer-1' }],
    });
    expect(await handle.result()).toBe('approved');

    const approved = await dossierOf(id);
    expect(approved.status).toBe('approved');
    expect(approved.visits).toHaveLength(1);
    expect(approved.decision).toMatchObject({ outcome: 'approved', decidedBy: 'reviewer-1' });
    const recognition = (await recognitionModel(stack.db).findById(approved.recognitionId).lean())!;
    expect(recognition).toMatchObject({ status: 'active', establishmentNumber: approved.establishmentNumber, conditions: [] });
    const validFrom = new Date(`${recognition.validFrom}T00:00:00Z`);
    validFrom.setUTCFullYear(validFrom.getUTCFullYear() + 5);
    expect(recognition.validUntil).toBe(validFrom.toISOString().slice(0, 10));
    // The workplace now belongs to the recognition.
    const claim = await workplaceClaimModel(stack.db)
      .findById(workplaceKey(approved.establishmentNumber, approved.trainingCode))
      .lean();
    expect(claim).toMatchObject({ owner: recognition._id, ownerKind: 'recognition' });
    expect(await mailOf(id)).toEqual(
      expect.arrayContaining([
        'company:received',
        'partnership:new_application',
        'partnership:decision_reminder',
        'partnership:decision_overdue',
        'company:visit_recorded',
        'company:approved',
      ]),
    );
    await recordHistory(handle, 'application-approved-after-overdue');
  });

  it('asks for a missing document and an old extract, reminds, and lets the application lapse after 30 days', async () => {
    const application = await sample(horecaOverrides);
    // Older than a year on the test server's clock.
    application.mentors[0]!.criminalRecordExtractDate = dayInBrussels(new Date((await stack.env.currentTimeMs()) - 400 * DAY));
    const { id, handle } = await submit(application);
    expect(await statusAfterIntake(handle)).toBe('info_requested');
    const asked = await dossierOf(id);
    expect(asked.infoRequests).toHaveLength(1);
    expect(asked.infoRequests[0]!.requestedBy).toBe('system');
    expect(asked.infoRequests[0]!.items).toEqual([
      expect.stringContaining('Uittreksel uit het strafregister'),
      "Document 'haccp-attest'",
    ]);

    await stack.env.sleep(29 * DAY);
    expect(await timelineTypes(id)).toContain('info_reminder');
    expect(await handle.result()).toBe('lapsed');
    expect((await dossierOf(id)).status).toBe('lapsed');
    expect(await mailOf(id)).toEqual(
      expect.arrayContaining(['company:info_requested', 'company:info_reminder', 'company:lapsed', 'partnership:lapsed']),
    );
    // The workplace is free again.
    expect(
      await workplaceClaimModel(stack.db)
        .findById(workplaceKey(application.establishmentNumber, application.trainingCode))
        .lean(),
    ).toBeNull();
    await recordHistory(handle, 'application-lapsed');
  });

  it('goes back into review when a supplement brings what was missing, and asks again for what still lacks', async () => {
    const application = await sample(horecaOverrides);
    const { id, handle } = await submit(application);
    expect(await statusAfterIntake(handle)).toBe('info_requested');

    // A supplement without the document: asked again.
    await handle.executeUpdate(review.supplementUpdate, {
      args: [{ capacity: 3, message: 'Capaciteit aangepast', by: 'company-user' }],
    });
    const again = await dossierOf(id);
    expect(again.status).toBe('info_requested');
    expect(again.application.capacity).toBe(3);
    expect(again.infoRequests).toHaveLength(2);
    expect(again.infoRequests[0]!.answeredAt).toBeDefined();

    await handle.executeUpdate(review.supplementUpdate, {
      args: [{ documents: [{ kind: 'haccp-attest', name: 'haccp-2026.pdf' }], by: 'company-user' }],
    });
    expect((await dossierOf(id)).status).toBe('in_review');

    // A reviewer asks for more; the company answers; the decision deadline starts again.
    await handle.executeUpdate(review.requestInformationUpdate, {
      args: [{ message: 'Graag een foto van de keuken', items: ['Foto keuken'], by: 'reviewer-1' }],
    });
    expect((await dossierOf(id)).status).toBe('info_requested');
    await handle.executeUpdate(review.supplementUpdate, {
      args: [
        {
          message: 'Foto in bijlage',
          documents: [
            { kind: 'haccp-attest', name: 'haccp-2026.pdf' },
            { kind: 'foto', name: 'keuken.jpg' },
          ],
          by: 'company-user',
        },
      ],
    });
    const reviewed = await dossierOf(id);
    expect(reviewed.status).toBe('in_review');
    expect(reviewed.timeline.map((e) => e.type)).toEqual([
      'submitted',
      'incomplete',
      'info_requested',
      'supplemented',
      'incomplete',
      'info_requested',
      'supplemented',
      'complete',
      'info_requested',
      'supplemented',
      'complete',
    ]);

    await handle.executeUpdate(review.withdrawUpdate, { args: [{ by: 'company-user' }] });
    expect(await handle.result()).toBe('withdrawn');
    expect(await mailOf(id)).toEqual(
      expect.arrayContaining(['partnership:supplemented', 'partnership:withdrawn', 'company:withdrawn']),
    );
    await recordHistory(handle, 'application-supplemented-withdrawn');
  });

  it('refuses an action the status does not allow, at once', async () => {
    const { handle } = await submit(await sample());
    expect(await statusAfterIntake(handle)).toBe('in_review');
    const refused = handle.executeUpdate(review.supplementUpdate, { args: [{ capacity: 4, by: 'company-user' }] });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({ cause: { type: 'StatusConflict' } });
    await handle.executeUpdate(review.withdrawUpdate, { args: [{ by: 'company-user' }] });
    expect(await handle.result()).toBe('withdrawn');
  });

  it('reopens the review on an objection within the window, and closes the rejection when the window passes', async () => {
    const { id, handle } = await submit(await sample());
    expect(await statusAfterIntake(handle)).toBe('in_review');
    await handle.executeUpdate(review.decideUpdate, {
      args: [{ outcome: 'rejected', reasons: ['Mentor onvoldoende beschikbaar'], by: 'reviewer-1' }],
    });
    const rejected = await dossierOf(id);
    expect(rejected.status).toBe('rejected');
    expect(Date.parse(rejected.objectionDeadline!) - Date.parse(rejected.decision!.decidedAt)).toBe(30 * DAY);

    await stack.env.sleep(10 * DAY);
    await handle.executeUpdate(review.objectUpdate, {
      args: [{ grounds: 'De mentor werkt voltijds op de werkvloer', by: 'company-user' }],
    });
    const reopened = await dossierOf(id);
    expect(reopened.status).toBe('in_review');
    expect(reopened.objection?.grounds).toContain('voltijds');

    await handle.executeUpdate(review.decideUpdate, {
      args: [{ outcome: 'rejected', reasons: ['Bezwaar ongegrond'], by: 'reviewer-1' }],
    });
    expect(await handle.result()).toBe('rejected');
    const closed = await dossierOf(id);
    expect(closed.timeline.map((e) => e.type)).toEqual([
      'submitted',
      'complete',
      'decided',
      'objection',
      'decided',
      'objection_window_closed',
    ]);
    expect(await mailOf(id)).toEqual(expect.arrayContaining(['company:rejected', 'partnership:objection']));
    await recordHistory(handle, 'application-rejected-objection');
  });

  it('records a mentor-training condition on the recognition when the training is still due', async () => {
    const application = await sample();
    delete application.mentors[0]!.mentorTrainingCompletedOn;
    const { id, handle } = await submit(application);
    expect(await statusAfterIntake(handle)).toBe('in_review');
    await handle.executeUpdate(review.decideUpdate, { args: [{ outcome: 'approved', reasons: [], by: 'reviewer-1' }] });
    const recognition = (await recognitionModel(stack.db)
      .findById((await dossierOf(id)).recognitionId)
      .lean())!;
    const submitted = dayInBrussels(new Date((await dossierOf(id)).submittedAt));
    const due = new Date(`${submitted}T00:00:00Z`);
    due.setUTCFullYear(due.getUTCFullYear() + 1);
    // The condition is the mentor's by id: it goes with them should they leave.
    expect(recognition.mentors).toEqual([{ ...application.mentors[0], id: expect.any(String) }]);
    expect(recognition.conditions).toEqual([
      {
        type: 'mentor-training',
        mentorId: recognition.mentors[0]!.id,
        mentorName: 'Jan Peeters',
        dueOn: due.toISOString().slice(0, 10),
      },
    ]);
    await recordHistory(handle, 'application-approved-mentors-identified');
  });

  it.each([
    ['winter', '01-15T23:30:00Z', '01-15', '01-16'],
    ['summer', '07-15T22:30:00Z', '07-15', '07-16'],
  ])(
    'approves at 00:30 in Brussels in %s: validFrom and the training due date count from that day in Brussels',
    async (season, moment, utcDay, brusselsDay) => {
      // The test server's clock moved on to the next such moment.
      const now = await stack.env.currentTimeMs();
      let year = new Date(now).getUTCFullYear();
      if (Date.parse(`${year}-${moment}`) <= now) year += 1;
      await stack.env.sleep(Date.parse(`${year}-${moment}`) - now);

      const application = await sample();
      delete application.mentors[0]!.mentorTrainingCompletedOn;
      const { id, handle } = await submit(application);
      expect(await statusAfterIntake(handle)).toBe('in_review');
      await handle.executeUpdate(review.decideUpdate, { args: [{ outcome: 'approved', reasons: [], by: 'reviewer-1' }] });
      // Read before awaiting the result: while a result is awaited the test server skips ahead,
      // and the recognition's own workflow may meanwhile reach its condition's reminder.
      const dossier = await dossierOf(id);
      // Still the day before in UTC: the day a UTC "today" would have given.
      expect(dossier.decision!.decidedAt.slice(0, 10)).toBe(`${year}-${utcDay}`);
      const recognition = (await recognitionModel(stack.db).findById(dossier.recognitionId).lean())!;
      expect(recognition.validFrom).toBe(`${year}-${brusselsDay}`);
      expect(recognition.validUntil).toBe(`${year + 5}-${brusselsDay}`);
      expect(recognition.conditions).toEqual([
        { type: 'mentor-training', mentorId: expect.any(String), mentorName: 'Jan Peeters', dueOn: `${year + 1}-${brusselsDay}` },
      ]);
      expect(await handle.result()).toBe('approved');
      await recordHistory(handle, `application-approved-at-half-past-midnight-${season}`);
    },
  );

  it('parks a dossier whose partnership policy is out of bounds, visibly, and goes on once an admin repairs it', async () => {
    // Written straight into the store, as a policy from before the bounds existed would be.
    const partnerships = partnershipModel(stack.db);
    await partnerships.updateOne({ _id: 'bouw' }, { $set: { 'policy.decisionDeadline': 'P999999Y' } });
    const { id, handle } = await submit(await sample());

    // The intake still answers: the dossier exists, waits, and says why.
    expect(await statusAfterIntake(handle)).toBe('submitted');
    const parked = await dossierOf(id);
    expect(parked.attention?.reason).toMatch(/decisionDeadline.*PUT \/api\/v1\/partnerships\/bouw\/policy/);
    expect(parked.timeline.map((e) => e.type)).toEqual(['submitted', 'parked']);

    // The admin repairs it; the dossier reads the policy again within ten minutes.
    await partnerships.updateOne({ _id: 'bouw' }, { $set: { 'policy.decisionDeadline': 'P14D' } });
    await stack.env.sleep(11 * 60 * 1000);
    const resumed = await dossierOf(id);
    expect(resumed.status).toBe('in_review');
    expect(resumed.attention).toBeNull();
    expect(resumed.timeline.map((e) => e.type)).toEqual(['submitted', 'parked', 'resumed', 'complete']);
    expect(Date.parse(resumed.decisionDue!) - Date.parse(resumed.timeline.at(-1)!.at)).toBeLessThanOrEqual(14 * DAY);
    await handle.executeUpdate(review.withdrawUpdate, { args: [{ by: 'company-user' }] });
    await handle.result();
    await recordHistory(handle, 'application-parked-resumed-withdrawn');
  });

  it('takes an action that arrives before the intake is done once the intake is done, instead of refusing it', async () => {
    const { id, handle } = await submit(await sample());
    // Sent at once, with the start: the dossier is not yet opened or checked.
    await handle.executeUpdate(review.withdrawUpdate, { args: [{ by: 'company-user' }] });
    expect(await handle.result()).toBe('withdrawn');
    expect(await timelineTypes(id)).toEqual(['submitted', 'complete', 'withdrawn']);
  });
});
