/**
 * How this bot talks to Slack's Web API. @slack/web-api's defaults suit a script, not a bot: no
 * request timeout, ten retries over about thirty minutes, and on a 429 it pauses its whole queue
 * for the Retry-After delay before trying again. Here every call has a timeout and two quick
 * retries, and a 429 is returned at once so the caller decides how long it may wait.
 */
import { type Logger as BoltLogger, LogLevel, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';

/** Ours: one Web API request gives up after this long. */
export const WEB_API_TIMEOUT_MS = 10_000;
/** Ours: network errors and 5xx are retried twice, within about 3 seconds. */
export const WEB_API_RETRY: webApi.RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 2000,
  randomize: true,
};

/** The Web API's base URL as @slack/web-api wants it (ending in a slash). */
export function slackApiBase(apiUrl: string | undefined): string | undefined {
  if (apiUrl === undefined) return undefined;
  return apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
}

function line(msg: unknown[]): string {
  return msg
    .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : String(m)))
    .join(' ');
}

/** Bolt's and the SDK's logger interface over our pino logger (they log plain strings). */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ lib: 'slack' });
  return {
    debug: (...msg: unknown[]) => child.debug(line(msg)),
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    // Levels are pino's; the SDK's own setting is ignored.
    setLevel: () => undefined,
    getLevel: () => LogLevel.DEBUG,
    setName: () => undefined,
  };
}

/** WebClient options with a timeout, bounded retries and 429s handed back to the caller. */
export function webClientOptions(
  apiUrl: string | undefined,
  logger: Logger,
  overrides: Partial<webApi.WebClientOptions> = {},
): webApi.WebClientOptions {
  const base = slackApiBase(apiUrl);
  return {
    ...(base === undefined ? {} : { slackApiUrl: base }),
    timeout: WEB_API_TIMEOUT_MS,
    retryConfig: WEB_API_RETRY,
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
    logLevel: LogLevel.DEBUG,
    ...overrides,
  };
}
