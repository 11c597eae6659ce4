import { PageVisitor, textOf } from './support/pages';
import { ADMIN, COMPANY, reviewerOf } from './support/people';
import { approvedRecognition } from './support/sample-application';
import { eventually, suiteStack } from './support/stack';

// A recognition's renewal and end through the pages, as the company and the partnership use
// them: renewed in one step when invited, a renewal with changes decided by the partnership,
// withdrawn after a confirmation, ended by the company. Its supervision: pages-recognition-supervision.

// Invited to renew seconds after approval.
const AUTO_POLICY = { validity: 'PT90S', renewalNotice: 'PT87S', qualityCheckInterval: 'PT1H', selfAssessment: [] };

describe('recognition and supervision pages', () => {
  const stack = suiteStack({ company: COMPANY, reviewer: reviewerOf('metaal'), autoReviewer: reviewerOf('auto'), admin: ADMIN });
  const { call } = stack;
  let metaal: string;
  let auto: string;
  let autoChanged: string;
  let company: PageVisitor;
  let reviewer: PageVisitor;

  beforeAll(async () => {
    expect((await call('admin', 'PUT', '/api/v1/partnerships/auto/policy', AUTO_POLICY)).status).toBe(200);
    const autoBody = { jointCommittee: '112', trainingCode: 'autotechnieken-duaal', companyName: 'Garage Janssens' };
    [metaal, auto, autoChanged] = await Promise.all([
      approvedRecognition(call, 'reviewer', {
        jointCommittee: '111',
        trainingCode: 'lassen-constructie-duaal',
        companyName: 'Metaalwerken Peeters',
      }),
      approvedRecognition(call, 'autoReviewer', autoBody),
      approvedRecognition(call, 'autoReviewer', autoBody),
    ]);
    [company, reviewer] = await Promise.all([
      new PageVisitor(stack.baseUrl).signIn('company'),
      new PageVisitor(stack.baseUrl).signIn('reviewer', 'metaal'),
    ]);
  });

  it('renews in one step when the recognition invites it', async () => {
    await eventually(
      async () =>
        (await call('company', 'GET', `/api/v1/recognitions/${auto}`)).body.renewal?.status === 'invited' ? true : undefined,
      20_000,
    );
    const seen = await company.get(`/erkenningen/${auto}`);
    expect(seen.html).toContain('id="verlengen"');
    expect(textOf(seen.html)).toContain('Verlengen zonder wijzigingen');

    const renewed = await company.post(`/erkenningen/${auto}/verlengen`, {});
    expect(renewed.status).toBe(200);
    expect(textOf(renewed.html)).toContain('Uw erkenning is verlengd.');
    expect(renewed.html).not.toContain('Verlengen zonder wijzigingen');
    const recognition = (await call('company', 'GET', `/api/v1/recognitions/${auto}`)).body;
    expect(recognition.renewal).toMatchObject({ status: 'approved', unchanged: true });
  });

  it('lets the partnership decide on a renewal with changes', async () => {
    const invited = async () =>
      (await call('company', 'GET', `/api/v1/recognitions/${autoChanged}`)).body.renewal?.status === 'invited' ? true : undefined;
    await eventually(invited, 20_000);
    const requested = await call('company', 'POST', `/api/v1/recognitions/${autoChanged}/renewal`, { changes: { capacity: 4 } });
    expect(requested.body.renewal.status).toBe('requested');
    expect(textOf((await company.get(`/erkenningen/${autoChanged}`)).html)).toContain('ligt bij Partnerschap');

    const autoReviewer = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'auto');
    const seen = await autoReviewer.get(`/erkenningen/${autoChanged}`);
    expect(seen.html).toContain(`href="/erkenningen/${autoChanged}/verlenging"`);
    // The decision is due after the partnership's deadline; the reviewer's start page lists it.
    expect(textOf(seen.html)).toMatch(/verlenging die u moet beoordelen, uiterlijk/);
    const queued = async () => {
      const listed = await call('autoReviewer', 'GET', '/api/v1/recognitions?renewal=requested');
      return (listed.body as Array<{ id: string }>).some((r) => r.id === autoChanged) ? true : undefined;
    };
    await eventually(queued, 10_000);
    const start = await autoReviewer.get('/');
    expect(textOf(start.html)).toContain('Beslis over de verlenging van');
    expect(start.html).toContain(`href="/erkenningen/${autoChanged}"`);
    const decision = await autoReviewer.get(`/erkenningen/${autoChanged}/verlenging`);
    expect(textOf(decision.html)).toContain('Nieuwe capaciteit 4');
    const noReason = await autoReviewer.post(`/erkenningen/${autoChanged}/verlenging`, { outcome: 'rejected', reasons: '' });
    expect(noReason.status).toBe(400);
    expect(textOf(noReason.html)).toContain('Geef minstens één reden voor een afwijzing.');
    const approved = await autoReviewer.post(`/erkenningen/${autoChanged}/verlenging`, { outcome: 'approved', reasons: '' });
    expect(textOf(approved.html)).toContain('De beslissing over de verlenging is bewaard.');
    expect(textOf(approved.html)).toContain('4 leerlingen tegelijk');
    const decided = async () => {
      const listed = await call('autoReviewer', 'GET', '/api/v1/recognitions?renewal=requested');
      return (listed.body as Array<{ id: string }>).some((r) => r.id === autoChanged) ? undefined : true;
    };
    await eventually(decided, 10_000);
    expect((await call('company', 'GET', `/api/v1/recognitions/${autoChanged}`)).body.renewal).toMatchObject({
      status: 'approved',
      decidedBy: 'dev-reviewer-auto',
    });
  });

  it('withdraws after a confirmation that it is final, and lets the company end its recognition', async () => {
    const confirm = await reviewer.get(`/erkenningen/${metaal}/intrekken`);
    expect(textOf(confirm.html)).toContain('Intrekken is definitief.');
    expect((await reviewer.post(`/erkenningen/${metaal}/intrekken`, { reasons: '' })).status).toBe(400);
    const withdrawn = await reviewer.post(`/erkenningen/${metaal}/intrekken`, { reasons: 'Ernstige tekortkomingen' });
    expect(textOf(withdrawn.html)).toContain('De erkenning is ingetrokken.');
    expect(textOf(withdrawn.html)).toContain('Ingetrokken: Ernstige tekortkomingen');
    expect(withdrawn.html).not.toContain('Erkenning schorsen');

    const ending = await company.get(`/erkenningen/${auto}/beeindigen`);
    expect(textOf(ending.html)).toContain('niet meer erkend');
    const ended = await company.post(`/erkenningen/${auto}/beeindigen`, {});
    expect(textOf(ended.html)).toContain('De erkenning is beëindigd.');
    expect((await call('company', 'GET', `/api/v1/recognitions/${auto}`)).body.status).toBe('ended');
    expect((await company.post(`/erkenningen/${auto}/beeindigen`, {})).status).toBe(409);
  });
});
