import { ReadModels } from '../api/read-models';
import { createLogger } from '../platform/logger';
import { cliServers, connectCliStore } from './cli-servers';

// `npm run reconcile`: what the API processes would show, checked against the store now rather
// than at the next snapshot. It loads the read models as an API process starts (the latest
// snapshot and the change feed since), reconciles them with every dossier, feeds again what
// differed (so the running API processes correct it within a second), and prints the count by
// kind; exit code 1 when anything differed. Against the running stack, found as
// `npm run import` finds it.

async function main() {
  const servers = cliServers();
  const db = await connectCliStore(servers);
  const logger = createLogger('erkend-reconcile', process.env.LOG_LEVEL ?? 'warn');
  const readModels = new ReadModels(db, logger);
  try {
    await readModels.start();
    const started = Date.now();
    const found = await readModels.reconcile();
    const divergences = Object.values(found).reduce((sum, n) => sum + n, 0);
    const counted = Object.entries(found)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    process.stdout.write(
      `Reconciled ${readModels.recognitions.size} recognitions, ${readModels.applications.size} applications, ` +
        `${readModels.checks.size} quality checks, ${readModels.placements.size} placements and the mandates of ` +
        `${servers.mongoUri} (loaded from ${readModels.loadedFrom}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${divergences} divergences (${counted})\n`,
    );
    if (divergences > 0) process.exitCode = 1;
  } finally {
    await readModels.stop();
    await db.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`[erkend] reconcile: ${error.message}\n`);
  process.exit(1);
});
