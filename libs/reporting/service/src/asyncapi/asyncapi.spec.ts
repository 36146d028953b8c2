import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { REPORTED_CONTRACTS } from '../consumers/reported-contexts';
import { asyncApiDocument, asyncApiJson } from './asyncapi';

const COMMITTED = path.resolve(__dirname, '../../../../../docs/asyncapi.json');

describe('the AsyncAPI catalogue generated from the contracts', () => {
  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser', async () => {
    const { document, diagnostics } = await new Parser().parse(asyncApiJson());
    expect(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.channels().all().map((c) => c.address())).toEqual([
      'collections.debtors.events.v1',
      'collections.contacts.events.v1',
      'collections.negotiation.events.v1',
      'collections.payments.events.v1',
      'collections.legal.events.v1',
    ]);
    expect(document?.messages().all().length).toBe(REPORTED_CONTRACTS.length);
  });

  it("documents each message's payload as its zod schema requires it", () => {
    const messages = (asyncApiDocument()['components'] as { messages: Record<string, { payload: { required: string[]; properties: Record<string, unknown> } }> }).messages;
    const registered = messages['DebtRegistered.v1']!;
    expect(registered.payload.required).toEqual(expect.arrayContaining(['debtId', 'debtorId', 'originalAmount', 'dueDate', 'registeredAt']));
    expect(registered.payload.properties['debtId']).toMatchObject({ type: 'string', format: 'uuid' });
  });

  it('is the one committed as docs/asyncapi.json', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    if (committed !== asyncApiJson()) {
      throw new Error('docs/asyncapi.json differs from the document the contracts generate: run `npm run generate:asyncapi` and commit docs/asyncapi.json');
    }
  });
});
