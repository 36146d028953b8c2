import { fieldsOf } from '../../testing/violations';
import { parseResolveDisputeRequest } from './resolve-dispute.request';

const DEBT_ID = '01900000-0000-7000-8000-000000000d01';

describe('the request to resolve a dispute', () => {
  it.each(['upheld', 'rejected'] as const)('takes the outcome %s', (outcome) => {
    expect(parseResolveDisputeRequest(DEBT_ID, { outcome })).toEqual({ debtId: DEBT_ID, outcome });
  });

  it('rejects an outcome other than upheld or rejected', () => {
    expect(fieldsOf(() => parseResolveDisputeRequest(DEBT_ID, { outcome: 'maybe' }))).toEqual(['outcome']);
  });
});
