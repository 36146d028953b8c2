import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseIsoInstant } from '@collections/shared-kernel';
import type { DialerCallReport } from './dialer.port';

/** The signature header a dialer's webhook carries: `sha256=<hex HMAC-SHA-256 of the raw body>` under the shared secret. */
export const DIALER_SIGNATURE_HEADER = 'x-dialer-signature';

export function signDialerBody(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function verifyDialerSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const match = typeof header === 'string' ? /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim()) : null;
  if (!match) return false;
  return timingSafeEqual(createHmac('sha256', secret).update(rawBody).digest(), Buffer.from(match[1]!, 'hex'));
}

// checked for the years 0001-9999 and the calendar by parseIsoInstant below
const instant = z.string().max(40);
const callId = z.string().min(1).max(200);
const report = z.discriminatedUnion('event', [
  z.object({ event: z.literal('call.started'), callId, at: instant }).strict(),
  z
    .object({
      event: z.literal('call.ended'),
      callId,
      at: instant,
      durationSeconds: z.number().int().min(0).max(86_400),
      recordingRef: z.string().min(1).max(500).nullable().default(null),
    })
    .strict(),
]);
export const dialerCallReportSchema = report;

/** A verified webhook's body as a report; throws the zod error for a malformed one. */
export function parseDialerCallReport(body: unknown): DialerCallReport {
  const parsed = report.parse(body);
  const at = parseIsoInstant(parsed.at, 'at');
  return parsed.event === 'call.started'
    ? { event: 'call.started', callId: parsed.callId, at }
    : { event: 'call.ended', callId: parsed.callId, at, durationSeconds: parsed.durationSeconds, recordingRef: parsed.recordingRef };
}
