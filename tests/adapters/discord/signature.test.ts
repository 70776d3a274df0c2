import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSignature,
  discordPublicKey,
  TIMESTAMP_WINDOW_SECONDS,
} from '../../../src/adapters/discord/signature.ts';
import { createSigner } from '../../support/fake-discord/index.ts';

const signer = createSigner();
const key = discordPublicKey(signer.publicKeyHex);
const NOW = 1_700_000_000_000;
const ts = String(NOW / 1000);

function check(body: string, headers: { signature?: string; timestamp?: string }, now = NOW) {
  return checkSignature(
    key,
    { signature: headers.signature, timestamp: headers.timestamp, body: Buffer.from(body) },
    now,
  );
}

describe('checkSignature', () => {
  it('accepts what the application key signed, within the window either way', () => {
    const body = '{"type":1}';
    expect(check(body, { signature: signer.sign(ts, body), timestamp: ts })).toEqual({ ok: true });
    const edge = String(NOW / 1000 - TIMESTAMP_WINDOW_SECONDS);
    expect(check(body, { signature: signer.sign(edge, body), timestamp: edge })).toEqual({
      ok: true,
    });
  });

  it('names why it refuses', () => {
    const body = '{"type":1}';
    const good = signer.sign(ts, body);
    expect(check(body, { timestamp: ts })).toEqual({ ok: false, reason: 'missing headers' });
    expect(check(body, { signature: good })).toEqual({ ok: false, reason: 'missing headers' });
    expect(check(body, { signature: 'zz', timestamp: ts })).toEqual({
      ok: false,
      reason: 'malformed headers',
    });
    expect(check(body, { signature: good, timestamp: `${ts}.5` })).toEqual({
      ok: false,
      reason: 'malformed headers',
    });
    expect(check(`${body} `, { signature: good, timestamp: ts })).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    const late = NOW + (TIMESTAMP_WINDOW_SECONDS + 1) * 1000;
    expect(check(body, { signature: good, timestamp: ts }, late)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
    const early = NOW - (TIMESTAMP_WINDOW_SECONDS + 1) * 1000;
    expect(check(body, { signature: good, timestamp: ts }, early)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
  });

  it('any change to the body or the timestamp breaks the signature', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, extra) => {
        const signature = signer.sign(ts, body);
        expect(check(body + extra, { signature, timestamp: ts }).ok).toBe(false);
        const other = String(NOW / 1000 + 1);
        expect(check(body, { signature, timestamp: other }, NOW).ok).toBe(false);
        expect(check(body, { signature, timestamp: ts }).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a public key that is not 64 hex characters is refused with a stable message', () => {
    expect(() => discordPublicKey('abc')).toThrow(
      'discord: the public key must be 64 hexadecimal characters',
    );
  });
});
