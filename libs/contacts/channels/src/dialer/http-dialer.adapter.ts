import { isRetryableStatus } from '../provider-http';
import { normalisePhoneNumber } from '../phone-number';
import { DialerError, type DialRequest, type DialedCall, type Dialer } from './dialer.port';

export interface HttpDialerOptions {
  /** The dialer's API, e.g. https://dialer.example/api. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Where the dialer reports the call (our `POST /webhooks/dialer`). */
  readonly statusCallbackUrl?: string;
  readonly timeoutMs?: number;
}

/**
 * A click-to-call dialer over HTTP: `POST {baseUrl}/calls` with a bearer key and the dial's
 * reference as `Idempotency-Key`, answered `{ callId }`. The generic shape most cloud
 * dialers (and PABX click-to-call APIs) offer; a product with another shape gets its own
 * adapter behind the same port.
 */
export class HttpDialer implements Dialer {
  constructor(private readonly options: HttpDialerOptions) {}

  async dial(request: DialRequest): Promise<DialedCall> {
    const to = normalisePhoneNumber(request.phone, 'to');
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json', 'idempotency-key': request.reference },
        body: JSON.stringify({
          reference: request.reference,
          tenant: request.tenantId,
          agent: request.agent,
          to,
          ...(this.options.statusCallbackUrl ? { statusCallback: this.options.statusCallbackUrl } : {}),
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        redirect: 'error',
      });
    } catch (error) {
      throw new DialerError(true, `no answer from the dialer: ${(error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new DialerError(isRetryableStatus(response.status), `the dialer answered ${response.status}: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DialerError(false, 'the dialer answered something that is not JSON');
    }
    const callId = (body as { callId?: unknown } | null)?.callId;
    if (typeof callId !== 'string' || callId.length === 0 || callId.length > 200) throw new DialerError(false, 'the dialer answered without a call id');
    return { callId };
  }
}
