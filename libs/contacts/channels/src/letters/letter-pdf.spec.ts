import { ValidationError } from '@collections/shared-kernel';
import { renderLetterPdf, type LetterInput } from './letter-pdf';

const letter: LetterInput = {
  creditor: { name: 'Lojas Ação S.A.', address: 'Av. Paulista, 1000, São Paulo - SP, 01310-100', taxId: '11222333000181' },
  recipient: { name: 'João da Silva', addressLines: ['Rua das Flores, 12, ap. 3', '01310-100 São Paulo - SP'] },
  subject: 'Notificação prévia de inclusão em cadastro de inadimplentes',
  text: 'Prezado João,\n\nO contrato CT-2026-0042 está em aberto desde 01/03/2026, com saldo de R$ 1.234,56.\n\nAtenciosamente,\nLojas Ação S.A.',
  reference: 'CT-2026-0042/NP-1',
  issuedOn: '2026-11-28',
};

/**
 * The text pdfkit drew: each TJ operator's hex strings decoded (the built-in fonts use
 * WinAnsi, i.e. windows-1252). Needs an uncompressed PDF.
 */
// Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x97 stays U+0097), so
// the 0x80-0x9F block of windows-1252 is mapped here.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = { decode: (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80]! : String.fromCharCode(b))).join('') };
function drawnText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\[([^\]]*)\]\s*TJ/g)].map(([, operands]) =>
    [...operands!.matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => winAnsi.decode(Buffer.from(hex!, 'hex'))).join(''),
  );
}

describe('renderLetterPdf', () => {
  it('renders a PDF', async () => {
    const pdf = await renderLetterPdf(letter);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('given an uncompressed rendering, then the creditor identification heads the page and the accents are kept', async () => {
    const lines = drawnText(await renderLetterPdf(letter, { compress: false }));

    expect(lines).toEqual(expect.arrayContaining(['Lojas Ação S.A.', 'Av. Paulista, 1000, São Paulo - SP, 01310-100', 'CNPJ 11.222.333/0001-81']));
    expect(lines).toContain('Notificação prévia de inclusão em cadastro de inadimplentes');
    expect(lines).toContain('Emitida em 28 de novembro de 2026');
    expect(lines.join(' ')).toContain('saldo de R$ 1.234,56');
  });

  it('repeats the creditor identification and numbers every page of a long letter', async () => {
    const pdf = await renderLetterPdf({ ...letter, text: Array.from({ length: 40 }, (_, i) => `Parágrafo ${i + 1}: cláusula de cobrança.`).join('\n\n') }, { compress: false });
    const lines = drawnText(pdf);

    const pages = lines.filter((line) => line.startsWith('Página '));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toBe(`Página 1 de ${pages.length} — CT-2026-0042/NP-1`);
    expect(lines.filter((line) => line === 'CNPJ 11.222.333/0001-81')).toHaveLength(pages.length);
    // no blank page opened by the footer, which sits below the bottom margin
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(pages.length);
  });

  it('renders the same letter to the same bytes (its hash can be kept as evidence)', async () => {
    expect((await renderLetterPdf(letter)).equals(await renderLetterPdf(letter))).toBe(true);
  });

  it('refuses a letter without the creditor CNPJ or with a character the fonts cannot print, naming the fields', async () => {
    const attempt = renderLetterPdf({ ...letter, creditor: { ...letter.creditor, taxId: '' }, text: 'Pague já 👉 hoje' });

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      violations: [
        { field: 'creditor.taxId', message: expect.any(String) },
        { field: 'text', message: 'has a character the letter fonts cannot print: U+1F449' },
      ],
    });
  });
});
