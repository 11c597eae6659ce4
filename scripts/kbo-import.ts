import { endRecognitionsOfStoppedEnterprises } from '../api/companies';
import { type FileCounts, importKbo } from '../store/kbo-import';
import { cliServers, connectCliStore, connectCliTemporal } from './cli-servers';
import { showProgress } from './progress';

// `npm run kbo:import -- DIR`: the KBO open-data files of DIR (a full extract or a daily
// update, unzipped) into the company register of the running stack, with a progress bar per
// file (rows, rate, time left by the bytes read) and the counts at the end. On a terminal that
// is not one (a log, CI), a line every few seconds instead of the bar. Then the recognitions of
// enterprises the KBO now lists as stopped end, with that reason.

function counts(c: FileCounts) {
  return `${c.file}: ${c.read} read, ${c.inserted} inserted, ${c.changed} changed, ${c.unchanged} unchanged, ${c.ignored} ignored, ${c.refused} refused`;
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npm run kbo:import -- DIR  (the unzipped KBO open-data extract or update)\n');
    process.exit(2);
  }
  const servers = cliServers();
  const db = await connectCliStore(servers);
  let progress: ReturnType<typeof showProgress> | undefined;
  const startedAll = Date.now();
  try {
    const report = await importKbo(db, dir, {
      // By the bytes of each file read: its rows are not known before the end.
      onFileStart: (file, bytes) => (progress = showProgress(file, bytes, 'bytes')),
      onProgress: (_file, rows, bytes) => progress?.update(bytes, rows),
      onFileEnd: () => progress?.stop(),
    });
    // What the KBO now says stopped ends its recognitions, through their workflows.
    const temporal = await connectCliTemporal(servers);
    const stopped = await endRecognitionsOfStoppedEnterprises({ db, temporal }).finally(() => temporal.connection.close());
    const lines = [
      '',
      `KBO ${report.type} extract${report.extractNumber ? ` ${report.extractNumber}` : ''} from ${dir} into ${servers.mongoUri} in ${((Date.now() - startedAll) / 1000).toFixed(1)} s:`,
      ...report.files.map((c) => `  ${counts(c)}`),
      ...(report.type === 'full' ? [`  companies no longer listed, now stopped: ${report.stoppedByAbsence}`] : []),
      ...report.refusals.map((r) => `  refused ${r.file} line ${r.line}: ${r.message}`),
      `  recognitions ended because their enterprise stopped: ${stopped.ended} (enterprises with live recognitions: ${stopped.enterprisesWithRecognitions})`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    progress?.stop();
    await db.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`\nkbo:import failed: ${error.message}\n`);
  process.exit(1);
});
