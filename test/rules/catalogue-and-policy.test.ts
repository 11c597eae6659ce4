import { type Partnership, routePartnership } from '../../models/catalogue';
import { DEFAULT_POLICY, policySchema } from '../../models/policy';

function partnership(id: string, jointCommittees: string[], residual = false): Partnership {
  return { id, name: id, email: `${id}@partnerschap.example`, jointCommittees, residual, sample: true, policy: DEFAULT_POLICY };
}

describe('routing an application to its partnership', () => {
  const catalogue = [
    partnership('bouw', ['124']),
    partnership('residueel', [], true),
    partnership('elektro', ['149.01']),
    partnership('horeca', ['302']),
  ];

  it('sends it to the partnership competent for its joint committee', () => {
    expect(routePartnership(catalogue, '124').id).toBe('bouw');
    expect(routePartnership(catalogue, '302').id).toBe('horeca');
    expect(routePartnership(catalogue, '149.01').id).toBe('elektro');
  });

  it('sends it to the residual partnership when no partnership covers the joint committee', () => {
    expect(routePartnership(catalogue, '999').id).toBe('residueel');
    expect(routePartnership(catalogue, '149').id).toBe('residueel');
  });

  it('sends it to the residual partnership when no joint committee is given', () => {
    expect(routePartnership(catalogue, undefined).id).toBe('residueel');
    expect(routePartnership(catalogue, '').id).toBe('residueel');
  });

  it('fails loudly when the catalogue has no residual partnership to fall back on', () => {
    expect(() => routePartnership([partnership('bouw', ['124'])], '302')).toThrow('no residual partnership');
    expect(routePartnership([partnership('bouw', ['124'])], '124').id).toBe('bouw');
  });
});

describe('the default policy', () => {
  it('has the deadlines of the contract', () => {
    expect(DEFAULT_POLICY).toEqual({
      decisionDeadline: 'P14D',
      infoRequestDeadline: 'P30D',
      validity: 'P5Y',
      renewalNotice: 'P3M',
      qualityCheckInterval: 'P1Y',
      qualityCheckResponseDeadline: 'P30D',
      mentorTrainingDeadline: 'P1Y',
      objectionWindow: 'P30D',
      mentorChangeCheck: true,
      requiredDocuments: [],
      selfAssessment: [],
    });
  });

  it('lets a partnership override a deadline but not with something that is not a duration', () => {
    expect(policySchema.parse({ decisionDeadline: 'P21D' }).decisionDeadline).toBe('P21D');
    const refused = policySchema.safeParse({ decisionDeadline: '14 days' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['decisionDeadline']);
  });

  it('refuses an unknown setting', () => {
    expect(policySchema.safeParse({ decisionDeadlin: 'P14D' }).success).toBe(false);
  });
});
