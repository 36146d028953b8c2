import { violationsOf } from '../../testing/violations';
import { parseRecordOptOutRequest } from './record-opt-out.request';

const DEBTOR_ID = '01900000-0000-7000-8000-0000000000a1';
const CONTACT_POINT_ID = '01900000-0000-7000-8000-0000000000c1';

describe('the request to record an opt-out', () => {
  it('keeps the debtor’s words verbatim, and a platform id in lower case', () => {
    expect(parseRecordOptOutRequest(DEBTOR_ID, CONTACT_POINT_ID.toUpperCase(), { reason: ' pare de me ligar ' })).toEqual({
      debtorId: DEBTOR_ID,
      contactPointId: CONTACT_POINT_ID,
      reason: ' pare de me ligar ',
    });
  });

  it.each(['', '  '])('rejects a blank reason %j', (reason) => {
    expect(violationsOf(() => parseRecordOptOutRequest(DEBTOR_ID, 'cp-1', { reason }))).toEqual([{ field: 'reason', message: 'must not be blank' }]);
  });

  it('rejects a reason over 2000 characters and a contact point reference over 100, at once', () => {
    expect(violationsOf(() => parseRecordOptOutRequest(DEBTOR_ID, 'c'.repeat(101), { reason: 'x'.repeat(2001) })).map((v) => v.field)).toEqual(['contactPointId', 'reason']);
  });
});
