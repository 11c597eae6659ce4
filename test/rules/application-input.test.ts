import { applicationExample } from '../../api/examples';
import { applicationInput } from '../../models/application';

/** The API's example application with its numbers written as a company may (to be normalised), and no documents (the default). */
function validBody() {
  const { documents: _default, ...body } = applicationExample(new Date(), '2.123.456.791');
  return { ...body, enterpriseNumber: 'BE0403.170.701' };
}

/** The paths (dot-joined) of the issues a body raises. */
function issuePaths(body: unknown): string[] {
  const result = applicationInput.safeParse(body);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('the application a company submits', () => {
  it('is accepted with its numbers normalised to 10 digits and no documents by default', () => {
    const parsed = applicationInput.parse(validBody());
    expect(parsed.enterpriseNumber).toBe('0403170701');
    expect(parsed.establishmentNumber).toBe('2123456791');
    expect(parsed.documents).toEqual([]);
    expect(parsed.mentors[0]?.birthDate).toBe('1980-05-12');
  });

  it('is accepted without a joint committee', () => {
    const { jointCommittee: _omitted, ...body } = validBody();
    expect(applicationInput.safeParse(body).success).toBe(true);
  });

  it('is refused when a declaration on honour is false', () => {
    const body = validBody();
    body.declarations.honour = false as true;
    expect(issuePaths(body)).toEqual(['declarations.honour']);
  });

  it('is refused when a declaration is left out', () => {
    const body: Record<string, unknown> = validBody();
    body.declarations = { financialCapacity: true, noConvictions: true, equipmentAndOrganisation: true };
    expect(issuePaths(body)).toEqual(['declarations.honour']);
  });

  it('is refused when the enterprise number has a bad checksum', () => {
    expect(issuePaths({ ...validBody(), enterpriseNumber: '0403.170.702' })).toEqual(['enterpriseNumber']);
  });

  it('is refused when an enterprise number is given as the establishment number', () => {
    expect(issuePaths({ ...validBody(), establishmentNumber: '0403170701' })).toEqual(['establishmentNumber']);
  });

  it('is refused with capacity 0', () => {
    expect(issuePaths({ ...validBody(), capacity: 0 })).toEqual(['capacity']);
  });

  it('is refused with a fractional capacity', () => {
    expect(issuePaths({ ...validBody(), capacity: 1.5 })).toEqual(['capacity']);
  });

  it('is refused without mentors', () => {
    expect(issuePaths({ ...validBody(), mentors: [] })).toEqual(['mentors']);
  });

  it('is refused when a mentor has an impossible birth date', () => {
    const body = validBody();
    const [first] = body.mentors;
    if (!first) throw new Error('the valid body has a mentor');
    first.birthDate = '1980-02-30';
    expect(issuePaths(body)).toEqual(['mentors.0.birthDate']);
  });

  it('is refused (not crashed) when a mentor has a birth date in month 13', () => {
    const body = validBody();
    const [first] = body.mentors;
    if (!first) throw new Error('the valid body has a mentor');
    first.birthDate = '1980-13-01';
    expect(issuePaths(body)).toEqual(['mentors.0.birthDate']);
  });

  it('is refused when the joint committee is not a committee number', () => {
    expect(issuePaths({ ...validBody(), jointCommittee: 'PC 302' })).toEqual(['jointCommittee']);
  });

  it('is refused with an unknown extra field', () => {
    const result = applicationInput.safeParse({ ...validBody(), discount: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['discount'], path: [] })]);
  });

  it('is refused with an unknown field on a mentor', () => {
    const body = validBody();
    const result = applicationInput.safeParse({ ...body, mentors: [{ ...body.mentors[0], nickname: 'Annie' }] });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['nickname'], path: ['mentors', 0] }),
    ]);
  });
});
