import { createHmac } from 'node:crypto';
import type { MasterKey } from '@collections/shared-pii';
import { normalisePhoneNumber } from '@collections/contacts-channels';

/**
 * A keyed blind index of the addresses messages were sent to: an inbound message is
 * matched to the debtor and contact point it came from without the contacts service
 * keeping any address. The key derives from the service's master key.
 */
export class AddressIndex {
  private constructor(private readonly key: Buffer) {}

  static from(masterKey: MasterKey): AddressIndex {
    return new AddressIndex(masterKey.deriveKey('contacts-address-index'));
  }

  /** E-mail lower-cased; a phone (SMS or WhatsApp) in E.164; undefined when it is neither. */
  static normalise(address: string): string | undefined {
    const trimmed = address.trim();
    if (trimmed.includes('@')) return trimmed.toLowerCase();
    try {
      return normalisePhoneNumber(trimmed, 'from');
    } catch {
      return undefined;
    }
  }

  keyOf(tenantId: string, address: string): string | undefined {
    const normalised = AddressIndex.normalise(address);
    return normalised === undefined ? undefined : createHmac('sha256', this.key).update(`${tenantId}\u0000${normalised}`).digest('hex');
  }
}
