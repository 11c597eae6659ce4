import { ADMIN, COMPANY, coordinatorOf, reviewerOf } from './support/people';
import { daysFromToday } from './support/sample-application';
import { loadOverview, overviewRecognitions } from './support/overview-recognitions';
import { type Json, eventually, suiteStack } from './support/stack';

// The partnership's overview of its recognitions (contract v3: GET /api/v1/recognitions with
// partnershipId, expiringBefore, attention and q), over HTTP on known recognitions loaded into
// the store: each filter, the tenancy, and paging by the Link header.

describe('the overview of a partnership’s recognitions (dev server, FerretDB)', () => {
  const stack = suiteStack({
    reviewer: reviewerOf('bouw'),
    coordinator: coordinatorOf('horeca'),
    admin: ADMIN,
    company: COMPANY,
  });
  const { call } = stack;
  const known = overviewRecognitions();
  const ofBouw = Object.values(known).filter((r) => r.partnershipId === 'bouw');

  /** The names listed, in the answer's order. */
  const names = async (as: string, query: string) => {
    const answer = await call(as, 'GET', `/api/v1/recognitions?${query}`);
    expect(answer.status).toBe(200);
    return (answer.body as unknown as Json[]).map((r) => r.companyName as string);
  };

  beforeAll(async () => {
    await loadOverview(stack.db, known);
    await eventually(async () => ((await names('admin', 'limit=1000')).length === 8 ? true : undefined));
  }, 60_000);

  it('lists a reviewer’s partnership newest first, as before the filters', async () => {
    const newestFirst = [...ofBouw].sort((a, b) => b.validFrom.localeCompare(a.validFrom)).map((r) => r.companyName);
    expect(await names('reviewer', '')).toEqual(newestFirst);
    expect(await names('reviewer', 'partnershipId=bouw')).toEqual(newestFirst);
    expect(await names('reviewer', 'status=suspended')).toEqual(['Voegwerken Claes']);
  });

  it('never shows a reviewer another partnership’s recognitions; an admin names any partnership', async () => {
    expect(await names('reviewer', 'partnershipId=horeca')).toEqual([]);
    expect(await names('reviewer', 'partnershipId=horeca&attention=condition-missed')).toEqual([]);
    expect(await names('reviewer', 'q=Brasserie')).toEqual([]);
    expect(await names('coordinator', '')).toEqual(['Brasserie Het Plein']);
    expect(await names('admin', 'partnershipId=horeca')).toEqual(['Brasserie Het Plein']);
    expect(await names('admin', 'partnershipId=nowhere')).toEqual([]);
    expect((await names('company', 'partnershipId=bouw&q=Éclair')).length).toBe(1);
  });

  it('filters those ending before a day, the nearest end first', async () => {
    expect(await names('reviewer', `expiringBefore=${daysFromToday(90)}`)).toEqual(['Bouwbedrijf Éclair']);
    expect(await names('reviewer', `expiringBefore=${daysFromToday(30)}`)).toEqual([]);
    expect((await names('reviewer', `expiringBefore=${daysFromToday(3000)}`))[0]).toBe('Bouwbedrijf Éclair');
  });

  it('filters what needs attention: a missed condition (the longest overdue first), an overdue plan, a parked one', async () => {
    // Not the ended Dakgoot Van Aal, whose condition was missed longest ago; nor Tegelzetter Jacobs, who met it.
    expect(await names('reviewer', 'attention=condition-missed')).toEqual(['Schrijnwerkerij Mertens', 'Dakwerken Peeters']);
    expect(await names('coordinator', 'attention=condition-missed')).toEqual(['Brasserie Het Plein']);
    expect(await names('reviewer', 'attention=plan-overdue')).toEqual(['Voegwerken Claes']);
    expect(await names('admin', 'attention=plan-overdue')).toEqual(
      expect.arrayContaining(['Voegwerken Claes', 'Brasserie Het Plein']),
    );
    expect(await names('reviewer', 'attention=parked')).toEqual(['Stukadoors Wouters']);
    expect(await names('reviewer', 'attention=parked&status=suspended')).toEqual([]);
  });

  it('searches by name in any case, with or without accents, and by the digits of a number', async () => {
    for (const q of ['eclair', 'ÉCLAIR', 'bouwbedrijf  éclair', 'Éclair'])
      expect(await names('reviewer', `q=${encodeURIComponent(q)}`)).toEqual(['Bouwbedrijf Éclair']);
    expect(await names('reviewer', 'q=mertens')).toEqual(['Schrijnwerkerij Mertens']);
    expect(await names('reviewer', `q=${encodeURIComponent('0202.239.951')}`)).toEqual(['Schrijnwerkerij Mertens']);
    expect(await names('reviewer', 'q=BE0202239951')).toEqual(['Schrijnwerkerij Mertens']);
    const { establishmentNumber } = known.parked;
    const dotted = `${establishmentNumber.slice(0, 1)}.${establishmentNumber.slice(1, 4)}.${establishmentNumber.slice(4, 7)}.${establishmentNumber.slice(7)}`;
    expect(await names('reviewer', `q=${encodeURIComponent(dotted)}`)).toEqual(['Stukadoors Wouters']);
    expect(await names('reviewer', 'q=Brasserie')).toEqual([]);
  });

  it('pages with limit and the Link header to the next page, with the same terms', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/api/v1/recognitions?limit=2&q=e';
    const links: string[] = [];
    while (next) {
      const response: Response = await fetch(`${stack.baseUrl}${next}`, {
        headers: { authorization: `Bearer ${stack.tokens.reviewer}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-total-count')).toBe('6');
      const page = (await response.json()) as Json[];
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((r) => r.companyName as string));
      const link = response.headers.get('link');
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
      if (next) links.push(next);
    }
    expect(links).toEqual(['/api/v1/recognitions?limit=2&q=e&offset=2', '/api/v1/recognitions?limit=2&q=e&offset=4']);
    expect(seen).toEqual(await names('reviewer', 'q=e'));
    expect(seen).toHaveLength(6);
  });

  it('documents the filters and the paging headers in the OpenAPI document', async () => {
    const document = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as Json;
    const list = document.paths['/api/v1/recognitions'].get;
    expect(list.parameters.map((p: Json) => p.name)).toEqual(
      expect.arrayContaining(['partnershipId', 'status', 'expiringBefore', 'attention', 'q', 'limit', 'offset']),
    );
    expect(Object.keys(list.responses['200'].headers)).toEqual(['Link', 'X-Total-Count']);
  });

  it('refuses a filter it does not know, naming the field', async () => {
    const refused = async (query: string) => {
      const answer = await call('reviewer', 'GET', `/api/v1/recognitions?${query}`);
      return [answer.status, answer.body.errors?.[0]?.path, answer.body.errors?.[0]?.code];
    };
    expect(await refused('attention=late')).toEqual([400, 'query.attention', 'invalid-option']);
    expect(await refused('expiringBefore=2026-13-01')).toEqual([400, 'query.expiringBefore', 'invalid-date']);
    expect(await refused('offset=-1')).toEqual([400, 'query.offset', 'too-small']);
  });
});
