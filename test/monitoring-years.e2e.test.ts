import { dayInBrussels } from '../models/dates';
import { PageVisitor, textOf } from './support/pages';
import { importCsv, importCsvRow, startImport } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN } from './support/people';

// Monitoring answers the years that have data and no other (issue 20): a report of any year
// from 1900 to 2199 read a partnership's dossiers again. From the earliest submission, check or
// validity the read models hold to this year in Brussels; other years are refused naming
// `year`, and the page's year picker offers only those.

describe('the years monitoring answers (dev server, FerretDB)', () => {
  const stack = suiteStack({ admin: ADMIN });
  const { call, tokens } = stack;
  const year = Number(dayInBrussels(new Date()).slice(0, 4));
  const first = year - 3;

  const monitoring = (asked: number) => call('admin', 'GET', `/api/v1/monitoring?year=${asked}`);

  it('refuses a year without data naming `year`, and takes in an earlier year once a recognition valid in it is imported', async () => {
    const now = await monitoring(year);
    expect(now.status).toBe(200);
    expect(now.body.years).toEqual({ from: year, to: year });
    for (const asked of [1900, year - 1, year + 1, 2199]) {
      const refused = await monitoring(asked);
      expect([refused.status, refused.body.errors]).toEqual([
        400,
        [
          {
            path: 'year',
            message: `must be a year with data: ${year} to ${year}`,
            code: 'year-without-data',
            params: { from: year, to: year },
          },
        ],
      ]);
    }

    // A recognition taken over from before Erkend, valid since three years ago.
    const imported = await startImport(
      stack.baseUrl,
      tokens.admin!,
      importCsv([importCsvRow({ validFrom: `${first}-03-01`, validUntil: `${year + 1}-12-31` })]),
    );
    expect(imported.status).toBe(202);
    const { id } = (await imported.json()) as Json;
    await eventually(async () => ((await call('admin', 'GET', `/api/v1/imports/${id}`)).body.imported === 1 ? true : undefined));
    const past = await eventually(async () => {
      const answer = await monitoring(first);
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(past.years).toEqual({ from: first, to: year });
    expect((await monitoring(first - 1)).body.errors).toEqual([
      {
        path: 'year',
        message: `must be a year with data: ${first} to ${year}`,
        code: 'year-without-data',
        params: { from: first, to: year },
      },
    ]);

    // The page's year picker offers those years, newest first; a year before them is no page.
    const admin = await new PageVisitor(stack.baseUrl).signIn('admin');
    const page = await admin.get(`/monitoring/${year}`);
    const picker = /<select[^>]*name="year"[^>]*>([\s\S]*?)<\/select>/.exec(page.html)![1]!;
    expect([...picker.matchAll(/<option value="(\d{4})"/g)].map((m) => Number(m[1]))).toEqual([year, year - 1, year - 2, first]);
    const pastPage = await admin.get(`/monitoring/${first}`);
    expect(pastPage.status).toBe(200);
    expect(textOf(pastPage.html)).toContain(`Erkenningen en leerplaatsen zoals ze waren op het einde van ${first}.`);
    expect((await admin.get(`/monitoring/${first - 1}`)).status).toBe(404);
  });
});
