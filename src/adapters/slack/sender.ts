/**
 * The Slack side of the daily post: chat.postMessage with the fact as Block Kit. Slack has no
 * idempotency key (nothing like Discord's enforce_nonce), so a post whose success was lost (the
 * process died between Slack's answer and the ledger's record, or the answer timed out) is sent
 * again: daily posts to Slack are delivered at least once. Errors that mean "not until someone
 * acts" disable the subscription; a 429 is waited out when Slack asks for a short pause and left
 * to a later tick otherwise.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { MessageReply } from '../../answer/reply.ts';
import type { Sender, SendFailure, SendResult } from '../../daily/sender.ts';
import { renderSlackMessage } from './render.ts';
import { slackErrorText } from './responder.ts';

/**
 * Slack `error` codes after which posting to the channel cannot succeed until someone acts: the
 * channel is gone or archived, the bot is not in it, or its token is no longer valid.
 */
export const PERMANENT_SLACK_ERRORS: Readonly<Record<string, string>> = {
  channel_not_found: 'the channel was not found (deleted, or private without the bot)',
  not_in_channel: 'the bot is not in the channel',
  is_archived: 'the channel is archived',
  invalid_auth: 'the bot token is not valid',
  account_inactive: 'the bot was deactivated',
  token_revoked: 'the bot token was revoked',
  missing_scope: 'the app lacks the chat:write scope',
};

/** Ours: a Retry-After up to this long is waited out within the tick; longer ones retry later. */
export const MAX_RETRY_AFTER_MS = 30_000;
/** Ours: at most this many 429s are waited out for one post. */
export const MAX_RATE_LIMIT_WAITS = 2;

export interface SlackSenderOptions {
  client: webApi.WebClient;
  logger: Logger;
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A Web API failure as a SendFailure: permanent codes disable the subscription. */
export function failureOf(error: unknown): SendFailure {
  const reason = slackErrorText(error);
  if (typeof error === 'object' && error !== null && 'code' in error) {
    if (error.code === webApi.ErrorCode.PlatformError) {
      const known = Object.hasOwn(PERMANENT_SLACK_ERRORS, reason)
        ? PERMANENT_SLACK_ERRORS[reason]
        : undefined;
      return {
        ok: false,
        permanent: known !== undefined,
        code: reason,
        reason: known ?? 'Slack refused the post',
      };
    }
    if (error.code === webApi.ErrorCode.RateLimitedError)
      return { ok: false, permanent: false, code: 429, reason: 'rate limited by Slack' };
  }
  return { ok: false, permanent: false, reason };
}

/** The Retry-After of a rate-limited error, in ms, or null for any other error. */
function retryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  if (error.code !== webApi.ErrorCode.RateLimitedError || !('retryAfter' in error)) return null;
  return typeof error.retryAfter === 'number' ? error.retryAfter * 1000 : null;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the daily-post Sender over a Web API client.
 * @example const sender = createSlackSender({ client: app.client, logger });
 */
export function createSlackSender(options: SlackSenderOptions): Sender {
  const { client, logger } = options;
  const maxWait = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
  const sleep = options.sleep ?? sleepMs;
  return {
    // Slack has no permission to read beforehand that chat.postMessage would not report, and no
    // ban for refused requests: the post itself is the check. Block Kit is always allowed.
    async checkAccess() {
      return { ok: true, embeds: true };
    },

    async send(channelId: string, reply: MessageReply): Promise<SendResult> {
      // A channel post is seen by everyone; the reply's visibility only applies to interactions.
      const message = renderSlackMessage({ ...reply, visibility: 'public' }, { pictures: 'alt' });
      if (message.warnings.length > 0)
        logger.warn(
          { channelId, warnings: message.warnings },
          'slack: daily post adjusted to fit limits',
        );
      for (let waits = 0; ; waits++) {
        try {
          const posted = await client.chat.postMessage({
            channel: channelId,
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            unfurl_media: false,
          });
          return { ok: true, messageId: posted.ts ?? '' };
        } catch (error) {
          const wait = retryAfterMs(error);
          if (wait !== null && wait <= maxWait && waits < MAX_RATE_LIMIT_WAITS) {
            logger.info({ channelId, waitMs: wait }, 'slack: rate limited; waiting as asked');
            await sleep(wait);
            continue;
          }
          const failure = failureOf(error);
          logger.warn(
            { channelId, code: failure.code, permanent: failure.permanent, err: error },
            'slack: daily post failed',
          );
          return failure;
        }
      }
    },
  };
}
