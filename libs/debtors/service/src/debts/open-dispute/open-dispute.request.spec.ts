import { violationsOf } from '../../testing/violations';
import { parseWriteOffRequest } from '../write-off/write-off.request';
import { parseOpenDisputeRequest } from './open-dispute.request';

const DEBT_ID = '01900000-0000-7000-8000-000000000d01';

// A dispute's reason and a write-off's are the same kind of text: trimmed, 1-2000 characters.
describe.each([
  ['open a dispute', parseOpenDisputeRequest],
  ['write a debt off', parseWriteOffRequest],
])('the request to %s', (_what, parse) => {
  it('keeps the reason trimmed', () => {
    expect(parse(DEBT_ID, { reason: '  não reconheço  ' })).toEqual({ debtId: DEBT_ID, reason: 'não reconheço' });
  });

  it.each(['', '   ', 'x'.repeat(2001)])('rejects the reason %j', (reason) => {
    expect(violationsOf(() => parse(DEBT_ID, { reason }))).toEqual([{ field: 'reason', message: 'must have 1-2000 characters' }]);
  });
});
