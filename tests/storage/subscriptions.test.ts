import { describe, expect, it } from 'vitest';
import {
  ForeignChannelError,
  openDatabase,
  SubscriptionRepository,
} from '../../src/storage/index.ts';

function setup() {
  let now = new Date('2025-06-01T12:00:00Z');
  const db = openDatabase(':memory:');
  const repo = new SubscriptionRepository(db, () => now);
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { db, repo, advance };
}

const base = {
  platform: 'discord' as const,
  guildId: 'g1',
  channelId: 'c1',
  localTime: '09:00',
  timeZone: 'Europe/Berlin',
  createdBy: 'u1',
};

describe('SubscriptionRepository', () => {
  it('upserts one subscription per channel', () => {
    const { repo, advance } = setup();
    const first = repo.upsert(base);
    expect(first).toMatchObject({ ...base, topic: null, enabled: true, lastPostedLocalDate: null });
    advance(1000);
    const second = repo.upsert({ ...base, localTime: '18:30', topic: 'missiles', createdBy: 'u2' });
    expect(second.localTime).toBe('18:30');
    expect(second.topic).toBe('missiles');
    expect(second.createdBy).toBe('u1');
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(repo.listByGuild('discord', 'g1')).toHaveLength(1);
  });

  it('validates the time and zone', () => {
    const { repo } = setup();
    expect(() => repo.upsert({ ...base, localTime: '25:00' })).toThrow(RangeError);
    expect(() => repo.upsert({ ...base, timeZone: 'Europe/Atlantis' })).toThrow(RangeError);
  });

  it('disables with a reason, re-enables on upsert and keeps the last posted date', () => {
    const { repo } = setup();
    repo.upsert(base);
    repo.setLastPosted(base, '2025-06-01');
    expect(repo.disable(base, 'Missing Permissions (code 50013)')).toBe(true);
    const off = repo.get(base);
    expect(off).toMatchObject({
      enabled: false,
      disabledReason: 'Missing Permissions (code 50013)',
    });
    expect(off?.disabledAt).not.toBeNull();
    expect(repo.listEnabled()).toEqual([]);
    const on = repo.upsert(base);
    expect(on).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    expect(on.lastPostedLocalDate).toBe('2025-06-01');
  });

  it('never moves the last posted date backwards', () => {
    const { repo } = setup();
    repo.upsert(base);
    repo.setLastPosted(base, '2025-06-02');
    repo.setLastPosted(base, '2025-06-01');
    expect(repo.get(base)?.lastPostedLocalDate).toBe('2025-06-02');
  });

  it('lists enabled subscriptions across platforms and by guild; deletes', () => {
    const { repo } = setup();
    repo.upsert(base);
    repo.upsert({ ...base, channelId: 'c2' });
    repo.upsert({ ...base, guildId: 'g2', channelId: 'c3' });
    repo.upsert({ ...base, platform: 'slack', guildId: 'T1', channelId: 'C9' });
    repo.disable({ platform: 'discord', channelId: 'c2' }, 'gone');
    expect(repo.listEnabled().map((s) => s.channelId)).toEqual(['c1', 'c3', 'C9']);
    expect(repo.listEnabled('slack').map((s) => s.channelId)).toEqual(['C9']);
    expect(repo.listByGuild('discord', 'g1').map((s) => s.channelId)).toEqual(['c1', 'c2']);
    expect(repo.deleteInGuild({ platform: 'discord', guildId: 'g1', channelId: 'c1' })).toBe(true);
    expect(repo.deleteInGuild({ platform: 'discord', guildId: 'g1', channelId: 'c1' })).toBe(false);
    expect(repo.get({ platform: 'discord', channelId: 'c1' })).toBeNull();
  });

  it('scopes what members ask for by their server: another server’s channel is not found, not deleted, not taken over', () => {
    const { repo } = setup();
    repo.upsert(base);
    const foreign = { platform: 'discord' as const, guildId: 'g2', channelId: 'c1' };
    expect(repo.inGuild(foreign)).toBeNull();
    expect(repo.deleteInGuild(foreign)).toBe(false);
    expect(() => repo.upsert({ ...base, guildId: 'g2', localTime: '18:00' })).toThrow(
      ForeignChannelError,
    );
    expect(repo.inGuild({ ...foreign, guildId: 'g1' })).toMatchObject({
      guildId: 'g1',
      localTime: '09:00',
    });
  });
});
