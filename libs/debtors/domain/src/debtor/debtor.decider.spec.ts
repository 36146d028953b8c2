import { Money, TaxId, TenantId, ValidationError, fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { DomainRuleViolation } from '@collections/shared-kernel';
import type { DebtorId } from '../ids';
import type { ContactPoint } from './contact-point';
import type { DebtorCommand, RegisterDebtor, UpdateContactPoints } from './debtor.commands';
import { debtorDecider } from './debtor.decider';
import { DEBTOR_PERSONAL_DATA_FIELDS, type DebtorEvent, type DebtorRegistered } from './debtor.events';

const spec = DeciderSpecification.for(debtorDecider);

const DEBTOR_ID = '01900000-0000-7000-8000-0000000000a1' as DebtorId; // as the edge parsed it
const TENANT = TenantId.parse('banco-azul');
const ACTOR = 'integration:erp-banco-azul';
const NOW = '2026-01-05T12:00:00.000Z';
const LATER = '2026-02-01T09:30:00.000Z';

const notOptedOut = { optedOut: false, optedOutAt: null, optOutReason: null } as const;
const phone: ContactPoint = { id: 'cp-phone', kind: 'phone', value: '+5511987654321', consent: 'granted', ...notOptedOut };
const email: ContactPoint = { id: 'cp-email', kind: 'email', value: 'Maria.Silva@example.com', consent: 'not_granted', ...notOptedOut };
const home: ContactPoint = {
  id: 'cp-home',
  kind: 'postal_address',
  value: { street: 'Avenida Paulista', number: '1578', complement: null, district: 'Bela Vista', city: 'São Paulo', state: 'SP', postalCode: '01310200' },
  consent: 'granted',
  ...notOptedOut,
};

const registerDebtor = (overrides: Partial<RegisterDebtor> = {}): RegisterDebtor => ({
  type: 'RegisterDebtor',
  debtorId: DEBTOR_ID,
  tenantId: TENANT,
  taxId: TaxId.parse('529.982.247-25'),
  name: 'Maria da Silva',
  contactPoints: [phone, email, home],
  state: 'SP',
  timeZone: 'America/Sao_Paulo',
  declaredMonthlyIncome: Money.of(450_000),
  now: NOW,
  actor: ACTOR,
  ...overrides,
});

const registered: DebtorRegistered = {
  type: 'DebtorRegistered',
  data: {
    debtorId: DEBTOR_ID,
    tenantId: TENANT,
    taxId: TaxId.parse('52998224725'),
    name: 'Maria da Silva',
    contactPoints: [phone, email, home],
    state: 'SP',
    timeZone: 'America/Sao_Paulo',
    declaredMonthlyIncome: Money.of(450_000),
    registeredAt: NOW,
  },
};

const updateContactPoints = (contactPoints: readonly ContactPoint[]): UpdateContactPoints => ({
  type: 'UpdateContactPoints',
  debtorId: DEBTOR_ID,
  contactPoints,
  now: LATER,
  actor: ACTOR,
});

const optOut = (contactPointId: string, reason: string) =>
  ({ type: 'RecordOptOut', debtorId: DEBTOR_ID, contactPointId, reason, now: LATER, actor: ACTOR }) as const;
const recordConsent = (contactPointId: string, consent: 'granted' | 'not_granted') =>
  ({ type: 'RecordContactConsent', debtorId: DEBTOR_ID, contactPointId, consent, now: LATER, actor: ACTOR }) as const;
const requestErasure = { type: 'RequestErasure', debtorId: DEBTOR_ID, now: LATER, actor: 'user:dpo' } as const;

const phoneOptedOut: DebtorEvent = {
  type: 'ContactOptedOut',
  data: { debtorId: DEBTOR_ID, contactPointId: 'cp-phone', reason: 'pare de me ligar, por favor', optedOutAt: LATER },
};
const erasureRequested: DebtorEvent = { type: 'DebtorErasureRequested', data: { debtorId: DEBTOR_ID, requestedAt: LATER } };

const fieldsOf = (error: ValidationError): string[] => error.violations.map((v) => v.field);

describe('Debtor decider', () => {
  describe('RegisterDebtor', () => {
    it('registers a person with their contact points', () => {
      spec.given([]).when(registerDebtor()).then([registered]);
    });

    it('registers a company by its CNPJ', () => {
      spec
        .given([])
        .when(registerDebtor({ taxId: TaxId.parse('11.222.333/0001-81'), name: 'Padaria Pão Quente Ltda' }))
        .then((events) => expect(events[0]).toMatchObject({ data: { taxId: { kind: 'cnpj', value: '11222333000181' } } }));
    });

    it('registers a debtor without a declared income or contact points', () => {
      const { declaredMonthlyIncome: _none, ...withoutIncome } = registerDebtor({ contactPoints: [] });
      spec
        .given([])
        .when(withoutIncome)
        .then([{ ...registered, data: { ...registered.data, contactPoints: [], declaredMonthlyIncome: null } }]);
    });

    it('refuses to register the same debtor id twice', () => {
      spec.given([registered]).when(registerDebtor()).thenThrows(DomainRuleViolation, /DEBTOR_ALREADY_REGISTERED/);
    });

    it('rejects a negative declared monthly income', () => {
      spec
        .given([])
        .when(registerDebtor({ declaredMonthlyIncome: Money.of(-1) }))
        .thenThrows(ValidationError, /declaredMonthlyIncome.amount: must not be negative/);
    });

    it('rejects two contact points with the same id: consent and opt-outs are recorded against it', () => {
      const error = spec
        .given([])
        .when(registerDebtor({ contactPoints: [phone, { ...email, id: 'cp-phone' }, home, { ...home, id: 'cp-phone' }] }))
        .thenThrows(ValidationError);
      expect(fieldsOf(error)).toEqual(['contactPoints[1].id', 'contactPoints[3].id']);
    });

    it('rejects more than 50 contact points', () => {
      const many = Array.from({ length: 51 }, (_, i) => ({ ...phone, id: `cp-${i}` }));
      spec.given([]).when(registerDebtor({ contactPoints: many })).thenThrows(ValidationError, /contactPoints: must have at most 50 contact points/);
    });

    it('keeps a contact point sent as opted out with its date and reason, verbatim', () => {
      spec
        .given([])
        .when(registerDebtor({ contactPoints: [{ ...phone, optedOut: true, optedOutAt: NOW, optOutReason: ' SAIR ' }] }))
        .then((events) =>
          expect(events[0]).toMatchObject({ data: { contactPoints: [{ optedOut: true, optedOutAt: NOW, optOutReason: ' SAIR ' }] } }),
        );
    });
  });

  describe('UpdateContactPoints', () => {
    it('replaces the whole set of contact points', () => {
      const newPhone: ContactPoint = { id: 'cp-phone-2', kind: 'whatsapp', value: '+5511912345678', consent: 'granted', ...notOptedOut };
      spec
        .given([registered])
        .when(updateContactPoints([newPhone, email]))
        .then([
          {
            type: 'DebtorContactPointsUpdated',
            data: {
              debtorId: DEBTOR_ID,
              contactPoints: [newPhone, email],
              updatedAt: LATER,
            },
          },
        ]);
    });

    it('produces nothing when the same set is sent again, in another order', () => {
      spec.given([registered]).when(updateContactPoints([home, email, phone])).thenNothingHappens();
    });

    it('keeps an opt-out when a creditor’s sync re-sends the channel without it, even under a new id', () => {
      spec
        .given([registered, phoneOptedOut])
        .when(updateContactPoints([{ ...phone, id: 'erp-77' }, email, home]))
        .then([
          {
            type: 'DebtorContactPointsUpdated',
            data: {
              debtorId: DEBTOR_ID,
              contactPoints: [
                { ...phone, id: 'erp-77', optedOut: true, optedOutAt: LATER, optOutReason: 'pare de me ligar, por favor' },
                email,
                home,
              ],
              updatedAt: LATER,
            },
          },
        ]);
    });

    it('refuses an update for a debtor never registered', () => {
      spec.given([]).when(updateContactPoints([phone])).thenThrows(DomainRuleViolation, /DEBTOR_NOT_REGISTERED/);
    });
  });

  describe('RecordContactConsent', () => {
    it('records the consent given for one contact point', () => {
      spec
        .given([registered])
        .when(recordConsent('cp-email', 'granted'))
        .then([{ type: 'ContactConsentRecorded', data: { debtorId: DEBTOR_ID, contactPointId: 'cp-email', consent: 'granted', recordedAt: LATER } }]);
    });

    it('produces nothing when the same consent is recorded again', () => {
      spec.given([registered]).when(recordConsent('cp-phone', 'granted')).thenNothingHappens();
    });

    it('refuses a contact point the debtor does not have', () => {
      spec.given([registered]).when(recordConsent('cp-unknown', 'granted')).thenThrows(DomainRuleViolation, /CONTACT_POINT_NOT_FOUND/);
    });

    it('does not reopen a channel the debtor opted out of', () => {
      const history = [registered, phoneOptedOut];
      const events = debtorDecider.decide(recordConsent('cp-phone', 'not_granted'), fold(debtorDecider, history));
      const regranted = debtorDecider.decide(recordConsent('cp-phone', 'granted'), fold(debtorDecider, [...history, ...events]));
      const state = fold(debtorDecider, [...history, ...events, ...regranted]);
      expect(state.status === 'active' && state.contactPoints.find((p) => p.id === 'cp-phone')).toMatchObject({ consent: 'granted', optedOut: true });
    });
  });

  describe('RecordOptOut', () => {
    it('records an opt-out with the debtor’s own words, verbatim', () => {
      spec.given([registered]).when(optOut('cp-phone', 'pare de me ligar, por favor')).then([phoneOptedOut]);
    });

    it('ignores a second opt-out of the same channel', () => {
      spec.given([registered, phoneOptedOut]).when(optOut('cp-phone', 'STOP')).thenNothingHappens();
    });

    it('refuses a contact point the debtor does not have', () => {
      spec.given([registered]).when(optOut('cp-unknown', 'STOP')).thenThrows(DomainRuleViolation, /CONTACT_POINT_NOT_FOUND/);
    });
  });

  describe('RequestErasure (LGPD art. 18)', () => {
    it('records the erasure request', () => {
      spec.given([registered]).when(requestErasure).then([erasureRequested]);
    });

    it('keeps no personal data in the state of an erased debtor', () => {
      expect(fold(debtorDecider, [registered, phoneOptedOut, erasureRequested])).toEqual({
        status: 'erased',
        debtorId: DEBTOR_ID,
        tenantId: TENANT,
      });
    });

    it.each<[string, DebtorCommand]>([
      ['RegisterDebtor', registerDebtor()],
      ['UpdateContactPoints', updateContactPoints([phone])],
      ['RecordContactConsent', recordConsent('cp-phone', 'not_granted')],
      ['RecordOptOut', optOut('cp-phone', 'STOP')],
    ])('refuses %s once the debtor is erased', (_name, command) => {
      spec.given([registered, erasureRequested]).when(command).thenThrows(DomainRuleViolation, /DEBTOR_ERASED/);
    });

    it('changes nothing when erasure is requested again', () => {
      spec.given([registered, erasureRequested]).when(requestErasure).thenNothingHappens();
    });

    it('refuses erasure of a debtor never registered', () => {
      spec.given([]).when(requestErasure).thenThrows(DomainRuleViolation, /DEBTOR_NOT_REGISTERED/);
    });
  });

  describe('personal data fields', () => {
    // One sample of every event type, personal fields filled in.
    const samples: Record<DebtorEvent['type'], DebtorEvent> = {
      DebtorRegistered: {
        ...registered,
        data: { ...registered.data, contactPoints: [{ ...phone, optedOut: true, optedOutAt: NOW, optOutReason: 'SAIR' }, home] },
      },
      DebtorContactPointsUpdated: {
        type: 'DebtorContactPointsUpdated',
        data: { debtorId: DEBTOR_ID, contactPoints: [{ ...email, optedOut: true, optedOutAt: NOW, optOutReason: 'no more e-mails' }], updatedAt: LATER },
      },
      ContactConsentRecorded: { type: 'ContactConsentRecorded', data: { debtorId: DEBTOR_ID, contactPointId: 'cp-phone', consent: 'granted', recordedAt: LATER } },
      ContactOptedOut: phoneOptedOut,
      DebtorErasureRequested: erasureRequested,
    };

    /** Resolves `a.b` and `list[*].field` paths against an event's data. */
    const valuesAt = (data: unknown, path: string): unknown[] =>
      path.split('.').reduce<unknown[]>(
        (values, segment) =>
          values.flatMap((value) => {
            const many = segment.endsWith('[*]');
            const child = (value as Record<string, unknown> | null)?.[many ? segment.slice(0, -3) : segment];
            return many ? (Array.isArray(child) ? child : []) : [child];
          }),
        [data],
      );

    it.each(Object.entries(DEBTOR_PERSONAL_DATA_FIELDS))('points %s at data that exists in the event', (type, paths) => {
      const sample = samples[type as DebtorEvent['type']];
      for (const path of paths) {
        const values = valuesAt(sample.data, path);
        expect({ path, found: values.some((v) => v !== undefined && v !== null) }).toEqual({ path, found: true });
      }
    });

    it('marks the tax id, name, contact values, opt-out words and income as personal data', () => {
      expect(DEBTOR_PERSONAL_DATA_FIELDS.DebtorRegistered).toEqual(
        expect.arrayContaining(['taxId.value', 'name', 'contactPoints[*].value', 'contactPoints[*].optOutReason', 'declaredMonthlyIncome']),
      );
    });

    it('emits events that survive a JSON round trip unchanged', () => {
      for (const sample of Object.values(samples)) expect(JSON.parse(JSON.stringify(sample))).toEqual(sample);
    });
  });
});
