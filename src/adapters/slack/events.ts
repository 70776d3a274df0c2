/**
 * Slack's HTTP endpoint on the bot's one HTTP server: POST /slack/events. Every request's
 * signature is checked here, before Bolt parses anything; a request that fails gets 401 and
 * never reaches Bolt. Bolt's HTTPReceiver then handles it from the body already read.
 */
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  BodyTooLarge,
  jsonTooDeep,
  MAX_JSON_DEPTH,
  type RouteHandler,
  readBody,
  sendJson,
} from '../../http/server.ts';
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
  /**
   * Event ids already taken up: a retry (X-Slack-Retry-Num) of one of them is acknowledged here
   * and never reaches Bolt.
   */
  seen?: { has(id: string): boolean } | undefined;
}

const EventId = z.object({ event_id: z.string() });

/** The Events API event id of a JSON body, or null. */
function eventIdOf(body: Buffer, contentType: string | undefined): string | null {
  if (!(contentType ?? '').includes('application/json')) return null;
  try {
    const parsed = EventId.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data.event_id : null;
  } catch {
    return null;
  }
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
    } catch (error) {
      // Too large: answered, then the connection closes unread; otherwise the client left.
      if (error instanceof BodyTooLarge && !res.headersSent)
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
    if (nestedTooDeep(body, req.headers['content-type'])) {
      options.logger.warn('slack: signed request refused (JSON nested too deep)');
      sendJson(res, 400, { error: 'JSON nested too deep' });
      return;
    }
    const retry = req.headers['x-slack-retry-num'];
    if (retry !== undefined && options.seen) {
      const eventId = eventIdOf(body, req.headers['content-type']);
      if (eventId !== null && options.seen.has(eventId)) {
        options.logger.info(
          { eventId, retry, reason: req.headers['x-slack-retry-reason'] },
          'slack: retried event already taken up; acknowledged',
        );
        res.writeHead(200, { 'x-slack-no-retry': '1' });
        res.end();
        return;
      }
    }
    // Bolt reads `rawBody` when present instead of the (already consumed) stream.
    Object.assign(req, { rawBody: body });
    options.receiver.requestListener(req, res);
  };
}

/**
 * Whether the JSON Bolt would parse (the body, or a form's `payload` field) nests deeper than any
 * Slack payload does: checked without recursion, before Bolt's JSON.parse and the listeners'
 * schemas meet it.
 */
function nestedTooDeep(body: Buffer, contentType: string | undefined): boolean {
  const text = body.toString('utf8');
  if ((contentType ?? '').includes('application/json')) return jsonTooDeep(text, MAX_JSON_DEPTH);
  const payload = new URLSearchParams(text).get('payload');
  return payload !== null && jsonTooDeep(payload, MAX_JSON_DEPTH);
}
