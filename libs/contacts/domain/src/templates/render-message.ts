import Handlebars from 'handlebars';
import { Money, ValidationError, parseIsoDate, parseText, validateAll, type IsoDate } from '@collections/shared-kernel';
import type { MessageTemplate, TemplatePlaceholder } from './message-template';
import { formatDatePtBr, formatMoneyPtBr, formatTaxIdPtBr } from './pt-br-format';
import { countSmsSegments, type SmsSegments } from './sms-segments';

/** What a message may be rendered from (raw values: the renderer formats them in Portuguese). */
export interface MessageData {
  readonly debtor: { readonly firstName: string };
  readonly debt: {
    readonly contractReference: string;
    readonly balance: Money;
    readonly dueDate: IsoDate;
    readonly daysPastDue: number;
  };
  /** CDC art. 42-A: name, address and CPF/CNPJ (digits, formatted on rendering). */
  readonly creditor: { readonly name: string; readonly address: string; readonly taxId: string };
  readonly payment?: { readonly pixCopyPaste?: string; readonly boletoLine?: string };
  readonly link?: { readonly selfService?: string };
}

export interface RenderedMessage {
  readonly subject?: string;
  /** Plain text: the SMS or WhatsApp body, the e-mail's text part, the letter's text. */
  readonly text: string;
  /** E-mail only: the text as HTML paragraphs, everything escaped. */
  readonly html?: string;
  /** SMS only: what the text costs (encoding and segments). */
  readonly sms?: SmsSegments;
}

type View = Record<'debtor' | 'debt' | 'creditor' | 'payment' | 'link', Record<string, string>>;

// One isolated environment with only `if` and `unless`: a helper registered elsewhere
// in the process can never reach a collection message.
const handlebars = Handlebars.create();
for (const helper of Object.keys(handlebars.helpers)) if (helper !== 'if' && helper !== 'unless') handlebars.unregisterHelper(helper);
const COMPILE_OPTIONS = { strict: true, noEscape: true, knownHelpersOnly: true, knownHelpers: { if: true, unless: true } } as const;

const compiled = new Map<string, HandlebarsTemplateDelegate>();
function compile(source: string): HandlebarsTemplateDelegate {
  let template = compiled.get(source);
  if (!template) {
    template = handlebars.compile(source, COMPILE_OPTIONS);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(source, template);
  }
  return template;
}

const optionalText = (value: unknown, field: string): string | undefined => (value === undefined ? undefined : parseText(value, field, { max: 2000 }));

function toView(data: MessageData): View {
  const payment = data.payment ?? {};
  const link = data.link ?? {};
  const parsed = validateAll({
    firstName: () => parseText(data.debtor?.firstName, 'debtor.firstName', { max: 100 }),
    contractReference: () => parseText(data.debt?.contractReference, 'debt.contractReference', { max: 100 }),
    balance: () => formatMoneyPtBr(Money.parse(data.debt?.balance, 'debt.balance', { allowNegative: true })),
    dueDate: () => formatDatePtBr(parseIsoDate(data.debt?.dueDate, 'debt.dueDate')),
    daysPastDue: () => {
      const days = data.debt?.daysPastDue;
      if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0) throw ValidationError.of('debt.daysPastDue', 'must be a non-negative integer');
      return String(days);
    },
    creditorName: () => parseText(data.creditor?.name, 'creditor.name', { max: 200 }),
    creditorAddress: () => parseText(data.creditor?.address, 'creditor.address', { max: 500 }),
    creditorTaxId: () => formatTaxIdPtBr(data.creditor?.taxId, 'creditor.taxId'),
    pixCopyPaste: () => optionalText(payment.pixCopyPaste, 'payment.pixCopyPaste'),
    boletoLine: () => optionalText(payment.boletoLine, 'payment.boletoLine'),
    selfService: () => optionalText(link.selfService, 'link.selfService'),
  });
  const present = (entries: Record<string, string | undefined>): Record<string, string> =>
    Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return {
    debtor: { firstName: parsed.firstName },
    debt: { contractReference: parsed.contractReference, balance: parsed.balance, dueDate: parsed.dueDate, daysPastDue: parsed.daysPastDue },
    creditor: { name: parsed.creditorName, address: parsed.creditorAddress, taxId: parsed.creditorTaxId },
    payment: present({ pixCopyPaste: parsed.pixCopyPaste, boletoLine: parsed.boletoLine }),
    link: present({ selfService: parsed.selfService }),
  };
}

function lookup(view: View, placeholder: TemplatePlaceholder): string | undefined {
  const [group, key] = placeholder.split('.') as [keyof View, string];
  return view[group][key];
}

function run(template: HandlebarsTemplateDelegate, view: View, field: string): string {
  try {
    return template(view);
  } catch (error) {
    // strict mode: a placeholder inside a block whose value the data lacks
    throw ValidationError.of(field, `cannot be rendered with this data: ${(error as Error).message.split('\n')[0]}`);
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * Templates are plain text; the HTML part is derived from the rendered text with every
 * character escaped (data and literal text alike), blank lines making paragraphs. So no
 * debtor-supplied value (a name, a contract reference) can inject markup or script.
 */
function toHtml(text: string): string {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>\n')}</p>`);
  return `<!DOCTYPE html>\n<html lang="pt-BR"><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
}

/**
 * Renders a checked template with Portuguese formatting (R$ 1.234,56, dd/mm/aaaa,
 * formatted CPF/CNPJ). Data missing a placeholder the template shows unconditionally,
 * or an SMS rendered past its length, is refused with a ValidationError naming the field.
 */
export function renderMessage(template: MessageTemplate, data: MessageData): RenderedMessage {
  const view = toView(data);
  const missing = template.requiredPlaceholders.filter((p) => lookup(view, p) === undefined);
  if (missing.length > 0) throw new ValidationError(missing.map((p) => ({ field: p, message: 'is required by this template' })));

  const text = run(compile(template.body), view, 'body');
  if (template.maxTextLength !== undefined && text.length > template.maxTextLength) {
    throw ValidationError.of('body', `the rendered SMS has ${text.length} characters, more than the ${template.maxTextLength} allowed`);
  }
  const subject = template.subject === undefined ? undefined : run(compile(template.subject), view, 'subject').replace(/\s+/g, ' ').trim();
  return {
    ...(subject !== undefined ? { subject } : {}),
    text,
    ...(template.channel === 'email' ? { html: toHtml(text) } : {}),
    ...(template.channel === 'sms' ? { sms: countSmsSegments(text) } : {}),
  };
}
