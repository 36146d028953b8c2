import { z } from 'zod';

/**
 * One-time links to the debtor's self-service page, issued by the negotiation context for a
 * message that shows one (`{{link.selfService}}`). The link is issued before the message is
 * sent, once per message: the same message id asks again with the same idempotency key and
 * gets the same link back.
 */
export interface SelfServiceLinks {
  /**
   * The link's URL; undefined when the negotiation context refuses it for this debt (unknown
   * to it, not the debtor's: the message then goes without a link, or not at all when its
   * template shows the link unconditionally). Throws SelfServiceLinksUnavailableError when
   * the negotiation context cannot answer (the step waits and is tried again).
   */
  issue(request: { readonly tenantId: string; readonly debtorId: string; readonly debtId: string; readonly messageId: string }): Promise<string | undefined>;
}

export class SelfServiceLinksUnavailableError extends Error {
  override readonly name = 'SelfServiceLinksUnavailableError';
}

export interface HttpSelfServiceLinksOptions {
  /** The negotiation service, e.g. http://127.0.0.1:3002. */
  readonly baseUrl: string;
  /** A bearer token for the tenant (the service's own identity, minted for that tenant, role integrator). */
  readonly token: (tenantId: string) => Promise<string>;
  /** How long a link may wait to be opened, in hours (the negotiation service's default when absent: 72). */
  readonly ttlHours?: number;
  readonly timeoutMs?: number;
}

const issued = z.object({ linkId: z.string(), url: z.string().url(), expiresAt: z.string() });

/** The negotiation service's `POST /self-service/links`. */
export class HttpSelfServiceLinks implements SelfServiceLinks {
  constructor(private readonly options: HttpSelfServiceLinksOptions) {}

  async issue(request: { readonly tenantId: string; readonly debtorId: string; readonly debtId: string; readonly messageId: string }): Promise<string | undefined> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}/self-service/links`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await this.options.token(request.tenantId)}`,
          accept: 'application/json',
          'content-type': 'application/json',
          // one link per message: a retried send gets the link its message already shows
          'idempotency-key': `contacts-link-${request.messageId}`,
        },
        body: JSON.stringify({ debtorId: request.debtorId, debtIds: [request.debtId], ...(this.options.ttlHours ? { ttlHours: this.options.ttlHours } : {}) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new SelfServiceLinksUnavailableError(`negotiation service unreachable: ${(error as Error).message}`);
    }
    // unknown debt or debtor for the negotiation service, or not this debtor's: no link
    if (response.status === 404 || response.status === 422) return undefined;
    if (!response.ok) throw new SelfServiceLinksUnavailableError(`negotiation service answered ${response.status} to a self-service link`);
    const parsed = issued.safeParse(await response.json());
    if (!parsed.success) throw new SelfServiceLinksUnavailableError('negotiation service answered a link of an unexpected shape');
    return parsed.data.url;
  }
}
