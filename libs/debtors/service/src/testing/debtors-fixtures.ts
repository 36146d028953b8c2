import { generateCpf } from '@brazilian-utils/brazilian-utils';

/** Request bodies for the debtors e2e tests. */
export const CPF = '529.982.247-25';

/** A debtor with a new valid CPF each time (one CPF is one debtor of a tenant), unless `taxId` is given. */
export const debtorBody = (overrides: Record<string, unknown> = {}) => ({
  taxId: generateCpf(),
  name: 'Maria da Silva',
  state: 'SP',
  timeZone: 'America/Sao_Paulo',
  contactPoints: [
    { kind: 'phone', value: '+5511987654321', consent: 'granted' },
    { kind: 'email', value: 'maria@example.com', consent: 'granted' },
  ],
  ...overrides,
});

export const debtBody = (debtorId: string, overrides: Record<string, unknown> = {}) => ({
  debtorId,
  contractReference: 'CTR-2026-0001',
  originalAmount: { amount: 150_000, currency: 'BRL' },
  dueDate: '2026-01-10',
  lateFeeRate: '0.02',
  ...overrides,
});

