import type { RegisterEntry } from '../../models/register-index';

/** An active workplace as the register holds it, for the rule tests of the register's index. */
export const REGISTER_ENTRY: RegisterEntry = {
  id: 'r1',
  status: 'active',
  partnershipId: 'bouw',
  enterpriseNumber: '0403170701',
  establishmentNumber: '2123456791',
  trainingCode: 'ruwbouw-duaal',
  companyName: 'Bouwbedrijf Janssens',
  capacity: 2,
  validFrom: '2026-01-10',
  validUntil: '2031-01-10',
  history: [{ at: '2026-01-10T09:00:00.000Z', status: 'active' }],
  address: { postcode: '9000', municipality: 'Gent' },
  savedAt: '2026-01-10T09:00:00.000Z',
};
