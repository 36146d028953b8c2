import { z } from 'zod';
import { parseMessageTemplate, type MessageTemplate } from '@collections/contacts-domain';
import { parseInput } from '@collections/shared-nest';

export const uploadTemplateBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    channel: z.enum(['email', 'sms', 'whatsapp', 'letter']),
    subject: z.string().max(200).optional(),
    body: z.string().min(1).max(20_000),
  })
  .strict();

/**
 * A message template in Portuguese: refused (400, naming the field and the placeholder)
 * unless it identifies the creditor by name, address and CPF/CNPJ (CDC art. 42-A) and
 * uses only the placeholders a collection message may show.
 */
export interface UploadTemplateRequest {
  readonly name: string;
  readonly template: MessageTemplate;
}

export function parseUploadTemplateRequest(input: unknown): UploadTemplateRequest {
  const body = parseInput(uploadTemplateBody, input);
  const template = parseMessageTemplate({ channel: body.channel, ...(body.subject !== undefined ? { subject: body.subject } : {}), body: body.body, locale: 'pt-BR' });
  return { name: body.name, template };
}
