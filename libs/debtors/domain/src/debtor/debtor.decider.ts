import { ValidationError, assertNever, type Decider, type TenantId } from '@collections/shared-kernel';
import { DebtorsRuleViolation } from '../debtors-rule-code';
import type {
  DebtorCommand,
  RecordContactConsent,
  RecordOptOut,
  RegisterDebtor,
  RequestErasure,
  UpdateContactPoints,
} from './debtor.commands';
import type { DebtorEvent } from './debtor.events';
import { channelKey, checkContactPoints, sameContactPoints, type ContactPoint } from './contact-point';

// The command's fields were parsed where it entered the service (commands are typed):
// what is checked here is the debtor's invariants (registered once, erased for good, a
// contact point it has, each contact point id once).

export type DebtorState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'active';
      readonly debtorId: string;
      readonly tenantId: TenantId;
      readonly contactPoints: readonly ContactPoint[];
    }
  // Nothing personal is kept once erasure is requested, not even in memory.
  | { readonly status: 'erased'; readonly debtorId: string; readonly tenantId: TenantId };

type ActiveDebtor = Extract<DebtorState, { status: 'active' }>;

export const initialDebtorState = (): DebtorState => ({ status: 'unregistered' });

function requireActive(state: DebtorState): ActiveDebtor {
  switch (state.status) {
    case 'active':
      return state;
    case 'unregistered':
      throw new DebtorsRuleViolation('DEBTOR_NOT_REGISTERED', 'the debtor has not been registered');
    case 'erased':
      throw new DebtorsRuleViolation('DEBTOR_ERASED', `debtor ${state.debtorId} was erased (LGPD art. 18)`);
    default:
      return assertNever(state, 'debtor state');
  }
}

function findContactPoint(state: ActiveDebtor, contactPointId: string): ContactPoint {
  const point = state.contactPoints.find((p) => p.id === contactPointId);
  if (!point) throw new DebtorsRuleViolation('CONTACT_POINT_NOT_FOUND', `debtor has no contact point ${contactPointId}`);
  return point;
}

function registerDebtor(command: RegisterDebtor, state: DebtorState): DebtorEvent[] {
  if (state.status === 'erased') requireActive(state);
  // A retried registration must not create a second debtor under the same id.
  if (state.status !== 'unregistered') {
    throw new DebtorsRuleViolation('DEBTOR_ALREADY_REGISTERED', `debtor ${command.debtorId} is already registered`);
  }
  // an amount limit, so the domain's (the request parser refuses it too, with the same words):
  // the affordability guide of Lei 14.181/2021 would read a negative income as none at all
  if (command.declaredMonthlyIncome && command.declaredMonthlyIncome.amount < 0) {
    throw ValidationError.of('declaredMonthlyIncome.amount', 'must not be negative');
  }
  const registered = {
    debtorId: command.debtorId,
    tenantId: command.tenantId,
    taxId: command.taxId,
    name: command.name,
    contactPoints: checkContactPoints(command.contactPoints),
    state: command.state,
    timeZone: command.timeZone,
    declaredMonthlyIncome: command.declaredMonthlyIncome ?? null,
    registeredAt: command.now,
  };
  return [{ type: 'DebtorRegistered', data: registered }];
}

/**
 * An opt-out belongs to the channel, not to the record an integrator sends: a creditor's
 * system re-sending the same phone without the flag (or under a new id) must not reopen
 * a channel the debtor closed. Only the debtor can reverse it, and that is not a
 * contact-point update.
 */
function keepOptOuts(next: readonly ContactPoint[], current: readonly ContactPoint[]): ContactPoint[] {
  const optedOut = new Map(current.filter((p) => p.optedOut).map((p) => [channelKey(p), p]));
  return next.map((point) => {
    const previous = optedOut.get(channelKey(point));
    if (point.optedOut || !previous) return point;
    return { ...point, optedOut: true, optedOutAt: previous.optedOutAt, optOutReason: previous.optOutReason };
  });
}

function updateContactPoints(command: UpdateContactPoints, state: DebtorState): DebtorEvent[] {
  const debtor = requireActive(state);
  const contactPoints = checkContactPoints(command.contactPoints);
  const updatedAt = command.now;
  const next = keepOptOuts(contactPoints, debtor.contactPoints);
  // Integrators re-send their whole address book on every sync: no change, no event.
  if (sameContactPoints(next, debtor.contactPoints)) return [];
  return [{ type: 'DebtorContactPointsUpdated', data: { debtorId: debtor.debtorId, contactPoints: next, updatedAt } }];
}

function recordContactConsent(command: RecordContactConsent, state: DebtorState): DebtorEvent[] {
  const debtor = requireActive(state);
  const { contactPointId, consent, now: recordedAt } = command;
  const point = findContactPoint(debtor, contactPointId);
  if (point.consent === consent) return [];
  // Recording consent never clears an opt-out (see keepOptOuts): a stale "granted"
  // from a creditor's system cannot reopen a channel the debtor closed.
  return [{ type: 'ContactConsentRecorded', data: { debtorId: debtor.debtorId, contactPointId, consent, recordedAt } }];
}

function recordOptOut(command: RecordOptOut, state: DebtorState): DebtorEvent[] {
  const debtor = requireActive(state);
  const { contactPointId, reason, now: optedOutAt } = command;
  const point = findContactPoint(debtor, contactPointId);
  // The first opt-out is the one that counts; repeating it changes nothing.
  if (point.optedOut) return [];
  return [{ type: 'ContactOptedOut', data: { debtorId: debtor.debtorId, contactPointId, reason, optedOutAt } }];
}

function requestErasure(command: RequestErasure, state: DebtorState): DebtorEvent[] {
  // A retried request for a debtor already erased is already honoured.
  if (state.status === 'erased') return [];
  const debtor = requireActive(state);
  const requestedAt = command.now;
  // LGPD art. 18 (erasure). The infrastructure destroys the debtor's key, which makes the
  // fields in DEBTOR_PERSONAL_DATA_FIELDS unreadable; debts and payments stay, as data
  // kept for legal duties (art. 16).
  return [{ type: 'DebtorErasureRequested', data: { debtorId: debtor.debtorId, requestedAt } }];
}

export function decideDebtor(command: DebtorCommand, state: DebtorState): DebtorEvent[] {
  switch (command.type) {
    case 'RegisterDebtor':
      return registerDebtor(command, state);
    case 'UpdateContactPoints':
      return updateContactPoints(command, state);
    case 'RecordContactConsent':
      return recordContactConsent(command, state);
    case 'RecordOptOut':
      return recordOptOut(command, state);
    case 'RequestErasure':
      return requestErasure(command, state);
    default:
      return assertNever(command, 'debtor command');
  }
}

function withContactPoint(state: ActiveDebtor, id: string, change: (point: ContactPoint) => ContactPoint): ActiveDebtor {
  return { ...state, contactPoints: state.contactPoints.map((p) => (p.id === id ? change(p) : p)) };
}

export function evolveDebtor(state: DebtorState, event: DebtorEvent): DebtorState {
  switch (event.type) {
    case 'DebtorRegistered':
      return {
        status: 'active',
        debtorId: event.data.debtorId,
        tenantId: event.data.tenantId,
        contactPoints: event.data.contactPoints,
      };
    case 'DebtorContactPointsUpdated':
      return state.status === 'active' ? { ...state, contactPoints: event.data.contactPoints } : state;
    case 'ContactConsentRecorded':
      return state.status === 'active'
        ? withContactPoint(state, event.data.contactPointId, (p) => ({ ...p, consent: event.data.consent }))
        : state;
    case 'ContactOptedOut':
      return state.status === 'active'
        ? withContactPoint(state, event.data.contactPointId, (p) => ({
            ...p,
            optedOut: true,
            optedOutAt: event.data.optedOutAt,
            optOutReason: event.data.reason,
          }))
        : state;
    case 'DebtorErasureRequested':
      return state.status === 'active' ? { status: 'erased', debtorId: state.debtorId, tenantId: state.tenantId } : state;
    default:
      return assertNever(event, 'debtor event');
  }
}

export const debtorDecider: Decider<DebtorState, DebtorCommand, DebtorEvent> = {
  decide: decideDebtor,
  evolve: evolveDebtor,
  initialState: initialDebtorState,
};
