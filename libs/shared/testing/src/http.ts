/** What an HTTP test call may carry: a bearer token, a JSON body or a raw one, an Idempotency-Key, headers. */
export interface HttpCallOptions {
  readonly token?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is (a CSV file, malformed JSON); Content-Type defaults to JSON unless `headers` say otherwise. */
  readonly rawBody?: string;
  readonly idempotencyKey?: string;
  readonly headers?: Record<string, string>;
}

/** One request to a service under test; the answer's body parsed as JSON when it is JSON, else its text. */
export async function httpCall(baseUrl: string, method: string, url: string, options: HttpCallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers,
    ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a docs page, NDJSON lines, metrics)
  }
  return { status: response.status, body, headers: response.headers };
}
