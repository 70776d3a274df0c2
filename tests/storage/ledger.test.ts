import { describe, expect, it } from 'vitest';
import { MAX_NONCE_LENGTH, PostLedger } from '../../src/storage/index.ts';
import { engines, useDatabases } from '../support/storage.ts';

const key = { platform: 'discord' as const, channelId: 'c1', localDate: '2025-06-01' };

describe.each(engines)('PostLedger on $name', (engine) => {
  const dbs = useDatabases(engine);

  async function setup() {
    let now = new Date('2025-06-01T12:00:00Z');
    const db = await dbs.open();
    const ledger = new PostLedger(db, () => now);
    const advance = (ms: number) => {
      now = new Date(now.getTime() + ms);
    };
    return { db, ledger, advance };
  }

  it('claims once: the second claimer gets the existing row', async () => {
    const { ledger } = await setup();
    const a = await ledger.claim(key, 'A');
    expect(a.acquired).toBe(true);
    expect(a.entry).toMatchObject({ status: 'claimed', leaseOwner: 'A', attempts: 1 });
    expect(a.entry.nonce.length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
    const b = await ledger.claim(key, 'B');
    expect(b.acquired).toBe(false);
    expect(b.entry.nonce).toBe(a.entry.nonce);
    // The holder itself does not re-acquire a live lease either (no double send in one process).
    expect((await ledger.claim(key, 'A')).acquired).toBe(false);
  });

  it('hands an expired claim to the next claimer with the same nonce', async () => {
    const { ledger, advance } = await setup();
    const a = await ledger.claim(key, 'A', 60_000);
    advance(59_999);
    expect((await ledger.claim(key, 'B', 60_000)).acquired).toBe(false);
    advance(1);
    const b = await ledger.claim(key, 'B', 60_000);
    expect(b.acquired).toBe(true);
    expect(b.entry).toMatchObject({ nonce: a.entry.nonce, leaseOwner: 'B', attempts: 2 });
    expect(b.entry.leaseUntil).toBe(Date.parse('2025-06-01T12:02:00Z'));
  });

  it('of many claimers at once, on separate connections, exactly one acquires', async () => {
    const db = await dbs.open({ file: true });
    const now = () => new Date('2025-06-01T12:00:00Z');
    const connections = [db, ...(await Promise.all([1, 2, 3].map(() => dbs.reopen(db))))];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        new PostLedger(connections[i % connections.length] ?? db, now).claim(key, `P${i}`),
      ),
    );
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.nonce)).size).toBe(1);
  });

  it('release lets the next tick retry at once, keeping nonce and fact', async () => {
    const { ledger } = await setup();
    const a = await ledger.claim(key, 'A');
    await ledger.setFact(key, 'fact-1', 0);
    await ledger.release(key, '503 Service Unavailable');
    const b = await ledger.claim(key, 'A');
    expect(b.acquired).toBe(true);
    expect(b.entry).toMatchObject({
      nonce: a.entry.nonce,
      factId: 'fact-1',
      rotationCycle: 0,
      lastError: '503 Service Unavailable',
    });
  });

  it('sent and failed rows are final for the day', async () => {
    const { ledger, advance } = await setup();
    await ledger.claim(key, 'A');
    expect(await ledger.markSent(key, 'm1')).toBe(true);
    expect(await ledger.markSent(key, 'm1')).toBe(false);
    advance(3_600_000);
    const again = await ledger.claim(key, 'B');
    expect(again.acquired).toBe(false);
    expect(again.entry).toMatchObject({ status: 'sent', messageId: 'm1', leaseOwner: null });

    const other = { ...key, channelId: 'c2' };
    await ledger.claim(other, 'A');
    expect(await ledger.markFailed(other, 'Unknown Channel (code 10003)')).toBe(true);
    advance(3_600_000);
    expect(await ledger.claim(other, 'B')).toMatchObject({
      acquired: false,
      entry: { status: 'failed', lastError: 'Unknown Channel (code 10003)' },
    });
    expect(await ledger.revive(other)).toBe(true);
    expect(await ledger.claim(other, 'B')).toMatchObject({
      acquired: true,
      entry: { attempts: 1 },
    });
  });

  it('keys by platform, channel and local date; nonces are unique', async () => {
    const { ledger } = await setup();
    const nonces = new Set<string>();
    for (const platform of ['discord', 'slack'] as const) {
      for (const localDate of ['2025-06-01', '2025-06-02']) {
        const c = await ledger.claim({ ...key, platform, localDate }, 'A');
        expect(c.acquired).toBe(true);
        nonces.add(c.entry.nonce);
      }
    }
    expect(nonces.size).toBe(4);
    expect(await ledger.pruneBefore('2025-06-02')).toBe(2);
    expect(await ledger.get(key)).toBeNull();
  });
});
