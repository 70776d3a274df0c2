import { describe, expect, it } from 'vitest';
import { ForeignChannelError, SubscriptionRepository } from '../../src/storage/index.ts';
import { engines, useDatabases } from '../support/storage.ts';

const base = {
  platform: 'discord' as const,
  guildId: 'g1',
  channelId: 'c1',
  localTime: '09:00',
  timeZone: 'Europe/Berlin',
  createdBy: 'u1',
};

describe.each(engines)('SubscriptionRepository on $name', (engine) => {
  const dbs = useDatabases(engine);

  async function setup() {
    let now = new Date('2025-06-01T12:00:00Z');
    const db = await dbs.open();
    const repo = new SubscriptionRepository(db, () => now);
    const advance = (ms: number) => {
      now = new Date(now.getTime() + ms);
    };
    return { db, repo, advance };
  }

  it('upserts one subscription per channel', async () => {
    const { repo, advance } = await setup();
    const first = await repo.upsert(base);
    expect(first).toMatchObject({ ...base, topic: null, enabled: true, lastPostedLocalDate: null });
    advance(1000);
    const second = await repo.upsert({
      ...base,
      localTime: '18:30',
      topic: 'missiles',
      createdBy: 'u2',
    });
    expect(second.localTime).toBe('18:30');
    expect(second.topic).toBe('missiles');
    expect(second.createdBy).toBe('u1');
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(await repo.listByGuild('discord', 'g1')).toHaveLength(1);
  });

  it('validates the time and zone', async () => {
    const { repo } = await setup();
    await expect(repo.upsert({ ...base, localTime: '25:00' })).rejects.toThrow(RangeError);
    await expect(repo.upsert({ ...base, timeZone: 'Europe/Atlantis' })).rejects.toThrow(RangeError);
  });

  it('disables with a reason, re-enables on upsert and keeps the last posted date', async () => {
    const { repo } = await setup();
    await repo.upsert(base);
    await repo.setLastPosted(base, '2025-06-01');
    expect(await repo.disable(base, 'Missing Permissions (code 50013)')).toBe(true);
    const off = await repo.get(base);
    expect(off).toMatchObject({
      enabled: false,
      disabledReason: 'Missing Permissions (code 50013)',
    });
    expect(off?.disabledAt).not.toBeNull();
    expect(await repo.listEnabled()).toEqual([]);
    const on = await repo.upsert(base);
    expect(on).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    expect(on.lastPostedLocalDate).toBe('2025-06-01');
  });

  it('never moves the last posted date backwards', async () => {
    const { repo } = await setup();
    await repo.upsert(base);
    await repo.setLastPosted(base, '2025-06-02');
    await repo.setLastPosted(base, '2025-06-01');
    expect((await repo.get(base))?.lastPostedLocalDate).toBe('2025-06-02');
  });

  it('lists enabled subscriptions in the order they were made, across platforms and by guild; deletes', async () => {
    const { repo } = await setup();
    await repo.upsert({ ...base, channelId: 'c3', guildId: 'g2' });
    await repo.upsert(base);
    await repo.upsert({ ...base, channelId: 'c2' });
    await repo.upsert({ ...base, platform: 'slack', guildId: 'T1', channelId: 'C9' });
    // Re-subscribing keeps a channel's place.
    await repo.upsert({ ...base, channelId: 'c3', guildId: 'g2', localTime: '10:00' });
    await repo.disable({ platform: 'discord', channelId: 'c2' }, 'gone');
    expect((await repo.listEnabled()).map((s) => s.channelId)).toEqual(['c3', 'c1', 'C9']);
    expect((await repo.listEnabled('slack')).map((s) => s.channelId)).toEqual(['C9']);
    // Byte order, as SQLite compares: upper case before lower case.
    await repo.upsert({ ...base, channelId: 'C0' });
    expect((await repo.listByGuild('discord', 'g1')).map((s) => s.channelId)).toEqual([
      'C0',
      'c1',
      'c2',
    ]);
    expect(await repo.deleteInGuild({ platform: 'discord', guildId: 'g1', channelId: 'c1' })).toBe(
      true,
    );
    expect(await repo.deleteInGuild({ platform: 'discord', guildId: 'g1', channelId: 'c1' })).toBe(
      false,
    );
    expect(await repo.get({ platform: 'discord', channelId: 'c1' })).toBeNull();
  });

  it('scopes what members ask for by their server: another server’s channel is not found, not deleted, not taken over', async () => {
    const { repo } = await setup();
    await repo.upsert(base);
    const foreign = { platform: 'discord' as const, guildId: 'g2', channelId: 'c1' };
    expect(await repo.inGuild(foreign)).toBeNull();
    expect(await repo.deleteInGuild(foreign)).toBe(false);
    await expect(repo.upsert({ ...base, guildId: 'g2', localTime: '18:00' })).rejects.toThrow(
      ForeignChannelError,
    );
    expect(await repo.inGuild({ ...foreign, guildId: 'g1' })).toMatchObject({
      guildId: 'g1',
      localTime: '09:00',
    });
  });
});
