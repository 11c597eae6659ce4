import cliProgress from 'cli-progress';

// How a command-line tool shows how far it is: a bar with rows, rate and time left on a
// terminal; off one (a log, CI), a line every few seconds instead.

const PLAIN_EVERY_MS = 5_000;

/**
 * A progress for `label` towards `total` (rows, or bytes of a file: `unit`); `update` takes how
 * far it is and the rows read so far, for the rate.
 */
export function showProgress(label: string, total: number, unit: 'rows' | 'bytes') {
  const started = Date.now();
  let lastLine = started;
  let stopped = false;
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: `${label.padEnd(24)} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {eta_formatted} left`,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  if (bar) bar.start(total, 0, { rows: 0, rate: 0 });
  else process.stderr.write(`${label}: ${total} ${unit}\n`);
  return {
    update(value: number, rows: number) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = Math.round(rows / seconds);
      if (bar) return bar.update(value, { rows, rate });
      if (Date.now() - lastLine < PLAIN_EVERY_MS) return;
      lastLine = Date.now();
      const left = value ? Math.round(((total - value) / value) * seconds) : 0;
      const percent = total ? Math.round((value / total) * 100) : 100;
      process.stderr.write(`${label}: ${rows} rows, ${rate} rows/s, ${percent}%, about ${left} s left\n`);
    },
    stop() {
      if (!stopped) bar?.stop();
      stopped = true;
    },
  };
}
