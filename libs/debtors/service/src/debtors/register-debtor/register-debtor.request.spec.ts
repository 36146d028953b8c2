import { NotFoundProblem } from '@collections/shared-nest';
import { fieldsOf, violationsOf } from '../../testing/violations';
import { parseRegisterDebtorRequest } from './register-debtor.request';

// The edge of a debtor's registration: shape (zod), then every field's format and
// normalisation, all reported at once. The debtor's invariants are in debtor.decider.spec.ts.

const phone = { id: 'cp-phone', kind: 'phone', value: '+55 (11) 98765-4321', consent: 'granted' };
const email = { id: 'cp-email', kind: 'email', value: ' Maria.Silva@Example.COM ', consent: 'not_granted' };
const home = {
  id: 'cp-home',
  kind: 'postal_address',
  value: { street: 'Avenida Paulista', number: '1578', district: 'Bela Vista', city: 'São Paulo', state: 'sp', postalCode: '01310-200' },
  consent: 'granted',
};
const body = (overrides: Record<string, unknown> = {}) => ({
  taxId: '529.982.247-25',
  name: '  Maria da Silva ',
  contactPoints: [phone, email, home],
  state: 'SP',
  timeZone: 'America/Sao_Paulo',
  declaredMonthlyIncome: { amount: 450_000, currency: 'BRL' },
  ...overrides,
});
const parse = (overrides: Record<string, unknown> = {}) => () => parseRegisterDebtorRequest(body(overrides));
const messages = (overrides: Record<string, unknown>) => violationsOf(parse(overrides)).map((v) => `${v.field}: ${v.message}`);
const notOptedOut = { optedOut: false, optedOutAt: null, optOutReason: null };

describe('the request to register a debtor', () => {
  it('gives a typed debtor: the name trimmed, the contact points normalised', () => {
    expect(parseRegisterDebtorRequest(body())).toEqual({
      debtorId: undefined,
      taxId: { kind: 'cpf', value: '52998224725' },
      name: 'Maria da Silva',
      contactPoints: [
        { id: 'cp-phone', kind: 'phone', value: '+5511987654321', consent: 'granted', ...notOptedOut },
        { id: 'cp-email', kind: 'email', value: 'Maria.Silva@example.com', consent: 'not_granted', ...notOptedOut },
        {
          id: 'cp-home',
          kind: 'postal_address',
          value: { street: 'Avenida Paulista', number: '1578', complement: null, district: 'Bela Vista', city: 'São Paulo', state: 'SP', postalCode: '01310200' },
          consent: 'granted',
          ...notOptedOut,
        },
      ],
      state: 'SP',
      timeZone: 'America/Sao_Paulo',
      declaredMonthlyIncome: { amount: 450_000, currency: 'BRL' },
    });
  });

  it('takes a company by its CNPJ, and no income or contact points', () => {
    const { declaredMonthlyIncome: _none, ...withoutIncome } = body({ taxId: '11.222.333/0001-81', contactPoints: [] });
    expect(parseRegisterDebtorRequest(withoutIncome)).toMatchObject({ taxId: { kind: 'cnpj', value: '11222333000181' }, contactPoints: [], declaredMonthlyIncome: undefined });
  });

  it('leaves the id of a contact point sent without one to be minted', () => {
    expect(parseRegisterDebtorRequest(body({ contactPoints: [{ kind: 'phone', value: '+5511987654321' }] })).contactPoints).toEqual([
      { id: undefined, kind: 'phone', value: '+5511987654321', consent: 'not_granted', ...notOptedOut },
    ]);
  });

  it('answers a debtor id that is not a UUID as an unknown resource (404)', () => {
    expect(parse({ debtorId: 'd-1' })).toThrow(NotFoundProblem);
  });

  it('rejects a CPF whose check digits do not match', () => {
    expect(messages({ taxId: '529.982.247-26' })).toEqual(['taxId: is not a valid CPF (check digits do not match)']);
  });

  it.each(['', '   ', 'x'.repeat(201)])('rejects the name %j (1-200 characters after trimming)', (name) => {
    expect(messages({ name })).toEqual(['name: must have 1-200 characters']);
  });

  it.each(['XX', 'São Paulo', ''])('rejects %j as a state: it must be one of the 27 UFs', (state) => {
    expect(fieldsOf(parse({ state }))).toEqual(['state']);
  });

  it.each(['Mars/Olympus_Mons', '-03:00', 'GMT-3', ''])('rejects %j as a time zone: it must be an IANA name', (timeZone) => {
    expect(messages({ timeZone })).toEqual(['timeZone: must be an IANA time zone name, e.g. America/Sao_Paulo']);
  });

  it('accepts an IANA zone in any letter case and keeps its canonical name', () => {
    expect(parseRegisterDebtorRequest(body({ timeZone: 'america/fortaleza' })).timeZone).toBe('America/Fortaleza');
  });

  it('rejects a negative declared monthly income', () => {
    expect(messages({ declaredMonthlyIncome: { amount: -1, currency: 'BRL' } })).toEqual(['declaredMonthlyIncome.amount: must not be negative']);
  });

  it('reports every invalid field at once', () => {
    expect(fieldsOf(parse({ taxId: '123', name: ' ', state: 'ZZ', timeZone: 'Nowhere/Land' }))).toEqual(['taxId', 'name', 'state', 'timeZone']);
  });

  describe('contact points', () => {
    const points = (contactPoints: unknown[]) => ({ contactPoints });

    it.each(['11987654321', '+1 212 555 0100', '+55 11 8765-432', '+55 (11) 98765-43210'])('rejects the phone number %j: Brazilian E.164 is +55 and 10-11 digits', (value) => {
      expect(messages(points([{ ...phone, value }]))).toEqual(['contactPoints[0].value: must be a Brazilian number in E.164 form: +55, area code and 8 or 9 digits']);
    });

    it('accepts a landline and a WhatsApp number', () => {
      const parsed = parseRegisterDebtorRequest(
        body(
          points([
            { id: 'cp-land', kind: 'phone', value: '+55 11 3456-7890', consent: 'granted' },
            { id: 'cp-wa', kind: 'whatsapp', value: '+5585999998888', consent: 'granted' },
          ]),
        ),
      );
      expect(parsed.contactPoints).toMatchObject([{ kind: 'phone', value: '+551134567890' }, { kind: 'whatsapp', value: '+5585999998888' }]);
    });

    it.each(['maria', 'maria@', 'maria@example', 'ma ria@example.com'])('rejects the e-mail address %j', (value) => {
      expect(messages(points([{ ...email, value }]))).toEqual(['contactPoints[0].value: must be an e-mail address such as name@example.com']);
    });

    it('rejects a postal address field by field', () => {
      const value = { street: '', number: '1578', district: 'Bela Vista', city: 'São Paulo', state: 'XX', postalCode: '0131-200' };
      expect(fieldsOf(parse(points([{ ...home, value }])))).toEqual(['contactPoints[0].value.street', 'contactPoints[0].value.state', 'contactPoints[0].value.postalCode']);
    });

    it('rejects two contact points with the same id (trimmed), each bad item and the duplicate in order', () => {
      const fields = fieldsOf(parse(points([phone, { ...email, id: ' cp-phone ' }, { ...phone, id: 'cp-x', value: '123' }, { ...phone, id: 'x'.repeat(101) }])));
      expect(fields).toEqual(['contactPoints[1].id', 'contactPoints[2].value', 'contactPoints[3].id']);
    });

    it('refuses an unknown kind and a consent that is not granted or not_granted (the schema)', () => {
      expect(fieldsOf(parse(points([{ ...phone, kind: 'fax' }, { ...phone, consent: 'yes' }])))).toEqual(['contactPoints.0.kind', 'contactPoints.1.consent']);
    });

    it('refuses a contact point sent as opted out: its instant cannot be given here (opt-outs are recorded on their own)', () => {
      expect(messages(points([{ ...phone, optedOut: true, optOutReason: 'SAIR' }]))).toEqual([
        'contactPoints[0].optedOutAt: must be an ISO 8601 instant with a time zone, e.g. 2026-11-24T12:00:00Z',
      ]);
    });
  });
});
