import { ChannelError, type ContactChannel } from './channel-adapter.port';

export interface ProviderRequest {
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface ProviderResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly text: string;
}

/** A provider's answer is retryable when the fault is transient: 408, 425, 429 or any 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * One HTTP call to a provider with a deadline covering the answer's body too. Network
 * failures (refused, reset, DNS, timeout) become retryable ChannelErrors; the caller
 * classifies HTTP answers, since only it can read the provider's error codes.
 */
export async function callProvider(channel: ContactChannel, url: string, request: ProviderRequest): Promise<ProviderResponse> {
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      // The provider may still have accepted it: the caller retries with the same messageId.
      throw new ChannelError(channel, true, `no answer within ${request.timeoutMs} ms`);
    }
    throw new ChannelError(channel, true, `connection failed: ${describeNetworkError(error)}`);
  }
}

/** The ChannelError for an HTTP error answer, with the provider's own code and message when it gave them. */
export function httpChannelError(channel: ContactChannel, status: number, providerCode: string | undefined, providerMessage: string | undefined): ChannelError {
  const detail = [providerCode && `code ${providerCode}`, providerMessage].filter(Boolean).join(': ');
  return new ChannelError(channel, isRetryableStatus(status), `provider answered HTTP ${status}${detail ? ` (${detail})` : ''}`, {
    status,
    ...(providerCode ? { providerCode } : {}),
  });
}
