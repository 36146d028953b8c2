import type { ContactChannel } from '@collections/contacts-domain';

export interface StoredTemplate {
  readonly templateId: string;
  readonly channel: ContactChannel;
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
  readonly debt: { readonly contractReference: string; readonly balance: number; readonly currency: string; readonly dueDate: string; readonly daysPastDue: number };
}

export interface ComposedMessage {
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
}

/** Renders a stored template with the facts of one contact; a letter becomes a PDF. */
export interface MessageComposer {
  compose(template: StoredTemplate, facts: MessageFacts): ComposedMessage;
  letter(input: { readonly facts: MessageFacts; readonly message: ComposedMessage; readonly recipient: { readonly name: string; readonly addressLines: readonly string[] }; readonly reference: string; readonly issuedOn: string }): Promise<Buffer>;
}
