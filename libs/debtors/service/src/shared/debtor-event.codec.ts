import type { EventCodec, EventStore, RecordedEvent, StoreTransaction } from '@collections/shared-event-store';
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

/**
 * The free text of a debt's events may quote the debtor (a dispute's reason, a write-off's
 * note): it is personal data of the debtor, encrypted under the debtor's key like the
 * debtor's own fields, so an erasure reaches it too. Every other field of a debt's events
 * is stored as it is.
 */
export const DEBT_PERSONAL_DATA_FIELDS: { readonly [K in DebtEvent['type']]?: readonly string[] } = {
  DisputeOpened: ['reason'],
  DebtWrittenOff: ['note'],
};

/**
 * Debt events to and from the log. The key is the debtor's, and a debt's events do not
 * name the debtor: it is read once per stream from the debt's registration (first event)
 * and kept, since a debt never changes debtor.
 *
 * Without a protector (readers whose decisions never look at the free text: the
 * reactions to other contexts' events), encrypted fields are decoded as the tokens they
 * are, and an event carrying personal data cannot be encoded.
 */
export function debtEventCodec(protector: PersonalDataProtector | undefined, store: Pick<EventStore, 'readStream'>): EventCodec<DebtEvent> {
  const debtors = new Map<string, string>();
  const debtorOf = async (tenantId: string, streamId: string, transaction?: StoreTransaction): Promise<string> => {
    const known = debtors.get(streamId);
    if (known) return known;
    const { events } = await store.readStream(streamId, { tenantId, maxCount: 1, ...(transaction ? { transaction } : {}) });
    const debtorId = (events[0]?.data as { debtorId?: string } | undefined)?.debtorId;
    if (!debtorId) throw new Error(`debt stream ${streamId} has no registration to name its debtor`);
    if (debtors.size > 10_000) debtors.clear(); // a bound, not an eviction policy: a lookup is one indexed read
    debtors.set(streamId, debtorId);
    return debtorId;
  };
  return {
    async encode(event, { tenantId, streamId, transaction }) {
      const paths = DEBT_PERSONAL_DATA_FIELDS[event.type] ?? [];
      if (paths.length === 0) return { type: event.type, data: event.data };
      if (!protector) throw new Error(`${event.type} carries personal data: encoding it needs the personal-data protector`);
      const debtorId = await debtorOf(tenantId, streamId, transaction);
      const data = await mapPaths(event.data, paths, (value) => protector.protect(debtorId, tenantId, value, transaction));
      return { type: event.type, data };
    },
    async decode(recorded: RecordedEvent) {
      const type = recorded.type as DebtEvent['type'];
      const paths = DEBT_PERSONAL_DATA_FIELDS[type] ?? [];
      if (paths.length === 0 || !protector) return { type, data: recorded.data } as DebtEvent;
      const data = await mapPaths(recorded.data, paths, async (value) => {
        if (!protector.isToken(value)) return value; // written before this field was encrypted
        const revealed = await protector.reveal(await debtorOf(recorded.tenantId, recorded.streamId), value);
        return revealed === undefined ? ERASED_TEXT : revealed;
      });
      return { type, data } as DebtEvent;
    },
  };
}
