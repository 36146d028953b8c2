import PDFDocument from 'pdfkit';
import { formatTaxIdPtBr } from '@collections/contacts-domain';
import { parseIsoDate, parseText, validateAll, ValidationError, type IsoDate } from '@collections/shared-kernel';

export interface LetterInput {
  /** CDC art. 42-A: the creditor's name, address and CPF/CNPJ head every page. */
  readonly creditor: { readonly name: string; readonly address: string; readonly taxId: string };
  readonly recipient: { readonly name: string; readonly addressLines: readonly string[] };
  readonly subject: string;
  /** The rendered message; blank lines separate paragraphs. */
  readonly text: string;
  /** Our reference of the letter (contract, notice number), printed and kept in the PDF's metadata. */
  readonly reference: string;
  readonly issuedOn: IsoDate;
}

export interface LetterPdfOptions {
  /** Deflate the page streams (default true); false keeps the text searchable in the raw bytes, for tests. */
  readonly compress?: boolean;
}

const MONTHS = ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];
const longDate = (date: IsoDate): string => `${Number(date.slice(8, 10))} de ${MONTHS[Number(date.slice(5, 7)) - 1]} de ${date.slice(0, 4)}`;

// The standard PDF fonts are encoded in WinAnsi: Portuguese letters are all there, but
// a character outside it (an emoji, an arrow) would print as garbage, so it is refused.
const WIN_ANSI_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
function printable(value: string, field: string): string {
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || char === '\r' || char === '\t') continue;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.includes(char)) continue;
    throw ValidationError.of(field, `has a character the letter fonts cannot print: U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return value;
}

const MM = 72 / 25.4;

/**
 * A collection letter as an A4 PDF (pdfkit, built-in Helvetica). Deterministic: the
 * creation date is the issue date, so the same letter renders to the same bytes and its
 * hash can stand as evidence of what was sent.
 */
export async function renderLetterPdf(input: LetterInput, options: LetterPdfOptions = {}): Promise<Buffer> {
  const letter = validateAll({
    creditorName: () => printable(parseText(input.creditor?.name, 'creditor.name', { max: 200 }), 'creditor.name'),
    creditorAddress: () => printable(parseText(input.creditor?.address, 'creditor.address', { max: 500 }), 'creditor.address'),
    creditorTaxId: () => formatTaxIdPtBr(input.creditor?.taxId, 'creditor.taxId'),
    recipientName: () => printable(parseText(input.recipient?.name, 'recipient.name', { max: 200 }), 'recipient.name'),
    addressLines: () => {
      const lines = input.recipient?.addressLines;
      if (!Array.isArray(lines) || lines.length === 0 || lines.length > 6) throw ValidationError.of('recipient.addressLines', 'must have 1-6 lines');
      return lines.map((line, i) => printable(parseText(line, `recipient.addressLines[${i}]`, { max: 200 }), `recipient.addressLines[${i}]`));
    },
    subject: () => printable(parseText(input.subject, 'subject', { max: 300 }), 'subject'),
    text: () => printable(parseText(input.text, 'text', { max: 20_000 }), 'text'),
    reference: () => printable(parseText(input.reference, 'reference', { max: 100 }), 'reference'),
    issuedOn: () => parseIsoDate(input.issuedOn, 'issuedOn'),
  });

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 45 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM },
    compress: options.compress ?? true,
    bufferPages: true,
    lang: 'pt-BR',
    info: {
      Title: letter.subject,
      Author: letter.creditorName,
      Subject: letter.reference,
      CreationDate: new Date(`${letter.issuedOn}T12:00:00.000Z`),
      ModDate: new Date(`${letter.issuedOn}T12:00:00.000Z`),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('Helvetica').fontSize(9).text(`Emitida em ${longDate(letter.issuedOn)}`, { align: 'right' });
  doc.moveDown(1.5);
  doc.font('Helvetica').fontSize(11).text(letter.recipientName);
  for (const line of letter.addressLines) doc.text(line);
  doc.moveDown(1.5);
  doc.fontSize(10).text(`Referência: ${letter.reference}`);
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(12).text(letter.subject);
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(11);
  for (const paragraph of letter.text.split(/\r?\n\s*\r?\n/)) {
    if (paragraph.trim() === '') continue;
    doc.text(paragraph.trim(), { align: 'justify', width });
    doc.moveDown(0.8);
  }

  // Header and page numbers on every page, once the text has flowed.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const top = 15 * MM;
    doc.font('Helvetica-Bold').fontSize(13).text(letter.creditorName, left, top, { width, lineBreak: false });
    doc.font('Helvetica').fontSize(9).text(letter.creditorAddress, left, top + 18, { width, lineBreak: false });
    doc.text(`${letter.creditorTaxId.length === 18 ? 'CNPJ' : 'CPF'} ${letter.creditorTaxId}`, left, top + 30, { width, lineBreak: false });
    doc.moveTo(left, top + 44).lineTo(left + width, top + 44).lineWidth(0.5).stroke();
    const bottom = doc.page.height - 15 * MM;
    // text below the bottom margin would make pdfkit open a new page: lift the margin for the footer
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).text(`Página ${i - range.start + 1} de ${range.count} — ${letter.reference}`, left, bottom, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
