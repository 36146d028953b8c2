import Handlebars from 'handlebars';
import { ValidationError, type FieldViolation } from '@collections/shared-kernel';

export type MessageChannel = 'email' | 'sms' | 'whatsapp' | 'letter';
export const MESSAGE_CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'whatsapp', 'letter'];

/** The only data a collection message may show: nothing else about the debtor leaves the platform. */
export const TEMPLATE_PLACEHOLDERS = [
  'debtor.firstName',
  'debt.contractReference',
  'debt.balance',
  'debt.dueDate',
  'debt.daysPastDue',
  'creditor.name',
  'creditor.address',
  'creditor.taxId',
  'payment.pixCopyPaste',
  'payment.boletoLine',
  'link.selfService',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/**
 * CDC art. 42-A: every document of collection sent to the consumer shows the creditor's
 * name, address and CPF/CNPJ. A template that might leave one out is refused up front.
 */
export const CREDITOR_IDENTIFICATION: readonly TemplatePlaceholder[] = ['creditor.name', 'creditor.address', 'creditor.taxId'];

const BLOCK_HELPERS = ['if', 'unless'] as const;

/**
 * Five concatenated UCS-2 segments (5 x 67 characters). Portuguese text with an accent
 * is sent in UCS-2 (see countSmsSegments), and the identification the law asks for
 * (name, address, CPF/CNPJ) alone takes about a hundred characters, so one segment is
 * never enough; beyond five, operators bill a lot and some handsets split the message.
 */
export const DEFAULT_MAX_SMS_LENGTH = 335;

export interface MessageTemplateInput {
  readonly channel: MessageChannel;
  readonly subject?: string;
  readonly body: string;
  readonly locale: 'pt-BR';
}

export interface MessageTemplateOptions {
  /** Longest SMS body, template and rendered text alike (default DEFAULT_MAX_SMS_LENGTH). */
  readonly maxSmsLength?: number;
}

/** A checked template: plain data (it can be stored and compared); renderMessage compiles it. */
export interface MessageTemplate {
  readonly channel: MessageChannel;
  readonly subject?: string;
  readonly body: string;
  readonly locale: 'pt-BR';
  /** Placeholders used anywhere, in order of first use. */
  readonly placeholders: readonly TemplatePlaceholder[];
  /** Placeholders shown unconditionally: rendering refuses data without them. */
  readonly requiredPlaceholders: readonly TemplatePlaceholder[];
  /** Longest rendered text allowed (SMS only). */
  readonly maxTextLength?: number;
}

type Node = hbs.AST.Node;

interface Usage {
  parsed: boolean;
  readonly placeholders: TemplatePlaceholder[];
  readonly unconditional: TemplatePlaceholder[];
  readonly violations: FieldViolation[];
}

const isPlaceholder = (path: string): path is TemplatePlaceholder => (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(path);

function where(node: Node): string {
  return node.loc ? ` (line ${node.loc.start.line}, column ${node.loc.start.column + 1})` : '';
}

/** A plain `a.b` path into the data model; `this`, `../`, `@root` and the like are refused. */
function checkPath(field: string, expression: hbs.AST.Expression, usage: Usage, conditional: boolean): void {
  if (expression.type !== 'PathExpression') {
    usage.violations.push({ field, message: `only placeholders of the data model may be used here, not a ${expression.type}${where(expression)}` });
    return;
  }
  const path = expression as hbs.AST.PathExpression;
  const name = path.parts.join('.');
  if (path.data || path.depth > 0 || name !== path.original || !isPlaceholder(name)) {
    usage.violations.push({
      field,
      message: `unknown placeholder {{${path.original}}}${where(path)}; allowed: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
    });
    return;
  }
  if (!usage.placeholders.includes(name)) usage.placeholders.push(name);
  if (!conditional && !usage.unconditional.includes(name)) usage.unconditional.push(name);
}

function walk(field: string, program: hbs.AST.Program, usage: Usage, conditional: boolean): void {
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const mustache = statement as hbs.AST.MustacheStatement;
        if (mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0) {
          usage.violations.push({ field, message: `helpers are not allowed, only placeholders${where(mustache)}` });
        } else if (!mustache.escaped) {
          // Escaping is chosen per channel (HTML for e-mail, none for SMS): a raw {{{ }}} has no meaning here.
          usage.violations.push({ field, message: `triple braces {{{ }}} are not allowed; write {{ }}${where(mustache)}` });
        } else {
          checkPath(field, mustache.path, usage, conditional);
        }
        break;
      }
      case 'BlockStatement': {
        const block = statement as hbs.AST.BlockStatement;
        const helper = block.path.type === 'PathExpression' ? (block.path as hbs.AST.PathExpression).original : block.path.type;
        if (!(BLOCK_HELPERS as readonly string[]).includes(helper)) {
          usage.violations.push({ field, message: `block helper {{#${helper}}} is not allowed; only {{#if}} and {{#unless}}${where(block)}` });
          break;
        }
        if (block.params.length !== 1 || (block.hash?.pairs.length ?? 0) > 0) {
          usage.violations.push({ field, message: `{{#${helper}}} takes exactly one placeholder${where(block)}` });
          break;
        }
        checkPath(field, block.params[0]!, usage, true);
        walk(field, block.program, usage, true);
        if (block.inverse) walk(field, block.inverse, usage, true);
        break;
      }
      default:
        // partials, partial blocks, decorators: a template is one self-contained text
        usage.violations.push({ field, message: `${statement.type} is not allowed${where(statement)}` });
    }
  }
}

function analyse(field: string, source: string): Usage {
  const usage: Usage = { parsed: true, placeholders: [], unconditional: [], violations: [] };
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    usage.violations.push({ field, message: `is not a valid template: ${(error as Error).message.split('\n')[0]}` });
    usage.parsed = false;
    return usage;
  }
  walk(field, program, usage, false);
  return usage;
}

/**
 * Checks a message template before any cadence may use it: Handlebars syntax, only the
 * placeholders of the data model, only `if`/`unless` blocks, the creditor identified
 * unconditionally in the body (CDC art. 42-A), a subject where the channel has one, and
 * the SMS length. Every problem is reported at once, field by field.
 */
export function parseMessageTemplate(input: MessageTemplateInput, options: MessageTemplateOptions = {}): MessageTemplate {
  const violations: FieldViolation[] = [];
  const channel = input.channel;
  if (!MESSAGE_CHANNELS.includes(channel)) violations.push({ field: 'channel', message: `must be one of ${MESSAGE_CHANNELS.join(', ')}` });
  if (input.locale !== 'pt-BR') violations.push({ field: 'locale', message: 'must be pt-BR' });
  if (typeof input.body !== 'string' || input.body.trim() === '') {
    throw new ValidationError([...violations, { field: 'body', message: 'must be a non-empty template' }]);
  }
  const hasSubject = channel === 'email' || channel === 'letter';
  if (hasSubject && (typeof input.subject !== 'string' || input.subject.trim() === '')) {
    violations.push({ field: 'subject', message: `is required for ${channel}` });
  }
  if (!hasSubject && input.subject !== undefined) violations.push({ field: 'subject', message: `${channel} messages have no subject` });

  const body = analyse('body', input.body);
  violations.push(...body.violations);
  for (const required of CREDITOR_IDENTIFICATION) {
    if (body.parsed && !body.unconditional.includes(required)) {
      const inside = body.placeholders.includes(required) ? ' outside any {{#if}}/{{#unless}}' : '';
      violations.push({
        field: 'body',
        message: `placeholder {{${required}}} is missing${inside}: every collection message must identify the creditor by name, address and CPF/CNPJ (CDC art. 42-A)`,
      });
    }
  }
  const subject = hasSubject && typeof input.subject === 'string' ? analyse('subject', input.subject) : undefined;
  if (subject) violations.push(...subject.violations);

  const maxSmsLength = options.maxSmsLength ?? DEFAULT_MAX_SMS_LENGTH;
  if (!Number.isSafeInteger(maxSmsLength) || maxSmsLength <= 0) throw new RangeError('maxSmsLength must be a positive integer');
  if (channel === 'sms' && input.body.length > maxSmsLength) {
    violations.push({ field: 'body', message: `an SMS body may have at most ${maxSmsLength} characters, this template has ${input.body.length}` });
  }
  if (violations.length > 0) throw new ValidationError(violations);

  const merge = (a: readonly TemplatePlaceholder[], b: readonly TemplatePlaceholder[] = []) => [...new Set([...a, ...b])];
  return {
    channel,
    ...(hasSubject && input.subject !== undefined ? { subject: input.subject } : {}),
    body: input.body,
    locale: 'pt-BR',
    placeholders: merge(body.placeholders, subject?.placeholders),
    requiredPlaceholders: merge(body.unconditional, subject?.unconditional),
    ...(channel === 'sms' ? { maxTextLength: maxSmsLength } : {}),
  };
}
