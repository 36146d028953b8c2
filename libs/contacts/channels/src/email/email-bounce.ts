import { ValidationError } from '@collections/shared-kernel';
import type { DeliveryReceipt } from '../webhooks/delivery-receipt';

interface MimePart {
  readonly headers: Map<string, string>;
  readonly body: string;
}

/** Header fields of a block (RFC 5322 style: folded lines continue with white space); names lower-cased. */
function fields(block: string): Map<string, string> {
  const result = new Map<string, string>();
  let last: string | undefined;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) result.set(last, `${result.get(last)} ${line.trim()}`);
    else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      if (!result.has(last)) result.set(last, line.slice(colon + 1).trim());
    }
  }
  return result;
}

function splitHead(text: string): MimePart {
  const match = /\r?\n\r?\n/.exec(text);
  const head = match ? text.slice(0, match.index) : text;
  return { headers: fields(head), body: match ? text.slice(match.index + match[0].length) : '' };
}

function parts(message: MimePart): MimePart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(message.headers.get('content-type') ?? '')?.[1];
  if (!boundary) return [];
  return message.body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith('--'))
    .map((part) => splitHead(part.replace(/^\r?\n/, '')));
}

const contentType = (part: MimePart): string => (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();

/**
 * A delivery status notification (RFC 3464: multipart/report; report-type=delivery-status)
 * as a receipt for the message it reports on: `failed` -> bounced, with the status code
 * and the remote server's words. A `delayed` report is not an outcome (null). The
 * message is found by the Message-ID we gave it (`<messageId@domain>`).
 */
export function parseEmailBounce(raw: Buffer | string, receivedAt: Date): DeliveryReceipt | null {
  const message = splitHead(raw.toString());
  const report = message.headers.get('content-type') ?? '';
  if (!/^multipart\/report/i.test(report) || !/report-type="?delivery-status/i.test(report)) {
    throw ValidationError.of('content-type', 'must be multipart/report; report-type=delivery-status');
  }
  const all = parts(message);
  const status = all.find((part) => contentType(part) === 'message/delivery-status');
  if (!status) throw ValidationError.of('message/delivery-status', 'is missing');
  const original = all.find((part) => contentType(part) === 'text/rfc822-headers' || contentType(part) === 'message/rfc822');
  const originalId = original ? splitHead(original.body).headers.get('message-id') : undefined;
  if (!originalId) throw ValidationError.of('message-id', 'the original message headers, with its Message-ID, are missing');

  // per-message fields first, then one block per recipient; we send to one recipient
  const recipient = status.body
    .split(/\r?\n\r?\n/)
    .map(fields)
    .find((block) => block.has('action'));
  if (!recipient) throw ValidationError.of('action', 'no recipient block with an Action field');
  const action = recipient.get('action')!.toLowerCase();
  if (action === 'delayed') return null;
  const ourId = /^<([^@>]+)@/.exec(originalId)?.[1];
  const diagnostic = recipient.get('diagnostic-code')?.replace(/^smtp;\s*/i, '');
  const base = { providerMessageId: originalId, at: receivedAt.toISOString(), ...(ourId ? { messageId: ourId } : {}) };
  if (action === 'failed') return { ...base, status: 'bounced', reason: [recipient.get('status'), diagnostic].filter(Boolean).join(' ') || 'failed' };
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return { ...base, status: 'delivered' };
  throw ValidationError.of('action', `unknown action ${action}`);
}
