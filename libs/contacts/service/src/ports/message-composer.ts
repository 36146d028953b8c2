import type { Money } from '@collections/shared-kernel';
import { parseMessageTemplate, renderMessage, type MessageChannel, type MessageTemplate, type RenderedMessage, type TemplatePlaceholder } from '@collections/contacts-domain';
import { renderLetterPdf } from '@collections/contacts-channels';

export interface StoredTemplate {
  readonly templateId: string;
  readonly channel: MessageChannel;
  readonly name: string;
  readonly subject: string | null;
  readonly body: string;
}

/** The creditor's identification every message carries (CDC art. 42-A). */
export interface CreditorIdentification {
  readonly name: string;
  readonly address: string;
  readonly taxId: string;
}

/** What a template may show: no more personal data than the message needs. */
export interface MessageFacts {
  readonly creditor: CreditorIdentification;
  readonly debtor: { readonly firstName: string };
  readonly debt: { readonly contractReference: string; readonly balance: Money; readonly dueDate: string; readonly daysPastDue: number };
  /** A one-time link to the debtor's self-service page (the negotiation context's), when one was issued for this message. */
  readonly link?: { readonly selfService?: string };
}

// Checked templates by their text: a cadence run renders the same few templates for every
// debt, so each text is parsed once, not once per message. Bounded: templates are few.
const checkedTemplates = new Map<string, MessageTemplate>();

function checked(template: StoredTemplate): MessageTemplate {
  const key = JSON.stringify([template.channel, template.subject, template.body]);
  let parsed = checkedTemplates.get(key);
  if (!parsed) {
    parsed = parseMessageTemplate({ channel: template.channel, ...(template.subject ? { subject: template.subject } : {}), body: template.body, locale: 'pt-BR' });
    if (checkedTemplates.size >= 1_000) checkedTemplates.delete(checkedTemplates.keys().next().value as string);
    checkedTemplates.set(key, parsed);
  }
  return parsed;
}

/**
 * Renders a stored template with the facts of one contact (the template was checked at
 * upload; its text is checked again here, keyed by that text, so a row changed behind
 * the service's back cannot send a message without the creditor's identification), and a
 * letter as a PDF.
 */
export const messageComposer = {
  compose(template: StoredTemplate, facts: MessageFacts): RenderedMessage {
    return renderMessage(checked(template), facts);
  },
  /** The placeholders a stored template shows anywhere (what its messages need values for). */
  placeholders(template: StoredTemplate): readonly TemplatePlaceholder[] {
    return checked(template).placeholders;
  },
  letter(input: { readonly facts: MessageFacts; readonly message: RenderedMessage; readonly recipient: { readonly name: string; readonly addressLines: readonly string[] }; readonly reference: string; readonly issuedOn: string }): Promise<Buffer> {
    return renderLetterPdf({
      creditor: input.facts.creditor,
      recipient: input.recipient,
      subject: input.message.subject ?? 'Aviso de débito',
      text: input.message.text,
      reference: input.reference,
      issuedOn: input.issuedOn,
    });
  },
};
