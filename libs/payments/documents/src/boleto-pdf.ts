import { barcodeFromLinha, dueDateFactor, formatLinhaDigitavel } from '@collections/payments-domain';
import { Money, ValidationError, parseIsoDate, type IsoDate } from '@collections/shared-kernel';
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';

export interface BoletoParty {
  readonly name: string;
  /** CPF or CNPJ as it should be printed (the creditor's is mandatory: CDC art. 42-A). */
  readonly taxId: string;
  readonly address?: string;
}

export interface BoletoPdfInput {
  readonly beneficiary: BoletoParty;
  readonly payer: BoletoParty;
  readonly bankCode: string;
  readonly linha: string;
  readonly barcode: string;
  readonly dueDate: IsoDate;
  readonly amount: Money;
  readonly nossoNumero: string;
  readonly instructions: readonly string[];
}

export interface BoletoPdfOptions {
  /** Compress the content streams (default true); false keeps the text readable in tests. */
  readonly compress?: boolean;
}

const MM = 72 / 25.4;
// FEBRABAN's barcode: Interleaved 2 of 5, about 103 mm long and 13 mm high, placed with
// a quiet zone of at least 5 mm on each side.
const BARCODE_WIDTH = 103 * MM;
const BARCODE_HEIGHT = 13 * MM;

/**
 * A one-page boleto (A4): the payer's receipt and the compensation slip with the linha
 * digitável and the Interleaved 2 of 5 barcode. The barcode and the line must be of the
 * same boleto, and the line's bank, due date and amount must match what is printed beside
 * them: a slip whose bars and text disagree is refused rather than printed.
 */
export async function renderBoletoPdf(input: BoletoPdfInput, options: BoletoPdfOptions = {}): Promise<Buffer> {
  const barcode = barcodeFromLinha(input.linha);
  if (barcode !== input.barcode) throw ValidationError.of('barcode', 'is not the barcode of the linha digitável');
  if (barcode.slice(0, 3) !== input.bankCode) throw ValidationError.of('bankCode', 'is not the bank of the linha digitável');
  if (Number(barcode.slice(9, 19)) !== input.amount.amount || input.amount.currency !== 'BRL') {
    throw ValidationError.of('amount', 'is not the amount of the linha digitável');
  }
  const dueDate = parseIsoDate(input.dueDate, 'dueDate');
  if (dueDateFactor(dueDate) !== barcode.slice(5, 9)) throw ValidationError.of('dueDate', 'is not the due date of the linha digitável');
  const bars = await bwipjs.toBuffer({ bcid: 'interleaved2of5', text: barcode, scale: 3, height: 13, includetext: false });

  const doc = new PDFDocument({ size: 'A4', margin: 36, compress: options.compress ?? true, info: { Title: `Boleto ${input.nossoNumero}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const line = formatLinhaDigitavel(input.linha);
  const bank = printedBankCode(input.bankCode);
  const left = 36;
  const width = doc.page.width - 72;

  const header = (y: number, title: string): number => {
    doc.font('Helvetica-Bold').fontSize(14).text(bank, left, y, { lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(11).text(title === 'line' ? line : title, left + 80, y + 2, { width: width - 80, align: 'right', lineBreak: false });
    doc.moveTo(left, y + 20).lineTo(left + width, y + 20).stroke();
    return y + 26;
  };
  const field = (label: string, value: string, x: number, y: number, w: number): void => {
    doc.font('Helvetica').fontSize(7).text(label, x, y, { width: w, lineBreak: false });
    doc.font('Helvetica').fontSize(10).text(value, x, y + 9, { width: w, lineBreak: false, ellipsis: true });
  };
  const party = (p: BoletoParty): string => `${p.name} - ${p.taxId}${p.address ? ` - ${p.address}` : ''}`;

  // Payer's receipt (recibo do pagador)
  let y = header(36, 'Recibo do Pagador');
  field('Beneficiário', party(input.beneficiary), left, y, width * 0.7);
  field('Vencimento', formatDate(dueDate), left + width * 0.72, y, width * 0.28);
  y += 26;
  field('Pagador', party(input.payer), left, y, width * 0.7);
  field('Valor do documento', formatBrl(input.amount), left + width * 0.72, y, width * 0.28);
  y += 26;
  field('Nosso número', input.nossoNumero, left, y, width * 0.4);
  field('Linha digitável', line, left + width * 0.42, y, width * 0.58);
  y += 40;
  doc.dash(3, { space: 3 }).moveTo(left, y).lineTo(left + width, y).stroke().undash();

  // Compensation slip (ficha de compensação)
  y = header(y + 16, 'line');
  field('Local de pagamento', 'Pagável em qualquer banco, PIX ou internet banking até o vencimento', left, y, width * 0.7);
  field('Vencimento', formatDate(dueDate), left + width * 0.72, y, width * 0.28);
  y += 26;
  field('Beneficiário', party(input.beneficiary), left, y, width * 0.7);
  field('Nosso número', input.nossoNumero, left + width * 0.72, y, width * 0.28);
  y += 26;
  field('Valor do documento', formatBrl(input.amount), left + width * 0.72, y, width * 0.28);
  doc.font('Helvetica').fontSize(7).text('Instruções (texto de responsabilidade do beneficiário)', left, y, { width: width * 0.7 });
  doc.font('Helvetica').fontSize(9).text(input.instructions.join('\n'), left, y + 10, { width: width * 0.7 });
  y = Math.max(doc.y, y + 26) + 12;
  field('Pagador', party(input.payer), left, y, width);
  y += 32;
  doc.image(bars, left + 5 * MM, y, { width: BARCODE_WIDTH, height: BARCODE_HEIGHT });
  doc.font('Helvetica').fontSize(7).text('Autenticação mecânica - Ficha de Compensação', left + width * 0.6, y + BARCODE_HEIGHT + 4, { width: width * 0.4, align: 'right' });

  doc.end();
  return done;
}

/**
 * The digit printed after the bank code (001-9). It looks like a mod 11 but is assigned
 * per bank (Caixa 104-0 and Sicredi 748-X have the same remainder), so it is looked up;
 * an unknown bank is printed without it.
 */
const BANK_CODE_DIGITS: Readonly<Record<string, string>> = {
  '001': '9', // Banco do Brasil
  '033': '7', // Santander
  '041': '8', // Banrisul
  '104': '0', // Caixa
  '237': '2', // Bradesco
  '341': '7', // Itaú
  '748': 'X', // Sicredi
  '756': '0', // Sicoob
};

function printedBankCode(bankCode: string): string {
  const digit = BANK_CODE_DIGITS[bankCode];
  return digit === undefined ? bankCode : `${bankCode}-${digit}`;
}

function formatDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

function formatBrl(money: Money): string {
  const [units = '0', cents = '00'] = Money.toDecimal(money).split('.');
  return `R$ ${units.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents.padEnd(2, '0')}`;
}
