import PDFDocument from 'pdfkit';
import type { Dossier } from './get-dossier/get-dossier.handler';

// The built-in PDF fonts are WinAnsi: anything outside it (from the debtors API's history)
// is printed as '?', never as garbage bytes.
const printable = (value: string): string => value.replace(/[^\n\t\x20-\x7e\xa0-\xff]/gu, '?');

/** The lawsuit dossier as a PDF: the escalation's steps with the state after each, the notice proof, the debt's history and its chain verification. */
export function renderDossierPdf(dossier: Dossier): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Dossiê ${dossier.debtId}`, Subject: 'Lawsuit hand-off dossier' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(16).text('Dossiê para ação judicial / Lawsuit dossier');
    doc.font('Helvetica').fontSize(10).text(`Dívida (debt): ${dossier.debtId}`).text(`Gerado em (generated at): ${dossier.generatedAt}`).moveDown();
    doc.font('Helvetica-Bold').fontSize(12).text('Notificação prévia (CDC art. 43 §2)');
    doc.font('Helvetica').fontSize(9);
    if (dossier.noticeProof) {
      doc.text(`Notice ${dossier.noticeProof.noticeId} sent at ${dossier.noticeProof.sentAt}; listing not before ${dossier.noticeProof.listingNotBefore}`);
      for (const d of dossier.noticeProof.deliveries) doc.text(`  - ${d.channel}: message ${printable(d.messageId)} to contact point ${printable(d.contactPointId)}`);
    } else {
      doc.text('No proof of a sent notice.');
    }
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Escalation steps and the state after each');
    doc.font('Helvetica').fontSize(8);
    for (const step of dossier.steps) {
      doc.font('Helvetica-Bold').text(`#${step.version} ${step.type} at ${step.recordedAt}${step.actor ? ` by ${printable(step.actor)}` : ''}`);
      doc.font('Helvetica').text(printable(JSON.stringify(step.data)));
      doc.fillColor('#555555').text(`state: ${printable(JSON.stringify(step.stateAfter))}`).fillColor('black');
    }
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text("The debt's history (debtors context, event log)");
    doc.font('Helvetica').fontSize(8).text(printable(JSON.stringify(dossier.debtHistory ?? 'not available', null, 1)).slice(0, 20_000));
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Hash-chain verification');
    doc.font('Helvetica').fontSize(8).text(printable(JSON.stringify(dossier.verification ?? 'not available', null, 1)));
    doc.end();
  });
}
