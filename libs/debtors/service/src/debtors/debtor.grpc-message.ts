import { str, type GrpcMessage } from '../shared/grpc-message';
import type { DebtorView } from './debtor.view';

/** A ContactPoint message as the request's contact point (an address travels in its own field). */
export const contactPointIn = (c: GrpcMessage) => ({
  ...(str(c['id']) ? { id: c['id'] } : {}),
  kind: c['kind'],
  value: c['kind'] === 'postal_address' ? c['address'] : c['value'],
  consent: str(c['consent']) ?? 'not_granted',
  ...(c['optedOut'] ? { optedOut: true } : {}),
});

/** The Debtor message. */
export function debtorOut(v: DebtorView) {
  return {
    debtorId: v.debtorId,
    kind: v.kind,
    taxId: v.taxId,
    name: v.name,
    contactPoints: v.contactPoints.map((c) => ({
      id: c.id,
      kind: c.kind,
      ...(c.kind === 'postal_address' ? { address: c.value } : { value: c.value }),
      consent: c.consent,
      optedOut: c.optedOut,
    })),
    state: v.state,
    timeZone: v.timeZone,
    erased: v.erased,
    version: v.version,
  };
}
