import { fieldsOf } from '../../testing/violations';
import { parseRecordContactConsentRequest } from '../record-contact-consent/record-contact-consent.request';
import { parseUpdateContactPointsRequest } from './update-contact-points.request';

const DEBTOR_ID = '01900000-0000-7000-8000-0000000000a1';

describe('the request to replace a debtor’s contact points', () => {
  it('normalises each point, as a registration does', () => {
    expect(parseUpdateContactPointsRequest(DEBTOR_ID, { contactPoints: [{ id: 'cp-1', kind: 'whatsapp', value: '+55 11 91234-5678', consent: 'granted' }] })).toEqual({
      debtorId: DEBTOR_ID,
      contactPoints: [{ id: 'cp-1', kind: 'whatsapp', value: '+5511912345678', consent: 'granted', optedOut: false, optedOutAt: null, optOutReason: null }],
    });
  });

  it('reports every bad point and every repeated id at once', () => {
    const contactPoints = [
      { id: 'cp-1', kind: 'phone', value: '+5511987654321' },
      { id: 'cp-1', kind: 'email', value: 'maria@example.com' },
      { id: 'cp-2', kind: 'email', value: 'maria' },
    ];
    expect(fieldsOf(() => parseUpdateContactPointsRequest(DEBTOR_ID, { contactPoints }))).toEqual(['contactPoints[1].id', 'contactPoints[2].value']);
  });

  it('refuses more than 50 points (the schema)', () => {
    const contactPoints = Array.from({ length: 51 }, (_, i) => ({ id: `cp-${i}`, kind: 'phone', value: '+5511987654321' }));
    expect(fieldsOf(() => parseUpdateContactPointsRequest(DEBTOR_ID, { contactPoints }))).toEqual(['contactPoints']);
  });
});

describe('the request to record a contact point’s consent', () => {
  it('rejects a consent it does not know, then a contact point reference over 100 characters', () => {
    expect(fieldsOf(() => parseRecordContactConsentRequest(DEBTOR_ID, 'cp-1', { consent: 'yes' }))).toEqual(['consent']);
    expect(fieldsOf(() => parseRecordContactConsentRequest(DEBTOR_ID, 'c'.repeat(101), { consent: 'granted' }))).toEqual(['contactPointId']);
  });
});
