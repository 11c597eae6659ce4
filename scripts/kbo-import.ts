import cliProgress from 'cli-progress';
import { endRecognitionsOfStoppedEnterprises } from '../api/companies';
import { connectTemporal } from '../platform/temporal';
import { type FileCounts, importKbo } from '../store/kbo-import';
import { cliServers, connectCliStore } from './cli-servers';

// `npm run kbo:import -- DIR`: the KBO open-data files of DIR (a full extract or a daily
// update, unzipped) into the company register of the running stack, with a progress bar per
// file (rows, rate, time left by the bytes read) and the counts at the end. On a terminal that
// is not one (a log, CI), a line every few seconds instead of the bar. Then the recognitions of
// enterprises the KBO now lists as stopped end, with that reason.

const PLAIN_EVERY_MS = 5_000;

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
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let started = 0;
  let total = 0;
  let lastLine = 0;
  const startedAll = Date.now();
  try {
    const report = await importKbo(db, dir, {
      onFileStart: (file, bytes) => {
        started = Date.now();
        total = bytes;
        lastLine = started;
        if (tty) {
          bar = new cliProgress.SingleBar(
            {
              format: `${file.padEnd(24)} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {eta_formatted} left`,
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(bytes, 0, { rows: 0, rate: 0 });
        } else process.stderr.write(`${file}: ${bytes} bytes\n`);
      },
      onProgress: (file, rows, bytes) => {
        const rate = Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
        if (bar) bar.update(bytes, { rows, rate });
        else if (Date.now() - lastLine >= PLAIN_EVERY_MS) {
          lastLine = Date.now();
          const left = rate && bytes ? Math.round(((total - bytes) / bytes) * ((Date.now() - started) / 1000)) : 0;
          process.stderr.write(
            `${file}: ${rows} rows, ${rate} rows/s, ${Math.round((bytes / total) * 100)}%, about ${left} s left\n`,
          );
        }
      },
      onFileEnd: () => {
        bar?.stop();
        bar = undefined;
      },
    });
    // What the KBO now says stopped ends its recognitions, through their workflows.
    const temporal = await connectTemporal(servers.temporalAddress, process.env.TEMPORAL_NAMESPACE ?? 'default');
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
    bar?.stop();
    await db.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`\nkbo:import failed: ${error.message}\n`);
  process.exit(1);
});
