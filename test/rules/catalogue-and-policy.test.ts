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
  const training = (partnershipId: string) => ({ partnershipId });

  it('sends it to the partnership that owns the training, whatever the joint committee', () => {
    expect(routePartnership(catalogue, training('horeca'), '124').id).toBe('horeca');
    expect(routePartnership(catalogue, training('bouw'), undefined).id).toBe('bouw');
    expect(routePartnership(catalogue, training('elektro'), '999').id).toBe('elektro');
  });

  it('sends a training taught across sectors (owned by the residual partnership) by joint committee', () => {
    expect(routePartnership(catalogue, training('residueel'), '302').id).toBe('horeca');
    expect(routePartnership(catalogue, training('residueel'), '149.01').id).toBe('elektro');
  });

  it('sends it to the residual partnership when no partnership covers the joint committee', () => {
    expect(routePartnership(catalogue, training('residueel'), '999').id).toBe('residueel');
    expect(routePartnership(catalogue, training('residueel'), '149').id).toBe('residueel');
    expect(routePartnership(catalogue, training('residueel'), undefined).id).toBe('residueel');
    expect(routePartnership(catalogue, undefined, '').id).toBe('residueel');
  });

  it('goes by joint committee when the training’s partnership is gone from the catalogue', () => {
    expect(routePartnership(catalogue, training('opgeheven'), '124').id).toBe('bouw');
  });

  it('fails loudly when the catalogue has no residual partnership to fall back on', () => {
    expect(() => routePartnership([partnership('bouw', ['124'])], undefined, '302')).toThrow('no residual partnership');
    expect(routePartnership([partnership('bouw', ['124'])], undefined, '124').id).toBe('bouw');
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
      placementAnswerDeadline: 'P14D',
      learnerFeedbackThreshold: 2.5,
      capacityIncreaseWithoutReview: 2,
      mentorChangeCheck: true,
      requiredDocuments: [],
      selfAssessment: [],
      improvementTemplates: [],
      visitChecklist: ['Werkplek veilig', 'Uitrusting volgens opleidingsplan', 'Mentor aanwezig'],
      improvementActionGrace: 'P14D',
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
