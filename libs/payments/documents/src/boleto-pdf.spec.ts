import { bancoDoBrasilConvenio7, formatLinhaDigitavel, issueBoleto } from '@collections/payments-domain';
import { Money } from '@collections/shared-kernel';
import { renderBoletoPdf, type BoletoPdfInput } from './boleto-pdf';

const issued = issueBoleto(bancoDoBrasilConvenio7, { convenio: '1234567', carteira: '17' }, { sequence: 42, dueDate: '2026-12-15', amount: Money.of(125990) });
const input: BoletoPdfInput = {
  beneficiary: { name: 'Credora Cobranças S.A.', taxId: '11.222.333/0001-81', address: 'Av. Paulista, 1000 - São Paulo/SP' },
  payer: { name: 'João da Silva', taxId: '529.982.247-25' },
  bankCode: '001',
  linha: issued.linha,
  barcode: issued.barcode,
  dueDate: '2026-12-15',
  amount: Money.of(125990),
  nossoNumero: issued.nossoNumero,
  instructions: ['Acordo 42, parcela 1 de 6.', 'Não receber após 30 dias do vencimento.'],
};

/**
 * The text a PDF shows, read from its uncompressed content streams: pdfkit writes each run
 * as hex strings of WinAnsi codes inside TJ arrays, split where it kerns.
 */
function shownText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  return [...source.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\] TJ/g)].map(([, runs]) =>
    [...runs!.matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => Buffer.from(hex!, 'hex').toString('latin1')).join(''),
  );
}

describe('renderBoletoPdf', () => {
  it('makes a one-page PDF', async () => {
    const pdf = await renderBoletoPdf(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('prints the linha digitável, due date, amount and nosso número, with accents', async () => {
    const text = shownText(await renderBoletoPdf(input, { compress: false }));
    expect(text).toContain(formatLinhaDigitavel(issued.linha));
    expect(text).toEqual(expect.arrayContaining(['001-9', '15/12/2026', 'R$ 1.259,90', '12345670000000042']));
    expect(text.join('\n')).toContain('Credora Cobranças S.A.');
  });

  it('places the barcode as an image', async () => {
    const pdf = (await renderBoletoPdf(input, { compress: false })).toString('latin1');
    expect(pdf).toMatch(/\/Subtype \/Image/);
  });

  it.each([
    ['barcode', { barcode: `${issued.barcode.slice(0, 43)}${(Number(issued.barcode[43]) + 1) % 10}` }],
    ['amount', { amount: Money.of(125991) }],
    ['dueDate', { dueDate: '2026-12-16' }],
    ['bankCode', { bankCode: '237' }],
  ])('refuses a %s that disagrees with the linha digitável', async (field, change) => {
    await expect(renderBoletoPdf({ ...input, ...change })).rejects.toThrow(`${field}: is not the`);
  });
});
