import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from './support/histories';
import { installTemporalLogging } from '../worker/worker';
import { workflowBundlePath } from './support/environment';
import { testDataConverter, testLogger } from './support/stack';

installTemporalLogging(testLogger);

// Every recorded history replays against today's workflow code: a change that would break a
// running workflow fails here, and needs patched() instead.
describe('recorded workflow histories replay against the current code', () => {
  const files = fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort();

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  // Every new workflow sets up the bundle's modules again: zod's would cost each one its schemas
  // (the input formats), which workflows never parse. Rules they use are in zod-free modules.
  it('bundles the workflows without zod', () => {
    expect(fs.readFileSync(workflowBundlePath(), 'utf8')).not.toMatch(/node_modules\/zod\//);
  });

  it.each(files)('%s', async (file) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    const workflowId = path.basename(file, '.json');
    // Histories recorded since payloads are encrypted hold them under the test stacks' key;
    // those recorded before hold them in clear, which decoding passes through.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: workflowBundlePath() }, dataConverter: testDataConverter },
      history,
      workflowId,
    );
  });
});
