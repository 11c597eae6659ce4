import {
  type CompanyRecord,
  companyRefusal,
  kboDate,
  parseAddressRow,
  parseDenominationRow,
  parseEnterpriseRow,
  parseEstablishmentRow,
  parseMeta,
  preferredName,
  toCompany,
} from '../../models/company';

describe('KBO open-data rows', () => {
  it('reads an enterprise as published, numbers and dates normalised', () => {
    expect(
      parseEnterpriseRow({
        EnterpriseNumber: '0403.170.701',
        Status: 'AC',
        JuridicalSituation: '000',
        TypeOfEnterprise: '2',
        JuridicalForm: '014',
        JuridicalFormCAC: '',
        StartDate: '09-08-1960',
      }),
    ).toEqual({
      ok: true,
      value: {
        enterpriseNumber: '0403170701',
        status: 'active',
        kboStatus: 'AC',
        juridicalSituation: '000',
        juridicalForm: '014',
        startDate: '1960-08-09',
      },
    });
  });

  it.each(['010', '012', '013', '014'])('takes an enterprise in juridical situation %s as stopped', (situation) => {
    const row = { EnterpriseNumber: '0403.170.701', Status: 'AC', JuridicalSituation: situation, StartDate: '01-01-2000' };
    expect(parseEnterpriseRow(row)).toMatchObject({ ok: true, value: { status: 'stopped' } });
  });

  it('refuses a bad number or date, saying which column', () => {
    expect(parseEnterpriseRow({ EnterpriseNumber: '0403.170.702', Status: 'AC', StartDate: '01-01-2000' })).toEqual({
      ok: false,
      message: 'EnterpriseNumber "0403.170.702": check digits do not match (mod 97)',
    });
    expect(kboDate('31-02-2020', 'StartDate')).toEqual({
      ok: false,
      message: 'StartDate "31-02-2020" is not a date as dd-mm-yyyy',
    });
    expect(kboDate('2020-01-01', 'StartDate').ok).toBe(false);
  });

  it('reads an establishment with its enterprise', () => {
    expect(
      parseEstablishmentRow({ EstablishmentNumber: '2.000.000.339', StartDate: '01-11-1974', EnterpriseNumber: '0403.170.701' }),
    ).toEqual({
      ok: true,
      value: { establishmentNumber: '2000000339', enterpriseNumber: '0403170701', startDate: '1974-11-01' },
    });
    expect(
      parseEstablishmentRow({ EstablishmentNumber: '0403.170.701', StartDate: '01-11-1974', EnterpriseNumber: '0403.170.701' }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('starts with 2 to 8'),
    });
  });

  it('reads a denomination of an enterprise or an establishment with its type and language', () => {
    expect(
      parseDenominationRow({
        EntityNumber: '0403.170.701',
        Language: '2',
        TypeOfDenomination: '001',
        Denomination: ' Bakkerij Peeters ',
      }),
    ).toEqual({
      ok: true,
      value: { entityNumber: '0403170701', kind: 'enterprise', type: 'legal', language: 'nl', name: 'Bakkerij Peeters' },
    });
    expect(
      parseDenominationRow({
        EntityNumber: '2.000.000.339',
        Language: '1',
        TypeOfDenomination: '003',
        Denomination: 'Chez Pierre',
      }),
    ).toMatchObject({
      ok: true,
      value: { entityNumber: '2000000339', kind: 'establishment', type: 'commercial', language: 'fr' },
    });
    expect(
      parseDenominationRow({ EntityNumber: '0403.170.701', Language: '9', TypeOfDenomination: '001', Denomination: 'X' }).ok,
    ).toBe(false);
  });

  it('reads an address in Dutch where it has one, with house number and box', () => {
    const row = {
      EntityNumber: '2.000.000.339',
      TypeOfAddress: 'BAET',
      CountryNL: '',
      CountryFR: '',
      Zipcode: '1000',
      MunicipalityNL: 'Brussel',
      MunicipalityFR: 'Bruxelles',
      StreetNL: 'Wetstraat',
      StreetFR: 'Rue de la Loi',
      HouseNumber: '16',
      Box: '2',
      ExtraAddressInfo: '',
      DateStrikingOff: '',
    };
    expect(parseAddressRow(row)).toEqual({
      ok: true,
      value: {
        entityNumber: '2000000339',
        kind: 'establishment',
        type: 'BAET',
        address: { street: 'Wetstraat 16 bus 2', postcode: '1000', municipality: 'Brussel' },
      },
    });
    expect(parseAddressRow({ ...row, StreetNL: '', MunicipalityNL: '' })).toMatchObject({
      value: { address: { street: 'Rue de la Loi 16 bus 2', municipality: 'Bruxelles' } },
    });
    expect(parseAddressRow({ ...row, DateStrikingOff: '01-01-2020' })).toMatchObject({ ok: true, value: { address: undefined } });
  });

  it('reads meta.csv', () => {
    expect(
      parseMeta([
        { Variable: 'SnapshotDate', Value: '01-11-2026' },
        { Variable: 'ExtractType', Value: 'full' },
        { Variable: 'ExtractNumber', Value: '164' },
      ]),
    ).toEqual({ type: 'full', extractNumber: 164, snapshotDate: '2026-11-01' });
  });
});

describe('the company of the register', () => {
  it('prefers the Dutch legal name, then any legal name, then a commercial name', () => {
    expect(preferredName({ legal: { fr: 'Boulangerie', nl: 'Bakkerij' }, commercial: { nl: 'Bakker' } })).toBe('Bakkerij');
    expect(preferredName({ legal: { fr: 'Boulangerie' }, commercial: { nl: 'Bakker' } })).toBe('Boulangerie');
    expect(preferredName({ commercial: { fr: 'Chez Pierre' }, abbreviation: { nl: 'CP' } })).toBe('Chez Pierre');
    expect(preferredName(undefined)).toBeUndefined();
  });

  const record: CompanyRecord = {
    status: 'active',
    names: { legal: { nl: 'Bakkerij', fr: 'Boulangerie' } },
    establishments: {
      '2000000438': { startDate: '2001-01-01', names: { commercial: { nl: 'Filiaal' } } },
      '2000000339': { startDate: '2000-01-01', address: { street: 'Wetstraat 16', postcode: '1000', municipality: 'Brussel' } },
      // An address for an establishment its row never came for (a deleted one) is not an establishment.
      '2000000537': { address: { street: 'x', postcode: '1000', municipality: 'Brussel' } },
    },
  };

  it('lists the establishments in number order, with their names and addresses', () => {
    expect(toCompany('0403170701', record)).toEqual({
      enterpriseNumber: '0403170701',
      status: 'active',
      name: 'Bakkerij',
      names: { nl: 'Bakkerij', fr: 'Boulangerie' },
      establishments: [
        {
          establishmentNumber: '2000000339',
          startDate: '2000-01-01',
          address: { street: 'Wetstraat 16', postcode: '1000', municipality: 'Brussel' },
        },
        { establishmentNumber: '2000000438', name: 'Filiaal', startDate: '2001-01-01' },
      ],
    });
    expect(toCompany('0403170701', { names: record.names })).toBeUndefined();
  });

  it('refuses an unknown or stopped enterprise, and an establishment of another', () => {
    const company = toCompany('0403170701', record);
    const input = { enterpriseNumber: '0403170701', establishmentNumber: '2000000339' };
    expect(companyRefusal(company, input)).toBeUndefined();
    expect(companyRefusal(undefined, input)).toMatchObject({ path: 'enterpriseNumber' });
    expect(companyRefusal({ ...company!, status: 'stopped' }, input)).toMatchObject({ path: 'enterpriseNumber' });
    expect(companyRefusal(company, { ...input, establishmentNumber: '2000000537' })).toMatchObject({
      path: 'establishmentNumber',
    });
  });
});
