import { describe, expect, it } from 'vitest';
import { MAX_NONCE_LENGTH, openDatabase, PostLedger } from '../../src/storage/index.ts';

function setup() {
  let now = new Date('2025-06-01T12:00:00Z');
  const db = openDatabase(':memory:');
  const ledger = new PostLedger(db, () => now);
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { ledger, advance };
}

const key = { platform: 'discord' as const, channelId: 'c1', localDate: '2025-06-01' };

describe('PostLedger', () => {
  it('claims once: the second claimer gets the existing row', () => {
    const { ledger } = setup();
    const a = ledger.claim(key, 'A');
    expect(a.acquired).toBe(true);
    expect(a.entry).toMatchObject({ status: 'claimed', leaseOwner: 'A', attempts: 1 });
    expect(a.entry.nonce.length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
    const b = ledger.claim(key, 'B');
    expect(b.acquired).toBe(false);
    expect(b.entry.nonce).toBe(a.entry.nonce);
    // The holder itself does not re-acquire a live lease either (no double send in one process).
    expect(ledger.claim(key, 'A').acquired).toBe(false);
  });

  it('hands an expired claim to the next claimer with the same nonce', () => {
    const { ledger, advance } = setup();
    const a = ledger.claim(key, 'A', 60_000);
    advance(60_000);
    const b = ledger.claim(key, 'B', 60_000);
    expect(b.acquired).toBe(true);
    expect(b.entry).toMatchObject({ nonce: a.entry.nonce, leaseOwner: 'B', attempts: 2 });
  });

  it('release lets the next tick retry at once, keeping nonce and fact', () => {
    const { ledger } = setup();
    const a = ledger.claim(key, 'A');
    ledger.setFact(key, 'fact-1', 0);
    ledger.release(key, '503 Service Unavailable');
    const b = ledger.claim(key, 'A');
    expect(b.acquired).toBe(true);
    expect(b.entry).toMatchObject({
      nonce: a.entry.nonce,
      factId: 'fact-1',
      rotationCycle: 0,
      lastError: '503 Service Unavailable',
    });
  });

  it('sent and failed rows are final for the day', () => {
    const { ledger, advance } = setup();
    ledger.claim(key, 'A');
    expect(ledger.markSent(key, 'm1')).toBe(true);
    expect(ledger.markSent(key, 'm1')).toBe(false);
    advance(3_600_000);
    const again = ledger.claim(key, 'B');
    expect(again.acquired).toBe(false);
    expect(again.entry).toMatchObject({ status: 'sent', messageId: 'm1', leaseOwner: null });

    const other = { ...key, channelId: 'c2' };
    ledger.claim(other, 'A');
    expect(ledger.markFailed(other, 'Unknown Channel (code 10003)')).toBe(true);
    advance(3_600_000);
    expect(ledger.claim(other, 'B')).toMatchObject({
      acquired: false,
      entry: { status: 'failed', lastError: 'Unknown Channel (code 10003)' },
    });
    expect(ledger.revive(other)).toBe(true);
    expect(ledger.claim(other, 'B')).toMatchObject({ acquired: true, entry: { attempts: 1 } });
  });

  it('keys by platform, channel and local date; nonces are unique', () => {
    const { ledger } = setup();
    const nonces = new Set<string>();
    for (const platform of ['discord', 'slack'] as const) {
      for (const localDate of ['2025-06-01', '2025-06-02']) {
        const c = ledger.claim({ ...key, platform, localDate }, 'A');
        expect(c.acquired).toBe(true);
        nonces.add(c.entry.nonce);
      }
    }
    expect(nonces.size).toBe(4);
    expect(ledger.pruneBefore('2025-06-02')).toBe(2);
    expect(ledger.get(key)).toBeNull();
  });
});
