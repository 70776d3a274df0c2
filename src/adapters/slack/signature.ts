/**
 * Slack's request signature (v0), checked in front of Bolt: HMAC-SHA256 of `v0:timestamp:body`
 * with the signing secret, compared in constant time, and a timestamp within five minutes of now
 * in either direction. Bolt alone rejects only old timestamps, so a request signed with a clock
 * far in the future (or captured and replayed later by someone who can sign ahead) would pass it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Ours and Slack's: a request older or newer than this is refused (replay window). */
export const MAX_SKEW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export interface SignedRequest {
  /** The raw body, exactly as received. */
  body: Buffer;
  /** `X-Slack-Request-Timestamp` (seconds since the epoch). */
  timestamp: string | string[] | undefined;
  /** `X-Slack-Signature` (`v0=<hex>`). */
  signature: string | string[] | undefined;
}

/** The signature Slack would send for `body` at `timestamp` (also what tests sign with). */
export function slackSignature(
  signingSecret: string,
  timestamp: string,
  body: Buffer | string,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Checks a request's signature; the reason, for the log, names what was wrong.
 * @example verifySlackSignature(secret, { body, timestamp: req.headers['x-slack-request-timestamp'], signature: req.headers['x-slack-signature'] }, Date.now())
 */
export function verifySlackSignature(
  signingSecret: string,
  request: SignedRequest,
  nowMs: number,
): SignatureCheck {
  const { timestamp, signature } = request;
  if (typeof timestamp !== 'string' || typeof signature !== 'string')
    return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/u.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const skew = Math.floor(nowMs / 1000) - Number(timestamp);
  if (skew > MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp too old' };
  if (skew < -MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp in the future' };
  if (!signature.startsWith('v0=')) return { ok: false, reason: 'unknown signature version' };
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, request.body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
