import { v5 as uuidv5 } from 'uuid';
import { isUuid } from '@collections/shared-kernel';
import { MasterKey } from '@collections/shared-pii';
import { NaturalKeyIds } from './natural-key-ids';

// the unkeyed derivation the import used before: anyone could compute (and invert) it
const OLD_NAMESPACE = '6f1c2a52-8f5e-4b7a-9a3c-2d7f4c1b9e10';

describe('NaturalKeyIds (ids derived from natural keys under a service secret)', () => {
  const masterKey = MasterKey.generate();
  const ids = NaturalKeyIds.fromMasterKey(masterKey);

  it('derives the same ids from the same natural keys, so a re-import finds its streams', () => {
    const again = NaturalKeyIds.fromMasterKey(masterKey);
    expect(again.debtorId('tenant-a', '52998224725')).toBe(ids.debtorId('tenant-a', '52998224725'));
    expect(again.debtId('tenant-a', 'CT-1')).toBe(ids.debtId('tenant-a', 'CT-1'));
    const debtor = ids.debtorId('tenant-a', '52998224725');
    expect(again.contactPointId('tenant-a', debtor, 'phone')).toBe(ids.contactPointId('tenant-a', debtor, 'phone'));
  });

  it('gives UUIDs (version 8, RFC 9562 variant)', () => {
    for (const id of [ids.debtorId('t', '52998224725'), ids.debtId('t', 'CT-1'), ids.contactPointId('t', ids.debtorId('t', '1'), 'email')]) {
      expect(isUuid(id)).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('scopes ids by tenant, by kind and by key', () => {
    expect(ids.debtorId('tenant-a', '52998224725')).not.toBe(ids.debtorId('tenant-b', '52998224725'));
    expect(ids.debtId('tenant-a', 'CT-1')).not.toBe(ids.debtId('tenant-b', 'CT-1'));
    expect(ids.debtorId('tenant-a', '123')).not.toBe(ids.debtId('tenant-a', '123'));
    expect(ids.debtorId('tenant-a', '1/debtor/2')).not.toBe(ids.debtorId('tenant-a/debtor/1', '2'));
    const debtor = ids.debtorId('tenant-a', '52998224725');
    expect(ids.contactPointId('tenant-a', debtor, 'phone')).not.toBe(ids.contactPointId('tenant-a', debtor, 'email'));
    // another deployment's secret (another master key) gives other ids
    expect(NaturalKeyIds.fromMasterKey(MasterKey.generate()).debtorId('tenant-a', '52998224725')).not.toBe(debtor);
  });

  it('is not the unkeyed uuidv5 of the natural key that anyone could compute', () => {
    expect(ids.debtorId('tenant-a', '52998224725')).not.toBe(uuidv5('tenant-a/debtor/52998224725', OLD_NAMESPACE));
    expect(ids.debtId('tenant-a', 'CT-1')).not.toBe(uuidv5('tenant-a/debt/CT-1', OLD_NAMESPACE));
  });

  it('refuses a short secret', () => {
    expect(() => new NaturalKeyIds(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
