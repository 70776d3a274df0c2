/**
 * Slack's HTTP endpoint on the bot's one HTTP server: POST /slack/events. Every request's
 * signature is checked here, before Bolt parses anything; a request that fails gets 401 and
 * never reaches Bolt. Bolt's HTTPReceiver then handles it from the body already read.
 */
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { type RouteHandler, readBody, sendJson } from '../../http/server.ts';
import { verifySlackSignature } from './signature.ts';

/** Where Slack sends slash commands, shortcuts and button presses (the manifest's URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** Ours: Slack's interaction payloads are a few kilobytes; nothing legitimate comes near this. */
const MAX_BODY_BYTES = 256 * 1024;

export interface EventsRouteOptions {
  signingSecret: string;
  receiver: HTTPReceiver;
  logger: Logger;
  /** Wall-clock time for the timestamp window (ms since the epoch). */
  now?: () => number;
  /** False once the platform stopped: requests get 503 instead of reaching Bolt. */
  active?: () => boolean;
}

/**
 * The route handler for `POST /slack/events`.
 * @example http.route('POST', SLACK_EVENTS_PATH, slackEventsRoute({ signingSecret, receiver, logger }));
 */
export function slackEventsRoute(options: EventsRouteOptions): RouteHandler {
  const now = options.now ?? Date.now;
  return async (req, res) => {
    if (options.active && !options.active()) {
      sendJson(res, 503, { error: 'stopping' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch {
      sendJson(res, 413, { error: 'body too large' });
      return;
    }
    const check = verifySlackSignature(
      options.signingSecret,
      {
        body,
        timestamp: req.headers['x-slack-request-timestamp'],
        signature: req.headers['x-slack-signature'],
      },
      now(),
    );
    if (!check.ok) {
      options.logger.warn({ reason: check.reason }, 'slack: request refused (signature)');
      sendJson(res, 401, { error: 'invalid request signature' });
      return;
    }
    // Bolt reads `rawBody` when present instead of the (already consumed) stream.
    Object.assign(req, { rawBody: body });
    options.receiver.requestListener(req, res);
  };
}
