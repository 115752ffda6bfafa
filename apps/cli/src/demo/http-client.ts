/**
 * The demo's HTTP side: real `fetch` calls, exactly as partners and operators would make them,
 * with every answer that is not an expected outcome recorded as a failure (the demo doubles as
 * a smoke test). Bounded: a fixed number of requests in flight, a bounded retry on 503.
 */
import type { Auth, DemoRequest } from './plan.js';

export interface HttpFailure {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  /** The HTTP status, or 0 when no answer came (connection refused, reset ...). */
  readonly status: number;
  readonly message: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** 503 means the service asks to come back (read models catching up, contention). */
const RETRIES_ON_503_MAX = 5;
const RETRY_DELAY_MS = 200;
const MESSAGE_CHARS_MAX = 300;

export class DemoHttp {
  readonly failures: HttpFailure[] = [];
  requests_sent = 0;

  constructor(
    readonly base_url: string,
    private readonly admin_token: string,
    private readonly on_done: () => void = () => {},
  ) {}

  private authorization(auth: Auth): string {
    if (auth === 'admin') return `Bearer ${this.admin_token}`;
    // OCPI 2.2.x sends the token base64-encoded.
    return `Token ${Buffer.from(auth.token, 'utf8').toString('base64')}`;
  }

  /**
   * Sends one request. Statuses in `request.expect` (and any in `tolerated`, e.g. 404 for an
   * endpoint that may not exist) are answers; anything else is recorded as a failure.
   */
  async send(request: DemoRequest, tolerated: readonly number[] = []): Promise<HttpAnswer> {
    let answer: HttpAnswer = { status: 0, body: null };
    for (let attempt = 0; attempt <= RETRIES_ON_503_MAX; attempt += 1) {
      answer = await this.once(request);
      if (answer.status !== 503 || attempt === RETRIES_ON_503_MAX) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (attempt + 1)));
    }
    this.on_done();
    if (!request.expect.includes(answer.status) && !tolerated.includes(answer.status)) {
      this.failures.push({
        label: request.label,
        method: request.method,
        path: request.path,
        status: answer.status,
        message: messageOf(answer.body).slice(0, MESSAGE_CHARS_MAX),
      });
    }
    return answer;
  }

  private async once(request: DemoRequest): Promise<HttpAnswer> {
    this.requests_sent += 1;
    try {
      const response = await fetch(`${this.base_url}${request.path}`, {
        method: request.method,
        headers: {
          authorization: this.authorization(request.auth),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { status: 0, body: { message: cause ?? String(error) } };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const message = record.status_message ?? record.message ?? record.error;
    if (typeof message === 'string') return message;
  }
  return JSON.stringify(body) ?? '';
}

/** Runs `work` on every item with at most `limit` in flight; resolves when all are done. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
