import fs from 'node:fs';
import path from 'node:path';
import { Problem } from '../api/problem';
import { readImport, startRecognitionImport } from '../api/imports';
import { type ImportView, rowsDone } from '../models/recognition-import';
import { cliServers, connectCliStore, connectCliTemporal } from './cli-servers';
import { showProgress } from './progress';

// `npm run import -- FILE.csv`: imports today's recognitions into the running stack as
// POST /api/v1/imports does (the same workflow, so a restart of the stack mid-way finishes it),
// and follows it with a progress bar: rows done, rate and time left; then the counts and the
// first errors by line. Off a terminal (a log, CI), a line every few seconds instead of the bar.

const POLL_MS = 500;
const ERRORS_SHOWN = 20;

async function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run import -- FILE.csv  (header: see POST /api/v1/imports in /docs)\n');
    process.exit(2);
  }
  const servers = cliServers();
  const db = await connectCliStore(servers);
  const temporal = await connectCliTemporal(servers);
  try {
    let started: ImportView;
    try {
      started = await startRecognitionImport(
        { db, taskQueue: servers.taskQueue, start: (fn) => fn(temporal) },
        fs.createReadStream(file),
        { fileName: path.basename(file), startedBy: `cli:${process.env.USER ?? 'admin'}` },
      );
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      process.stderr.write(`${file}: ${error.detail}\n`);
      for (const e of error.errors ?? []) process.stderr.write(`  ${e.path}: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`import ${started.id}: ${started.total} rows from ${file}\n`);
    const progress = showProgress('recognitions', started.total, 'rows');
    const since = Date.now();
    let current = started;
    while (current.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      current = (await readImport(db, started.id)) ?? current;
      progress.update(rowsDone(current), rowsDone(current));
    }
    progress.stop();
    const seconds = (Date.now() - since) / 1000;
    process.stdout.write(
      `import ${current.id} ${current.status} in ${seconds.toFixed(1)} s: ${current.total} rows, ${current.imported} imported, ` +
        `${current.skipped} skipped (already there), ${current.failed} failed\n`,
    );
    if (current.failure) process.stdout.write(`stopped: ${current.failure}\n`);
    for (const e of current.errors.slice(0, ERRORS_SHOWN)) process.stdout.write(`  line ${e.line}, ${e.path}: ${e.message}\n`);
    if (current.errors.length > ERRORS_SHOWN)
      process.stdout.write(`  … ${current.errors.length - ERRORS_SHOWN} more: GET /api/v1/imports/${current.id}\n`);
    if (current.status === 'failed') process.exitCode = 1;
  } finally {
    await temporal.connection.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
