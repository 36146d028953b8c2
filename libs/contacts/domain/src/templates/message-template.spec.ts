import { Money, ValidationError } from '@collections/shared-kernel';
import { DEFAULT_MAX_SMS_LENGTH, parseMessageTemplate, renderMessage, type MessageData, type MessageTemplateInput } from './index';
import { formatDatePtBr, formatMoneyPtBr } from './pt-br-format';

const IDENTIFICATION = 'Credor: {{creditor.name}}, {{creditor.address}}, CNPJ {{creditor.taxId}}.';

const data: MessageData = {
  debtor: { firstName: 'João' },
  debt: { contractReference: 'CT-2026-0042', balance: Money.of(123456), dueDate: '2026-03-01', daysPastDue: 15 },
  creditor: { name: 'Lojas Ação S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11222333000181' },
  payment: { pixCopyPaste: '00020126580014br.gov.bcb.pix' },
};

function violationsOf(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.violations];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const email = (body: string, subject = 'Aviso de débito — contrato {{debt.contractReference}}'): MessageTemplateInput => ({ channel: 'email', subject, body, locale: 'pt-BR' });
const sms = (body: string): MessageTemplateInput => ({ channel: 'sms', body, locale: 'pt-BR' });

describe('parseMessageTemplate', () => {
  it('given a template identifying the creditor, when parsed, then it lists the placeholders it uses', () => {
    const template = parseMessageTemplate(sms(`Olá {{debtor.firstName}}, saldo {{debt.balance}}. {{#if payment.pixCopyPaste}}PIX: {{payment.pixCopyPaste}} {{/if}}${IDENTIFICATION}`));

    expect(template.placeholders).toEqual(['debtor.firstName', 'debt.balance', 'payment.pixCopyPaste', 'creditor.name', 'creditor.address', 'creditor.taxId']);
    expect(template.requiredPlaceholders).not.toContain('payment.pixCopyPaste');
    expect(template.maxTextLength).toBe(DEFAULT_MAX_SMS_LENGTH);
  });

  it('refuses a template without the creditor CPF/CNPJ, naming the body and the missing placeholder (CDC art. 42-A)', () => {
    const violations = violationsOf(() => parseMessageTemplate(sms('Olá {{debtor.firstName}}. {{creditor.name}}, {{creditor.address}}.')));

    expect(violations).toEqual([{ field: 'body', message: expect.stringContaining('placeholder {{creditor.taxId}} is missing') }]);
    expect(violations[0]!.message).toContain('CDC art. 42-A');
  });

  it('refuses a creditor identification that only appears under a condition', () => {
    const violations = violationsOf(() => parseMessageTemplate(sms('{{creditor.name}} {{creditor.address}} {{#if link.selfService}}{{creditor.taxId}}{{/if}}')));

    expect(violations).toEqual([{ field: 'body', message: expect.stringContaining('{{creditor.taxId}} is missing outside any {{#if}}/{{#unless}}') }]);
  });

  it('refuses a placeholder outside the data model, saying where it is', () => {
    const violations = violationsOf(() => parseMessageTemplate(sms(`Seu CPF {{debtor.cpf}}. ${IDENTIFICATION}`)));

    expect(violations).toEqual([{ field: 'body', message: expect.stringMatching(/^unknown placeholder \{\{debtor\.cpf\}\} \(line 1, column 11\)/) }]);
  });

  it.each([
    ['a block helper other than if/unless', `{{#each debt}}x{{/each}} ${IDENTIFICATION}`, 'block helper {{#each}} is not allowed'],
    ['a helper call', `{{lookup debtor "firstName"}} ${IDENTIFICATION}`, 'helpers are not allowed'],
    ['a partial', `{{> footer}} ${IDENTIFICATION}`, 'PartialStatement is not allowed'],
    ['triple braces', `{{{debtor.firstName}}} ${IDENTIFICATION}`, 'triple braces'],
    ['a @root path', `{{@root.debtor.firstName}} ${IDENTIFICATION}`, 'unknown placeholder {{@root.debtor.firstName}}'],
    ['a parent path', `{{../debtor.firstName}} ${IDENTIFICATION}`, 'unknown placeholder'],
    ['broken syntax', `{{#if debt.balance}}sem fim ${IDENTIFICATION}`, 'is not a valid template'],
  ])('refuses %s', (_case, body, message) => {
    expect(violationsOf(() => parseMessageTemplate(sms(body)))).toEqual([{ field: 'body', message: expect.stringContaining(message) }]);
  });

  it('refuses an e-mail without a subject and an SMS with one, and checks the subject placeholders', () => {
    expect(violationsOf(() => parseMessageTemplate({ channel: 'email', body: IDENTIFICATION, locale: 'pt-BR' }))).toEqual([{ field: 'subject', message: 'is required for email' }]);
    expect(violationsOf(() => parseMessageTemplate({ ...sms(IDENTIFICATION), subject: 'x' }))).toEqual([{ field: 'subject', message: 'sms messages have no subject' }]);
    expect(violationsOf(() => parseMessageTemplate(email(IDENTIFICATION, 'Débito {{debt.amount}}')))).toEqual([
      { field: 'subject', message: expect.stringContaining('unknown placeholder {{debt.amount}}') },
    ]);
  });

  it('refuses an SMS body over the configured length', () => {
    const body = `${IDENTIFICATION} ${'x'.repeat(100)}`;

    expect(() => parseMessageTemplate(sms(body))).not.toThrow();
    expect(violationsOf(() => parseMessageTemplate(sms(body), { maxSmsLength: 120 }))).toEqual([
      { field: 'body', message: `an SMS body may have at most 120 characters, this template has ${body.length}` },
    ]);
  });

  it('reports every problem at once', () => {
    const violations = violationsOf(() => parseMessageTemplate({ channel: 'email', body: '{{debtor.cpf}}', locale: 'pt-BR' }));

    expect(violations.map((v) => v.field)).toEqual(['subject', 'body', 'body', 'body', 'body']);
  });
});

describe('renderMessage', () => {
  it('given an e-mail template, when rendered, then money, dates and the CNPJ are in Portuguese and accents survive', () => {
    const template = parseMessageTemplate(
      email(`Olá, {{debtor.firstName}}!\n\nO contrato {{debt.contractReference}} venceu em {{debt.dueDate}} ({{debt.daysPastDue}} dias de atraso). Saldo: {{debt.balance}}.\n\n${IDENTIFICATION}`),
    );

    const message = renderMessage(template, data);

    expect(message.subject).toBe('Aviso de débito — contrato CT-2026-0042');
    expect(message.text).toBe(
      'Olá, João!\n\nO contrato CT-2026-0042 venceu em 01/03/2026 (15 dias de atraso). Saldo: R$ 1.234,56.\n\nCredor: Lojas Ação S.A., Av. Paulista, 1000, São Paulo - SP, CNPJ 11.222.333/0001-81.',
    );
    expect(message.html).toContain('<p>Olá, João!</p>');
    expect(message.html).toContain('<html lang="pt-BR">');
  });

  it('escapes a <script> in the data in the HTML part and leaves the text part as written', () => {
    const template = parseMessageTemplate(email(`Olá, {{debtor.firstName}}. ${IDENTIFICATION}`));

    const message = renderMessage(template, { ...data, debtor: { firstName: '<script>alert("x")</script>' } });

    expect(message.html).toContain('Olá, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.');
    expect(message.html).not.toContain('<script>');
    expect(message.text).toContain('Olá, <script>alert("x")</script>.');
  });

  it('renders SMS and WhatsApp as plain text, with no HTML part and nothing escaped', () => {
    const body = `{{debtor.firstName}} & cia: {{debt.balance}}. ${IDENTIFICATION}`;
    const text = 'João & cia: R$ 1.234,56. Credor: Lojas Ação S.A., Av. Paulista, 1000, São Paulo - SP, CNPJ 11.222.333/0001-81.';

    expect(renderMessage(parseMessageTemplate({ channel: 'whatsapp', body, locale: 'pt-BR' }), data)).toEqual({ text });
    expect(renderMessage(parseMessageTemplate({ channel: 'sms', body, locale: 'pt-BR' }), data)).toEqual({ text, sms: { encoding: 'UCS-2', units: text.length, segments: 2 } });
  });

  it('shows a conditional part only when its data is there', () => {
    const template = parseMessageTemplate(sms(`{{#if payment.boletoLine}}Boleto: {{payment.boletoLine}}. {{else}}Sem boleto. {{/if}}${IDENTIFICATION}`));

    expect(renderMessage(template, data).text).toMatch(/^Sem boleto\. /);
    expect(renderMessage(template, { ...data, payment: { boletoLine: '34191.79001 01043.510047' } }).text).toMatch(/^Boleto: 34191\.79001 01043\.510047\. /);
  });

  it('refuses data without a placeholder the template shows unconditionally', () => {
    const template = parseMessageTemplate(sms(`PIX: {{payment.pixCopyPaste}} ${IDENTIFICATION}`));

    expect(violationsOf(() => renderMessage(template, { ...data, payment: {} }))).toEqual([{ field: 'payment.pixCopyPaste', message: 'is required by this template' }]);
  });

  it('refuses an invalid creditor CNPJ, naming the field', () => {
    const template = parseMessageTemplate(sms(IDENTIFICATION));

    expect(violationsOf(() => renderMessage(template, { ...data, creditor: { ...data.creditor, taxId: '11222333000182' } }))).toEqual([
      { field: 'creditor.taxId', message: expect.stringContaining('check digits') },
    ]);
  });

  it('refuses an SMS that renders past its length', () => {
    const template = parseMessageTemplate(sms(IDENTIFICATION), { maxSmsLength: 80 });

    expect(violationsOf(() => renderMessage(template, data))).toEqual([{ field: 'body', message: expect.stringMatching(/^the rendered SMS has \d+ characters, more than the 80 allowed$/) }]);
  });
});

describe('Portuguese formatting', () => {
  it.each([
    [0, 'R$ 0,00'],
    [5, 'R$ 0,05'],
    [123456, 'R$ 1.234,56'],
    [123456789012, 'R$ 1.234.567.890,12'],
    [-1999, '-R$ 19,99'],
  ])('formats %i centavos as %s', (amount, expected) => {
    expect(formatMoneyPtBr(Money.of(amount))).toBe(expected);
  });

  it('formats a calendar date as dd/mm/aaaa', () => {
    expect(formatDatePtBr('2026-12-31')).toBe('31/12/2026');
  });
});
