import { ReadModels } from '../api/read-models';
import { armFault } from '../platform/fault-points';
import { ChangeReader, appendChanges, secondOf } from '../store/changes';
import { SAMPLE_ENTERPRISE, sampleApplicationBody } from './support/sample-application';
import { eventually, suiteStack, testLogger } from './support/stack';
import { COMPANY } from './support/people';

// An API process starts from the latest snapshot of the read models and the change feed since,
// instead of reading every dossier: what was written before and after the snapshot is there.

describe('read models (dev server, FerretDB)', () => {
  const stack = suiteStack({ company: COMPANY });
  const { call } = stack;

  it('starts from a snapshot and the feed since, with every dossier written before and after it', async () => {
    const before = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    expect(before.status).toBe(202);

    const first = new ReadModels(stack.db, testLogger);
    await first.start();
    expect(first.loadedFrom).toBe('dossiers');
    await first.snapshot();
    await first.stop();

    const after = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody());
    expect(after.status).toBe(202);

    const second = new ReadModels(stack.db, testLogger);
    await second.start();
    await second.stop();
    expect(second.loadedFrom).toBe('snapshot');
    const listed = second.applications.list({ enterpriseNumber: SAMPLE_ENTERPRISE }, () => 0, 100).map((entry) => entry.id);
    expect(listed).toEqual(expect.arrayContaining([before.body.id, after.body.id]));
    expect(
      second.applications.list({ enterpriseNumber: SAMPLE_ENTERPRISE }, () => 0, 100).find((e) => e.id === after.body.id),
    ).toMatchObject({
      status: 'in_review',
    });
  });

  it('numbers appends written at the same moment apart, and a reader gets each once', async () => {
    const started = Date.now();
    const entries = Array.from({ length: 30 }, (_, i) => listedApplication(`parallel-${i}`));
    await Promise.all(entries.map((entry) => appendChanges(stack.db, [{ kind: 'application', entry }])));
    const read = await new ChangeReader(stack.db).between(started - 1000, Date.now());
    const ids = read.filter((change) => change.entry.id.startsWith('parallel-')).map((change) => change.entry.id);
    expect(ids.sort()).toEqual(entries.map((entry) => entry.id).sort());
  });

  it('reads again what a read cut off halfway had read, rather than skip it', async () => {
    const started = Date.now();
    await appendChanges(stack.db, [{ kind: 'application', entry: listedApplication('cut-off-read') }]);
    const appended = secondOf(Date.now());
    // The append's second is then not the last of the window, which the fault cuts off.
    await eventually(async () => (secondOf(Date.now()) > appended ? true : undefined));
    const read = await eventually(async () => {
      const reader = new ChangeReader(stack.db);
      armFault('feed-read-last-second');
      const cutOff = await reader.between(started - 1000, Date.now()).then(
        () => false,
        () => true,
      );
      // The stack's own reader, polling in this process, may take the fault first: a fresh one.
      return cutOff ? reader.between(started - 1000, Date.now()) : undefined;
    });
    expect(read.map((change) => change.entry.id)).toContain('cut-off-read');
  });
});

/** An application as its lists hold it, written now. */
function listedApplication(id: string) {
  const now = new Date().toISOString();
  return {
    id,
    status: 'in_review' as const,
    partnershipId: 'bouw',
    enterpriseNumber: '0000000097',
    submittedAt: now,
    overdue: false,
    savedAt: now,
  };
}
