/**
 * A Slack response_url: where an interaction's answers go after the 3-second acknowledgement.
 * Slack accepts at most five posts to one, for thirty minutes; this counts both and refuses
 * beyond them (the responder then falls back to the Web API), so we never learn the limit from
 * an error. Requests time out: a hanging Slack must not hold an interaction forever.
 */
import type { Logger } from 'pino';

/** Slack's limits for one response_url. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** Ours: one post to a response_url gives up after this long. */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

/** A message or an instruction posted to a response_url. */
export interface ResponsePayload {
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

export type PostResult = 'ok' | 'exhausted' | 'failed';

export interface ResponseUrlOptions {
  url: string;
  logger: Logger;
  /** When the interaction arrived (its clock starts then), in ms since the epoch. */
  issuedAt: number;
  now?: () => number;
  timeoutMs?: number;
}

/**
 * Whether a response_url may be posted to: Slack's own host over https, or anything http(s)
 * when the Web API is pointed elsewhere (SLACK_API_URL: a proxy, or a local fake in tests). It
 * arrives in a signed request, so this is defence in depth, not the only check.
 */
export function allowedResponseUrl(url: string, anyHost: boolean): boolean {
  try {
    const u = new URL(url);
    if (anyHost) return u.protocol === 'https:' || u.protocol === 'http:';
    return (
      u.protocol === 'https:' && (u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com'))
    );
  } catch {
    return false;
  }
}

export class ResponseUrl {
  #uses = 0;
  readonly #options: ResponseUrlOptions;

  constructor(options: ResponseUrlOptions) {
    this.#options = options;
  }

  /** Posts left before Slack would refuse (0 once expired). */
  get remaining(): number {
    const now = (this.#options.now ?? Date.now)();
    if (now - this.#options.issuedAt >= RESPONSE_URL_LIFETIME_MS) return 0;
    return RESPONSE_URL_USES - this.#uses;
  }

  /** Posts `payload`; 'exhausted' without a request when the uses or the lifetime are spent. */
  async post(payload: ResponsePayload): Promise<PostResult> {
    if (this.remaining <= 0) return 'exhausted';
    this.#uses++;
    const { logger } = this.#options;
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? RESPONSE_URL_TIMEOUT_MS),
      });
      const body = await response.text();
      if (response.ok) return 'ok';
      // Slack answers 404 "expired_url" / "used_url" when the limits were reached elsewhere.
      logger.warn(
        { status: response.status, body: body.slice(0, 200) },
        'slack: response_url refused the post',
      );
      return /expired_url|used_url/u.test(body) ? 'exhausted' : 'failed';
    } catch (error) {
      logger.warn({ err: error }, 'slack: response_url post failed');
      return 'failed';
    }
  }
}
