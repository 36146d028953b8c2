import { TenantId } from '@collections/shared-kernel';
import { parseListDebtsQuery, parseRegisterDebtRequest, parseRegisterDebtorRequest, type DebtorsUseCases, type Outcome } from '@collections/debtors-service';

/**
 * A few debtors and debts so a newcomer has something to look at. Loaded once (idempotency keys).
 * Each debtor's first debt fell due 110 days before `today`, the second 54 days before: past
 * the legal escalation's 60 days and not, whatever year the demo is first run in (fixed dates
 * would age past the 5-year bureau limit one day).
 */
export async function loadDemoPortfolio(useCases: DebtorsUseCases, tenantId: string, today: string): Promise<string | undefined> {
  const principal = { subject: 'system:demo-loader', tenantId: TenantId.parse(tenantId), roles: ['integrator' as const] };
  const existing = await useCases.listDebts.execute({ principal }, parseListDebtsQuery({ pageSize: 1 }));
  if (existing.items.length > 0) return undefined;
  const people = [
    { taxId: '529.982.247-25', name: 'Maria da Silva', state: 'SP', phone: '+5511987654321', email: 'maria.silva@example.com' },
    { taxId: '111.444.777-35', name: 'João Pereira', state: 'CE', phone: '+5585991234567', email: 'joao.pereira@example.com' },
    { taxId: '11.222.333/0001-81', name: 'Padaria Pão Quente Ltda', state: 'RJ', phone: '+5521998765432', email: 'financeiro@paoquente.example' },
  ];
  let debts = 0;
  for (const [i, person] of people.entries()) {
    const debtor = done(
      await useCases.registerDebtor.execute(
        { principal, idempotencyKey: `demo-debtor-${i}` },
        parseRegisterDebtorRequest({
          taxId: person.taxId,
          name: person.name,
          state: person.state,
          timeZone: person.state === 'CE' ? 'America/Fortaleza' : 'America/Sao_Paulo',
          contactPoints: [
            { kind: 'phone', value: person.phone, consent: 'granted' },
            { kind: 'email', value: person.email, consent: 'granted' },
          ],
        }),
      ),
    );
    for (const [j, amount] of [89_990, 249_900].entries()) {
      done(
        await useCases.registerDebt.execute(
          { principal, idempotencyKey: `demo-debt-${i}-${j}` },
          parseRegisterDebtRequest({
            debtorId: debtor.debtorId,
            contractReference: `DEMO-${i + 1}-${j + 1}`,
            originalAmount: { amount, currency: 'BRL' },
            dueDate: daysBefore(today, j === 0 ? 110 : 54),
            lateFeeRate: '0.02',
          }),
        ),
      );
      debts += 1;
    }
  }
  return `${people.length} debtors, ${debts} debts`;
}

/** The calendar date `days` before an ISO date. */
function daysBefore(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** The demo data is ours: a refusal is a bug in it, reported as such. */
function done<T>(outcome: Outcome<T>): T {
  if (outcome.kind === 'done') return outcome.value;
  throw new Error(`demo portfolio refused: ${outcome.detail}`);
}
