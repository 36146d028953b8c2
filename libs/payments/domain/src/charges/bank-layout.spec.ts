import { getBoletoInfo, isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { Money, ValidationError } from '@collections/shared-kernel';
import fc from 'fast-check';
import { bancoDoBrasilConvenio7, issueBoleto } from './bank-layout';
import { parseBoletoLine } from './boleto';

const wallet = { convenio: '1234567', carteira: '17' };

describe('Banco do Brasil, convênio de 7 posições', () => {
  it('numbers a boleto as convênio + 10-digit complement (nosso número, 17 digits)', () => {
    expect(bancoDoBrasilConvenio7.nossoNumero(wallet, 42)).toBe('12345670000000042');
  });

  it('fills the free field with 000000 + convênio + complement + carteira', () => {
    expect(bancoDoBrasilConvenio7.freeField(wallet, 42)).toBe('0000001234567000000004217');
  });

  it('reads the free field back into the wallet and the nosso número', () => {
    expect(bancoDoBrasilConvenio7.readFreeField('0000001234567000000004217')).toEqual({ wallet, nossoNumero: '12345670000000042' });
    expect(bancoDoBrasilConvenio7.readFreeField('1234567890123456789012345')).toBeNull();
  });

  it('issues a boleto whose line decodes to bank 001, the due date and the amount', () => {
    const issued = issueBoleto(bancoDoBrasilConvenio7, wallet, { sequence: 42, dueDate: '2026-12-15', amount: Money.of(25990) });
    expect(issued.nossoNumero).toBe('12345670000000042');
    expect(issued.barcode.slice(19)).toBe('0000001234567000000004217');
    expect(parseBoletoLine(issued.linha, { referenceDate: '2026-11-28' })).toMatchObject({
      bankCode: '001',
      dueDate: '2026-12-15',
      amount: Money.of(25990),
      barcode: issued.barcode,
    });
    expect(isValidBoleto(issued.linha)).toBe(true);
  });

  it.each([
    [{ convenio: '123456', carteira: '17' }, 'wallet.convenio'],
    [{ convenio: '0123456', carteira: '17' }, 'wallet.convenio'],
    [{ convenio: '1234567', carteira: '7' }, 'wallet.carteira'],
  ])('refuses the wallet %j, naming %s', (bad, field) => {
    expect(() => issueBoleto(bancoDoBrasilConvenio7, bad, { sequence: 1, dueDate: '2026-12-15', amount: Money.of(100) })).toThrow(`${field}: must be`);
  });

  it.each([0, -1, 1.5, 10_000_000_000])('refuses sequence %p (the complement has 10 digits)', (sequence) => {
    expect(() => bancoDoBrasilConvenio7.nossoNumero(wallet, sequence)).toThrow(ValidationError);
  });

  it('issues boletos that brazilian-utils reads, over random wallets, sequences, dates and amounts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000, max: 9_999_999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 9_999_999_999 }),
        fc.constantFrom('2025-02-22', '2026-01-31', '2026-12-15', '2027-06-30'),
        fc.integer({ min: 1, max: 9_999_999_999 }),
        (convenio, carteira, sequence, dueDate, amount) => {
          const w = { convenio: String(convenio), carteira: String(carteira).padStart(2, '0') };
          const issued = issueBoleto(bancoDoBrasilConvenio7, w, { sequence, dueDate, amount: Money.of(amount) });
          const parsed = parseBoletoLine(issued.linha, { referenceDate: '2026-11-28' });
          expect(bancoDoBrasilConvenio7.readFreeField(parsed.freeField)).toEqual({ wallet: w, nossoNumero: issued.nossoNumero });
          expect(getBoletoInfo(issued.linha, { referenceDate: new Date(2026, 10, 28) })).toMatchObject({ bankCode: '001', amount });
        },
      ),
      { numRuns: 300 },
    );
  });
});
