import { randomUUID } from 'node:crypto';
import type { ApplicationInput } from '../../models/application';
import { applicationWorkflow } from '../../workflows/application-review';
import {
  type ApplicationWorkflowInput,
  applicationWorkflowId,
  decideUpdate,
  intakeUpdate,
} from '../../workflows/application-review.messages';
import { sampleApplication } from '../support/sample-application';
import { stubActivities, useStubbedWorkflows } from './stub-activities';

// The application review workflow with stub activities: what it asks of the store and the
// mail, in order, on the time-skipping server. The real-store suite is
// test/application-review.time-skipping.test.ts.

describe('application review workflow, with stub activities', () => {
  const stubbed = useStubbedWorkflows();

  async function submit(application?: ApplicationInput) {
    const { env, taskQueue } = stubbed;
    const now = new Date(await env.currentTimeMs());
    const applicationId = randomUUID();
    const input: ApplicationWorkflowInput = {
      applicationId,
      application: application ?? sampleApplication({}, now),
      partnershipId: 'bouw',
      requestHash: 'test',
      submittedBy: 'company-user',
      submittedAt: now.toISOString(),
    };
    const handle = await env.client.workflow.start(applicationWorkflow, {
      taskQueue,
      workflowId: applicationWorkflowId(applicationId),
      args: [input],
    });
    return { applicationId, handle };
  }

  it('when the application is complete and the partnership approves it, then it is approved into an active recognition', async () => {
    const stubs = stubActivities();
    let id = '';
    await stubbed.withWorker(stubs, async () => {
      const { applicationId, handle } = await submit();
      id = applicationId;
      expect(await handle.executeUpdate(intakeUpdate)).toEqual({ opened: true });
      await handle.executeUpdate(decideUpdate, { args: [{ outcome: 'approved', reasons: ['In orde'], by: 'reviewer-1' }] });
      expect(await handle.result()).toBe('approved');
    });

    expect(stubs.steps()).toEqual(['complete', 'decided']);
    const [recognition] = stubs.inputsOf('createRecognition');
    expect(recognition).toMatchObject({ status: 'active', partnershipId: 'bouw', conditions: [] });
    expect(stubs.inputsOf('recordApplicationStep').at(-1)!.set).toMatchObject({
      status: 'approved',
      recognitionId: recognition!.id,
    });
    expect(stubs.noticesOf(id)).toEqual([
      'company:received',
      'partnership:new_application',
      'partnership:ready_for_review',
      'company:in_review',
      'company:approved',
    ]);
    expect(stubs.inputsOf('releaseWorkplace')).toEqual([]);
  });

  it('when information is requested and not supplied, then the company is reminded and the application lapses', async () => {
    const stubs = stubActivities({ requiredDocuments: ['haccp-attest'] });
    let id = '';
    await stubbed.withWorker(stubs, async () => {
      const { applicationId, handle } = await submit();
      id = applicationId;
      await handle.executeUpdate(intakeUpdate);
      expect(await handle.result()).toBe('lapsed');
    });

    expect(stubs.steps()).toEqual(['incomplete', 'info_requested', 'info_reminder', 'lapsed']);
    const [request] = stubs.inputsOf('recordApplicationStep')[1]!.set!.infoRequests!;
    expect(request).toMatchObject({ requestedBy: 'system', items: ["Document 'haccp-attest'"] });
    expect(stubs.noticesOf(id)).toEqual([
      'company:received',
      'partnership:new_application',
      'company:info_requested',
      'company:info_reminder',
      'company:lapsed',
      'partnership:lapsed',
    ]);
    // The workplace is free again.
    expect(stubs.inputsOf('releaseWorkplace')).toHaveLength(1);
  });
});
