import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { longDate } from '../models/dutch-dates';
import { todayInBrussels } from '../models/dates';
import { loadRecognitions } from '../store/recognitions';
import { ADMIN, COMPANY, SCHOOL } from './support/people';
import { PageVisitor, textOf } from './support/pages';
import { daysFromToday } from './support/sample-application';
import { sampleRecognition } from './support/sample-recognition';
import { eventually, suiteStack } from './support/stack';

// The public register over HTTP: anyone searches the recognised workplaces by training and
// municipality or postcode, downloads them all as open data, and verifies a recognition by the
// link on its certificate; the company downloads that certificate; a school finds a company by
// name. Public fields only: the recognitions' contacts and mentors are known, and never shown.
// Each test asks from an address of its own (the stack trusts one proxy), as the public
// register's rate limit counts per address.

const PER_MINUTE = 8;
const stack = suiteStack(
  {
    company: COMPANY,
    school: SCHOOL,
    admin: ADMIN,
    otherCompany: { sub: 'other-company', role: 'company', enterpriseNumber: '0202239951' },
  },
  { trustProxy: 1, limits: { publicPerMinute: PER_MINUTE } },
);

const CONTACT = { name: 'Griet Vermeulen', email: 'griet@vermeulen.example', phone: '09 555 66 77' };
const MENTOR = {
  firstName: 'Hilde',
  lastName: 'Claessens',
  birthDate: '1979-03-21',
  yearsOfExperience: 15,
  criminalRecordExtractDate: daysFromToday(-20),
};
const PERSONAL = [CONTACT.name, CONTACT.email, CONTACT.phone, MENTOR.firstName, MENTOR.lastName, MENTOR.birthDate];

const bakery = sampleRecognition({
  id: 'pub-bakkerij',
  companyName: 'Bakkerij "De Zon", Waas',
  address: { street: 'Kerkstraat 1', postcode: '9100', municipality: 'Sint-Niklaas' },
  contact: CONTACT,
  mentors: [MENTOR],
  capacity: 2,
});
const full = sampleRecognition({
  id: 'pub-volzet',
  companyName: 'Aannemer Volzet',
  address: { street: 'Stationsstraat 9', postcode: '9100', municipality: 'Sint-Niklaas' },
  capacity: 1,
});
const suspended = sampleRecognition({
  id: 'pub-geschorst',
  companyName: 'Bouw Geschorst',
  status: 'suspended',
  address: { street: 'Markt 3', postcode: '9100', municipality: 'Sint-Niklaas' },
});
suspended.history = [
  ...suspended.history,
  { at: `${daysFromToday(-2)}T09:00:00.000Z`, status: 'suspended', reasons: ['Onveilig'] },
];
const elsewhere = sampleRecognition({
  id: 'pub-gent',
  companyName: 'Bouwbedrijf Gentse Poort',
  address: { street: 'Veldstraat 4', postcode: '9000', municipality: 'Gent' },
});

/**
 * A PDF's text, by pdf-parse in a node of its own: pdf.js loads its worker by a dynamic import,
 * which jest's module sandbox refuses.
 */
function pdfText(bytes: Uint8Array): string {
  const script = `import { PDFParse } from 'pdf-parse';
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const { text } = await new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) }).getText();
    process.stdout.write(text);`;
  const parsed = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: bytes, encoding: 'utf8' });
  if (parsed.status !== 0) throw new Error(parsed.stderr);
  return parsed.stdout;
}

let address = 0;
/** A client at an address of its own, for the API or the pages. */
function client() {
  const forwarded = { 'x-forwarded-for': `198.51.100.${++address}` };
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.baseUrl}${path}`, { headers: { ...forwarded, ...headers }, redirect: 'manual' });
  return { forwarded, get, json: async (path: string) => (await get(path)).json() as Promise<Record<string, any>> };
}

let trainingName = '';

beforeAll(async () => {
  await loadRecognitions(stack.db, [bakery, full, suspended, elsewhere]);
  trainingName = ((await stack.call(undefined, 'GET', `/api/v1/trainings/${bakery.trainingCode}`)).body as { name: string }).name;
  // The last place of the full workplace is taken by a proposal, which holds it at once.
  const proposed = await stack.call('school', 'POST', '/api/v1/placements', {
    recognitionId: full.id,
    learnerReference: 'LL-PUB-1',
    startsOn: todayInBrussels(),
  });
  expect(proposed.status).toBe(201);
  const { json } = client();
  await eventually(async () => {
    const found = await json(`/api/v1/public/register/search?trainingCode=${bakery.trainingCode}&postcode=9100`);
    const volzet = found.items?.find((i: { recognitionId: string }) => i.recognitionId === full.id);
    return found.items?.length === 2 && volzet?.hasFreePlaces === false ? true : undefined;
  });
}, 60_000);

describe('the public search (no token)', () => {
  it('finds the active workplaces of a training in a municipality, case, accents and hyphens ignored, with public fields only', async () => {
    const { get } = client();
    const answer = await get(`/api/v1/public/register/search?trainingCode=${bakery.trainingCode}&municipality=SINT%20NIKLAAS`);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({
      items: [
        {
          recognitionId: full.id,
          companyName: 'Aannemer Volzet',
          address: { street: 'Stationsstraat 9', postcode: '9100', municipality: 'Sint-Niklaas' },
          training: { code: bakery.trainingCode, name: trainingName },
          hasFreePlaces: false,
        },
        {
          recognitionId: bakery.id,
          companyName: 'Bakkerij "De Zon", Waas',
          address: { street: 'Kerkstraat 1', postcode: '9100', municipality: 'Sint-Niklaas' },
          training: { code: bakery.trainingCode, name: trainingName },
          hasFreePlaces: true,
        },
      ],
      page: 1,
      pageSize: 20,
    });
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });

  it('pages by postcode with a next link, and refuses a postcode that is none naming the field', async () => {
    const { json } = client();
    const first = await json('/api/v1/public/register/search?postcode=9100&pageSize=1');
    expect(first.items.map((i: { companyName: string }) => i.companyName)).toEqual(['Aannemer Volzet']);
    const second = await json(first.next);
    expect(second.items.map((i: { companyName: string }) => i.companyName)).toEqual(['Bakkerij "De Zon", Waas']);
    expect(second.next).toBeUndefined();
    expect((await json('/api/v1/public/register/search?municipality=gent')).items).toHaveLength(1);

    const refused = await client().get('/api/v1/public/register/search?postcode=12');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await refused.json()).errors).toEqual([expect.objectContaining({ path: 'query.postcode', code: 'postcode' })]);
  });

  it(`answers ${PER_MINUTE} requests a minute from one address, then 429 with a stable code; another address still gets its own`, async () => {
    const { get } = client();
    const statuses: number[] = [];
    for (let i = 0; i <= PER_MINUTE; i++) statuses.push((await get('/api/v1/public/register/search?postcode=9000')).status);
    expect(statuses).toEqual([...Array<number>(PER_MINUTE).fill(200), 429]);
    const limited = await get('/open-data/erkende-werkplekken.csv');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate-limited', params: { limit: PER_MINUTE, seconds: 60 } });
    expect((await client().get('/api/v1/public/register/search?postcode=9000')).status).toBe(200);
  });
});

describe('the open data', () => {
  it('is every active recognition as CSV, quoted as RFC 4180, with the date in its name and no personal data', async () => {
    const answer = await client().get('/open-data/erkende-werkplekken.csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="erkende-werkplekken-${todayInBrussels()}.csv"`);
    const text = await answer.text();
    expect(text.split('\r\n')[0]).toBe(
      'recognitionId,companyName,street,postcode,municipality,trainingCode,trainingName,hasFreePlaces',
    );
    expect(text).toContain(`pub-bakkerij,"Bakkerij ""De Zon"", Waas",Kerkstraat 1,9100,Sint-Niklaas,`);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.companyName)).toEqual(['Aannemer Volzet', 'Bakkerij "De Zon", Waas', 'Bouwbedrijf Gentse Poort']);
    expect(rows[1]).toEqual({
      recognitionId: bakery.id,
      companyName: 'Bakkerij "De Zon", Waas',
      street: 'Kerkstraat 1',
      postcode: '9100',
      municipality: 'Sint-Niklaas',
      trainingCode: bakery.trainingCode,
      trainingName,
      hasFreePlaces: 'true',
    });
    expect(rows[0]!.hasFreePlaces).toBe('false');
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });
});

describe('the certificate and its verification', () => {
  it('gives the company a PDF in Dutch with the recognition, its dates and the verification link; others not', async () => {
    const answer = await fetch(`${stack.baseUrl}/api/v1/recognitions/${bakery.id}/certificate`, {
      headers: { authorization: `Bearer ${stack.tokens.company}` },
    });
    const again = await fetch(`${stack.baseUrl}/api/v1/recognitions/${bakery.id}/certificate`, {
      headers: { authorization: `Bearer ${stack.tokens.company}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect(bytes.length).toBeLessThan(20_000);
    // The same recognition on the same day: the same file.
    expect(Buffer.from(bytes).equals(Buffer.from(await again.arrayBuffer()))).toBe(true);
    const flat = pdfText(bytes).replace(/\s+/g, ' ');
    for (const expected of [
      'Attest erkende leeronderneming',
      'Bakkerij "De Zon", Waas',
      '0403.170.701',
      'Kerkstraat 1, 9100 Sint-Niklaas',
      `${trainingName} (${bakery.trainingCode})`,
      longDate(bakery.validFrom),
      longDate(bakery.validUntil),
      'Erkend',
      `${stack.baseUrl}/verificatie/${bakery.id}`,
    ])
      expect(flat).toContain(expected);
    for (const personal of PERSONAL) expect(flat).not.toContain(personal);

    const statusFor = async (as?: string) =>
      (
        await fetch(`${stack.baseUrl}/api/v1/recognitions/${bakery.id}/certificate`, {
          headers: as ? { authorization: `Bearer ${stack.tokens[as]}` } : {},
        })
      ).status;
    expect([await statusFor('admin'), await statusFor('otherCompany'), await statusFor('school'), await statusFor()]).toEqual([
      200, 404, 403, 401,
    ]);
  });

  it('shows anyone the public fields and the status today, in Dutch, without a session; an unknown id is a Dutch 404', async () => {
    const { get } = client();
    const page = await get(`/verificatie/${bakery.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.getSetCookie()).toEqual([]);
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    const text = textOf(html);
    expect(text).toContain('Bakkerij "De Zon", Waas');
    expect(text).toContain('Kerkstraat 1, 9100 Sint-Niklaas');
    expect(text).toContain(`Stand op ${longDate(todayInBrussels())}: Erkend`);
    expect(text).toContain(longDate(bakery.validUntil));
    for (const personal of PERSONAL) expect(html).not.toContain(personal);

    expect(textOf(await (await get(`/verificatie/${suspended.id}`)).text())).toContain('Geschorst');
    const unknown = await get('/verificatie/geen-erkenning');
    expect(unknown.status).toBe(404);
    expect(textOf(await unknown.text())).toContain('Erkenning niet gevonden');
  });
});

describe('the pages', () => {
  it('/werkplek-zoeken finds workplaces with their free places, keeps a refused postcode with its message, and sets no cookie', async () => {
    const { get } = client();
    const found = await get(`/werkplek-zoeken?trainingCode=${bakery.trainingCode}&municipality=sint-niklaas`);
    expect(found.status).toBe(200);
    expect(found.headers.getSetCookie()).toEqual([]);
    const text = textOf(await found.text());
    expect(text).toContain('Aannemer Volzet Stationsstraat 9, 9100 Sint-Niklaas');
    expect(text).toMatch(/Bakkerij "De Zon", Waas Kerkstraat 1, 9100 Sint-Niklaas .* ja/);
    expect(text).toContain('Vrije plaatsen');

    const refused = await get('/werkplek-zoeken?postcode=12');
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('value="12"');
    expect(textOf(html)).toContain('Er is een probleem');

    const none = await get('/werkplek-zoeken?municipality=Brugge');
    expect(textOf(await none.text())).toContain('Er is geen erkende werkplek die aan uw zoekvraag voldoet');
  });

  it('the school finds a company by the start of its name on /register/zoeken', async () => {
    const school = await new PageVisitor(stack.baseUrl).signIn('school');
    const answer = await school.get('/register/zoeken?name=bakkerij');
    expect(answer.status).toBe(200);
    const text = textOf(answer.html);
    expect(text).toContain('Ondernemingen met die naam');
    expect(text).toContain('Bakkerij "De Zon", Waas');
    expect(text).toContain('9100 Sint-Niklaas');
    expect(text).not.toContain('Aannemer Volzet');
    const tooShort = await school.get('/register/zoeken?name=b');
    expect(tooShort.status).toBe(400);
  });

  it('the company downloads its certificate from its recognition page', async () => {
    const company = await new PageVisitor(stack.baseUrl).signIn('company');
    const recognition = await company.get(`/erkenningen/${bakery.id}`);
    expect(recognition.html).toContain(`href="/erkenningen/${bakery.id}/attest.pdf"`);
    const pdf = await company.get(`/erkenningen/${bakery.id}/attest.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.html.startsWith('%PDF-')).toBe(true);
  });
});
