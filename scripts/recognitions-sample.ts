import fs from 'node:fs';
import { once } from 'node:events';
import { dayInBrussels } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';
import { IMPORT_COLUMNS } from '../models/recognition-import';
import { SAMPLE_TRAININGS } from '../models/sample-catalogue';
import { PLACES_NL, STREETS_NL, random } from './kbo-sample';

// A file of today's recognitions as the current systems would export it, for the import's
// benchmark and for trying `npm run import`: one recognised workplace per row, each with an
// establishment of its own, valid for five years from a day in the last four.

const NAMES = ['Bouwwerken', 'Bakkerij', 'Garage', 'Brasserie', 'Elektro', 'Kapsalon', 'Transport', 'Slagerij', 'Zorghuis'];

const quoted = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * Writes `rows` recognitions to `file`, streaming; `enterprises` (10 digits each) are the
 * companies they belong to, in turn (the KBO sample's, so both imports fit together).
 */
export async function writeRecognitionsCsv(options: {
  file: string;
  rows: number;
  enterprises: string[];
  seed?: number;
  now?: Date;
}): Promise<void> {
  const { next, pick } = random(options.seed ?? 14);
  const out = fs.createWriteStream(options.file);
  const write = async (line: string) => {
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  };
  await write(IMPORT_COLUMNS.join(','));
  const today = (options.now ?? new Date()).getTime();
  for (let i = 0; i < options.rows; i++) {
    const enterprise = options.enterprises[i % options.enterprises.length]!;
    const [postcode, town] = pick(PLACES_NL);
    const from = new Date(today - Math.floor(next() * 4 * 365) * 86_400_000);
    const until = new Date(from.getTime() + (5 * 365 - 1) * 86_400_000);
    const name = `${pick(NAMES)} ${town} ${i + 1}`;
    const row: Record<(typeof IMPORT_COLUMNS)[number], string> = {
      enterpriseNumber: `${enterprise.slice(0, 4)}.${enterprise.slice(4, 7)}.${enterprise.slice(7)}`,
      establishmentNumber: withCheckDigits(`2${String(1_000_000 + i).padStart(7, '0')}`),
      trainingCode: pick(SAMPLE_TRAININGS).code,
      companyName: name,
      street: `${pick(STREETS_NL)} ${1 + Math.floor(next() * 200)}`,
      postcode,
      municipality: town,
      capacity: String(1 + Math.floor(next() * 4)),
      validFrom: dayInBrussels(from),
      validUntil: dayInBrussels(until),
      contactName: 'Contactpersoon Stage',
      contactEmail: `stage${i + 1}@voorbeeld.example`,
    };
    await write(IMPORT_COLUMNS.map((c) => quoted(row[c])).join(','));
  }
  out.end();
  await once(out, 'finish');
}

if (require.main === module) {
  const [file, rows] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx scripts/recognitions-sample.ts FILE.csv [ROWS]\n');
    process.exit(2);
  }
  writeRecognitionsCsv({ file, rows: Number(rows ?? 1000), enterprises: ['0403170701'] }).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
