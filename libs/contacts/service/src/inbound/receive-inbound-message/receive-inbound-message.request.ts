import { z } from 'zod';
import { parseIsoInstant, ValidationError } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { AddressIndex } from '../../shared/address-index';

export const receiveInboundMessageBody = z
  .object({
    channel: z.enum(['sms', 'whatsapp', 'email']),
    /** The sender: a phone number (E.164 or Brazilian format) or an e-mail address. */
    from: z.string().min(3).max(320),
    text: z.string().max(4_096),
    receivedAt: z.string().max(40).optional(),
  })
  .strict();

export interface InboundMessageRequest {
  readonly channel: 'sms' | 'whatsapp' | 'email';
  readonly from: string;
  readonly text: string;
  readonly receivedAt: string | undefined;
}

export function parseReceiveInboundMessageRequest(input: unknown): InboundMessageRequest {
  const body = parseInput(receiveInboundMessageBody, input);
  if (AddressIndex.normalise(body.from) === undefined) throw ValidationError.of('from', 'must be a phone number or an e-mail address');
  return { channel: body.channel, from: body.from, text: body.text, receivedAt: body.receivedAt === undefined ? undefined : parseIsoInstant(body.receivedAt, 'receivedAt') };
}
