/**
 * Discord signs every request to the Interactions Endpoint URL with the application's Ed25519 key
 * over `timestamp + raw body`. Nothing of a request is parsed before its signature checks out.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** An Ed25519 public key as X.509 SubjectPublicKeyInfo DER: this fixed prefix, then the 32 bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * How far a request's timestamp may be from our clock, either way (ours: 5 minutes). Discord
 * sends an interaction the moment it happens and wants the answer within 3 s, so only clock skew
 * needs room; a recorded request replayed later than this is refused, and the window stays well
 * inside the 15 minutes an interaction token can still edit messages. It is the window Slack
 * documents for its own signatures, so both endpoints follow one rule.
 */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/** The application's public key (64 hex characters, from the Developer Portal) as a KeyObject. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/iu.test(hex))
    throw new Error('discord: the public key must be 64 hexadecimal characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'missing headers' | 'malformed headers' | 'bad signature' | 'stale timestamp';
    };

export interface SignedRequest {
  /** The X-Signature-Ed25519 header: 64 bytes as 128 hex characters. */
  signature: string | undefined;
  /** The X-Signature-Timestamp header: Unix seconds. */
  timestamp: string | undefined;
  body: Buffer;
}

/**
 * Checks a request Discord says it sent: both headers present and well formed, the signature
 * valid for `timestamp + body` under `publicKey`, and the timestamp within
 * TIMESTAMP_WINDOW_SECONDS of `nowMs`.
 * @example checkSignature(key, { signature: req.headers['x-signature-ed25519'], timestamp, body }, Date.now())
 */
export function checkSignature(
  publicKey: KeyObject,
  request: SignedRequest,
  nowMs: number,
  windowSeconds = TIMESTAMP_WINDOW_SECONDS,
): SignatureCheck {
  const { signature, timestamp, body } = request;
  if (signature === undefined || timestamp === undefined || signature === '' || timestamp === '')
    return { ok: false, reason: 'missing headers' };
  if (!/^[0-9a-f]{128}$/iu.test(signature) || !/^\d{1,12}$/u.test(timestamp))
    return { ok: false, reason: 'malformed headers' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  if (!verify(null, signed, publicKey, Buffer.from(signature, 'hex')))
    return { ok: false, reason: 'bad signature' };
  // After the signature, so "stale timestamp" in the log always means a request Discord really
  // signed (a skewed clock or a replay), never a forgery.
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > windowSeconds)
    return { ok: false, reason: 'stale timestamp' };
  return { ok: true };
}
