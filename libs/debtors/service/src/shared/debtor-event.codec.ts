import type { EventCodec, RecordedEvent, StoreTransaction } from '@collections/shared-event-store';
import { DEBTOR_PERSONAL_DATA_FIELDS, type DebtEvent, type DebtorEvent } from '@collections/debtors-domain';
import { ERASED_TEXT, mapPaths, type PersonalDataProtector } from './personal-data';

/**
 * Debtor events go to the log with their personal data encrypted under the debtor's
 * key (DEBTOR_PERSONAL_DATA_FIELDS says where it sits). Reading them back reveals it,
 * or shows "[erased]" once the key was destroyed: the history still replays, and the
 * hash chain (over the ciphertext) still verifies. `transaction`: the one decoding runs
 * in, for a command handled inside a transaction.
 */
export function debtorEventCodec(protector: PersonalDataProtector, transaction?: StoreTransaction): EventCodec<DebtorEvent> {
  return {
    async encode(event, { tenantId, transaction }) {
      const paths = DEBTOR_PERSONAL_DATA_FIELDS[event.type];
      const debtorId = event.data.debtorId;
      const data = await mapPaths(event.data, paths, (value) => protector.protect(debtorId, tenantId, value, transaction));
      return { type: event.type, data };
    },
    async decode(recorded: RecordedEvent) {
      const type = recorded.type as DebtorEvent['type'];
      const paths = DEBTOR_PERSONAL_DATA_FIELDS[type];
      const debtorId = (recorded.data as { debtorId: string }).debtorId;
      const data = await mapPaths(recorded.data, paths, async (value) => {
        if (!protector.isToken(value)) return value;
        // inside the caller's transaction when it has one: with a pool of one connection
        // (embedded mode) a read on another connection would wait for that transaction forever
        const revealed = await protector.reveal(debtorId, value, transaction);
        return revealed === undefined ? ERASED_TEXT : revealed;
      });
      return { type, data } as DebtorEvent;
    },
  };
}

/** Debt events hold no personal data: stored as they are. */
export const debtEventCodec: EventCodec<DebtEvent> = {
  async encode(event) {
    return { type: event.type, data: event.data };
  },
  async decode(recorded) {
    return { type: recorded.type, data: recorded.data } as DebtEvent;
  },
};
