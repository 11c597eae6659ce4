import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { dayInBrussels } from '../models/dates';
import { withCheckDigits } from '../models/identifiers';

// A generated KBO open-data full extract of N enterprises, in the published layout (meta.csv,
// enterprise.csv, establishment.csv, denomination.csv, address.csv: every field quoted, dates
// dd-mm-yyyy, numbers 0403.170.701 and 2.000.000.339): Dutch and French names, about 1.5
// establishments an enterprise, addresses for both, a few dissolved. Written as it is made,
// so any N fits in memory: `npm run bench:import` and the tests use it, and
// `tsx scripts/kbo-sample.ts DIR N` writes one.

export interface KboSampleOptions {
  dir: string;
  enterprises: number;
  /** The first enterprise number's eight-digit base (it must start with 0 or 1). */
  firstBase?: number;
  seed?: number;
  extractNumber?: number;
}

export interface SampleEnterprise {
  enterpriseNumber: string;
  status: 'active' | 'stopped';
  name: string;
  establishments: string[];
}

export interface KboSample {
  enterprises: number;
  establishments: number;
  denominations: number;
  addresses: number;
  /** The first enterprises as the register should show them. */
  first: SampleEnterprise[];
}

/** 0403.170.701 */
export const dottedEnterprise = (digits: string) => `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
/** 2.000.000.339 */
export const dottedEstablishment = (digits: string) =>
  `${digits.slice(0, 1)}.${digits.slice(1, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;

/** Every field quoted, as the KBO publishes. */
export const csvLine = (fields: Array<string | number>) =>
  `${fields.map((f) => `"${String(f).replace(/"/g, '""')}"`).join(',')}\n`;

export const KBO_HEADERS = {
  enterprise: [
    'EnterpriseNumber',
    'Status',
    'JuridicalSituation',
    'TypeOfEnterprise',
    'JuridicalForm',
    'JuridicalFormCAC',
    'StartDate',
  ],
  establishment: ['EstablishmentNumber', 'StartDate', 'EnterpriseNumber'],
  denomination: ['EntityNumber', 'Language', 'TypeOfDenomination', 'Denomination'],
  address: [
    'EntityNumber',
    'TypeOfAddress',
    'CountryNL',
    'CountryFR',
    'Zipcode',
    'MunicipalityNL',
    'MunicipalityFR',
    'StreetNL',
    'StreetFR',
    'HouseNumber',
    'Box',
    'ExtraAddressInfo',
    'DateStrikingOff',
  ],
} as const;

const TRADES_NL = [
  'Bakkerij',
  'Schrijnwerkerij',
  'Garage',
  'Bouwbedrijf',
  'Kapsalon',
  'Drukkerij',
  'Brouwerij',
  'Elektro',
  'Loodgieterij',
  'Restaurant',
];
const TRADES_FR = ['Boulangerie', 'Menuiserie', 'Garage', 'Construction', 'Salon', 'Imprimerie', 'Brasserie', 'Électricité'];
const NAMES_NL = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet'];
const NAMES_FR = ['Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Laurent', 'Lefèbvre', 'Leclercq'];
export const STREETS_NL = ['Kerkstraat', 'Stationsstraat', 'Dorpsstraat', 'Molenstraat', 'Nieuwstraat', 'Schoolstraat'];
const STREETS_FR = ['Rue de la Station', "Rue de l'Église", 'Chaussée de Bruxelles', 'Rue du Moulin', 'Place communale'];
export const PLACES_NL: Array<[string, string]> = [
  ['9000', 'Gent'],
  ['2000', 'Antwerpen'],
  ['3000', 'Leuven'],
  ['8000', 'Brugge'],
  ['3500', 'Hasselt'],
  ['2800', 'Mechelen'],
];
const PLACES_FR: Array<[string, string]> = [
  ['4000', 'Liège'],
  ['5000', 'Namur'],
  ['6000', 'Charleroi'],
  ['7000', 'Mons'],
];
/** Juridical forms of a legal person: NV, BV, VZW, CV; a natural person (type 1) has none. */
const FORMS: Array<[string, string]> = [
  ['014', 'NV'],
  ['610', 'BV'],
  ['017', 'VZW'],
  ['706', 'CV'],
];

/** A small deterministic generator (mulberry32), so a seed gives the same extract. */
/** A small deterministic generator (mulberry32), so a sample can be written again row for row. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const kboDate = (year: number, month: number, day: number) =>
  `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`;

class CsvFile {
  private readonly stream: fs.WriteStream;
  rows = 0;
  constructor(file: string, header: readonly string[]) {
    this.stream = fs.createWriteStream(file);
    this.stream.write(csvLine([...header]));
  }
  /** Waits while the file's buffer is full, so a large extract never piles up in memory. */
  async write(fields: Array<string | number>) {
    this.rows++;
    if (!this.stream.write(csvLine(fields))) await once(this.stream, 'drain');
  }
  async close() {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function writeKboSample(options: KboSampleOptions): Promise<KboSample> {
  const { next, pick } = random(options.seed ?? 1);
  const firstBase = options.firstBase ?? 4_000_000;
  fs.mkdirSync(options.dir, { recursive: true });
  const file = (name: keyof typeof KBO_HEADERS) => new CsvFile(path.join(options.dir, `${name}.csv`), KBO_HEADERS[name]);
  const enterprises = file('enterprise');
  const establishments = file('establishment');
  const denominations = file('denomination');
  const addresses = file('address');
  const first: SampleEnterprise[] = [];
  let nextEstablishment = 20_000_000 + (firstBase % 1_000_000) * 2;

  const address = async (entity: string, type: string, french: boolean) => {
    const [postcode, municipality] = pick(french ? PLACES_FR : PLACES_NL);
    const street = pick(french ? STREETS_FR : STREETS_NL);
    const box = next() < 0.15 ? String(1 + Math.floor(next() * 20)) : '';
    await addresses.write([
      entity,
      type,
      '',
      '',
      postcode,
      french ? '' : municipality,
      municipality,
      french ? '' : street,
      street,
      String(1 + Math.floor(next() * 250)),
      box,
      '',
      '',
    ]);
  };

  for (let i = 0; i < options.enterprises; i++) {
    const digits = withCheckDigits(String(firstBase + i).padStart(8, '0'));
    const number = dottedEnterprise(digits);
    const french = next() < 0.35;
    const legalPerson = next() < 0.7;
    const [formCode, form] = pick(FORMS);
    const dissolved = next() < 0.03;
    const situation = dissolved ? pick(['012', '014']) : '000';
    const started = kboDate(1950 + Math.floor(next() * 75), 1 + Math.floor(next() * 12), 1 + Math.floor(next() * 28));
    await enterprises.write([number, 'AC', situation, legalPerson ? '2' : '1', legalPerson ? formCode : '', '', started]);

    const person = pick(french ? NAMES_FR : NAMES_NL);
    const trade = pick(french ? TRADES_FR : TRADES_NL);
    // Now and then a name with a quote and a comma, as some published names have.
    const name = legalPerson
      ? next() < 0.02
        ? `${trade} "${person}", ${form}`
        : `${trade} ${person} ${form}`
      : `${person} ${pick(french ? ['Jean', 'Marie', 'Luc'] : ['Jan', 'An', 'Luc'])}`;
    await denominations.write([number, french ? '1' : '2', '001', name]);
    // Some French-speaking companies register a Dutch name too, which the register prefers.
    let shown = name;
    if (french && legalPerson && next() < 0.2) {
      shown = `${pick(TRADES_NL)} ${person} ${form}`;
      await denominations.write([number, '2', '001', shown]);
    }
    if (legalPerson && next() < 0.1)
      await denominations.write([number, french ? '1' : '2', '002', `${trade.slice(0, 3).toUpperCase()}${i}`]);
    if (legalPerson) await address(number, 'REGO', french);

    const count = pick([0, 1, 1, 2, 2, 3]);
    const owned: string[] = [];
    for (let e = 0; e < count; e++) {
      const establishment = withCheckDigits(String(nextEstablishment++));
      owned.push(establishment);
      const dotted = dottedEstablishment(establishment);
      await establishments.write([dotted, started, number]);
      if (next() < 0.3)
        await denominations.write([dotted, french ? '1' : '2', '003', `${trade} ${pick(french ? PLACES_FR : PLACES_NL)[1]}`]);
      await address(dotted, 'BAET', french);
    }
    if (first.length < 20)
      first.push({ enterpriseNumber: digits, status: dissolved ? 'stopped' : 'active', name: shown, establishments: owned });
  }

  const meta = new CsvFile(path.join(options.dir, 'meta.csv'), ['Variable', 'Value']);
  const now = new Date();
  const [year, month, day] = dayInBrussels(now).split('-').map(Number) as [number, number, number];
  await meta.write(['SnapshotDate', kboDate(year, month, day)]);
  await meta.write(['ExtractTimestamp', now.toISOString()]);
  await meta.write(['ExtractType', 'full']);
  await meta.write(['ExtractNumber', String(options.extractNumber ?? 1)]);
  await meta.write(['Version', '1.0.0']);
  const files = [enterprises, establishments, denominations, addresses, meta];
  await Promise.all(files.map((f) => f.close()));
  return {
    enterprises: enterprises.rows,
    establishments: establishments.rows,
    denominations: denominations.rows,
    addresses: addresses.rows,
    first,
  };
}

if (require.main === module) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !Number.isInteger(Number(count)) || Number(count) < 1) {
    process.stderr.write('usage: tsx scripts/kbo-sample.ts DIR ENTERPRISES\n');
    process.exit(2);
  }
  void writeKboSample({ dir, enterprises: Number(count) }).then((sample) => {
    const { first: _first, ...counts } = sample;
    process.stdout.write(`${JSON.stringify(counts)}\n`);
  });
}
