/**
 * The crawler's HTTP: one GET at a time through a rate limit, redirects followed only within the
 * site's origin, retries with backoff on 429 and 5xx (honouring Retry-After), a timeout per
 * request and a cap on the body's size. Time comes from an injected clock and sleep, so tests
 * run without waiting.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Request starts at least `delay` ms apart, whatever the concurrency. A 429 doubles the delay for
 * the rest of the run (up to 30 s): the server said it is too fast.
 */
export class RateLimiter {
  private next = Number.NEGATIVE_INFINITY;
  constructor(
    public delay: number,
    private readonly clock: Clock,
  ) {}

  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + this.delay;
    if (at > now) await this.clock.sleep(at - now);
  }

  slowDown(): void {
    this.delay = Math.min(30_000, Math.max(this.delay * 2, 1000));
  }
}

export interface HttpOptions {
  clock: Clock;
  limiter: RateLimiter;
  userAgent: string;
  /** Per request, ms (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and network errors (default 3). */
  retries?: number;
  /** Longest Retry-After honoured, ms (default 120 s); a longer one gives up on the URL. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
}

export type FetchResult =
  | {
      kind: 'ok';
      url: URL;
      status: number;
      headers: Headers;
      body: Uint8Array;
    }
  | { kind: 'not-modified'; url: URL; headers: Headers }
  | { kind: 'status'; url: URL; status: number }
  | { kind: 'error'; url: URL; reason: string };

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/u.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * GETs `url`. Redirects are followed (up to 5) while they stay on `origin`; one that leaves it is
 * an error. `conditional` adds If-None-Match / If-Modified-Since. `maxBytes` caps the body.
 */
export async function get(
  url: URL,
  opts: HttpOptions & {
    origin: string;
    maxBytes: number;
    accept?: string;
    conditional?: { etag?: string | undefined; lastModified?: string | undefined } | undefined;
  },
): Promise<FetchResult> {
  const doFetch = opts.fetch ?? fetch;
  const retries = opts.retries ?? 3;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 120_000;
  let current = url;
  let redirects = 0;
  let attempt = 0;
  for (;;) {
    await opts.limiter.take();
    const headers: Record<string, string> = {
      'user-agent': opts.userAgent,
      accept: opts.accept ?? 'text/html,application/xhtml+xml,text/markdown;q=0.9,*/*;q=0.5',
    };
    if (opts.conditional?.etag) headers['if-none-match'] = opts.conditional.etag;
    if (opts.conditional?.lastModified)
      headers['if-modified-since'] = opts.conditional.lastModified;
    let response: Response;
    try {
      response = await doFetch(current, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const reason = networkReason(error);
      if (attempt < retries) {
        await opts.clock.sleep(backoff(attempt++));
        continue;
      }
      return { kind: 'error', url: current, reason };
    }
    const status = response.status;
    if (REDIRECT_STATUS.has(status)) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (location === null)
        return { kind: 'error', url: current, reason: `HTTP ${status} without a Location` };
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return {
          kind: 'error',
          url: current,
          reason: `HTTP ${status} to a bad address (${location})`,
        };
      }
      if (next.origin !== opts.origin || (next.protocol !== 'http:' && next.protocol !== 'https:'))
        return {
          kind: 'error',
          url: current,
          reason: `redirects to another site (${next.href}); not followed`,
        };
      if (++redirects > 5) return { kind: 'error', url: current, reason: 'more than 5 redirects' };
      next.hash = '';
      current = next;
      continue;
    }
    if (RETRY_STATUS.has(status)) {
      await response.body?.cancel();
      if (status === 429) opts.limiter.slowDown();
      const asked = retryAfterMs(response.headers.get('retry-after'), opts.clock.now());
      if (asked !== null && asked > maxRetryAfter)
        return {
          kind: 'error',
          url: current,
          reason: `HTTP ${status}, asked to retry after ${Math.round(asked / 1000)} s; given up`,
        };
      if (attempt < retries) {
        await opts.clock.sleep(asked ?? backoff(attempt));
        attempt++;
        continue;
      }
      return { kind: 'status', url: current, status };
    }
    if (status === 304) {
      await response.body?.cancel();
      return { kind: 'not-modified', url: current, headers: response.headers };
    }
    if (status < 200 || status >= 300) {
      await response.body?.cancel();
      return { kind: 'status', url: current, status };
    }
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if (length > opts.maxBytes) {
      await response.body?.cancel();
      return { kind: 'error', url: current, reason: tooLarge(opts.maxBytes) };
    }
    try {
      const body = await readCapped(response, opts.maxBytes);
      if (body === null) return { kind: 'error', url: current, reason: tooLarge(opts.maxBytes) };
      return { kind: 'ok', url: current, status, headers: response.headers, body };
    } catch (error) {
      const reason = networkReason(error);
      if (attempt < retries) {
        await opts.clock.sleep(backoff(attempt++));
        continue;
      }
      return { kind: 'error', url: current, reason };
    }
  }
}

/** 1 s, 2 s, 4 s, …: the wait before retry `attempt` (0-based) when the server names none. */
function backoff(attempt: number): number {
  return 1000 * 2 ** attempt;
}

function tooLarge(maxBytes: number): string {
  return `larger than ${Math.round((maxBytes / 1048576) * 10) / 10} MB; skipped`;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = error.cause;
    const code =
      typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
    return code !== '' ? `network error (${code})` : `network error (${error.message})`;
  }
  return `network error (${String(error)})`;
}
