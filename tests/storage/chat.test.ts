/**
 * Asking in chat's storage (migration 7) on both engines: /autoanswer's channel settings, the
 * answered-message claims (one claimer per message, across connections), and subscriptions that
 * no longer name their platforms in a CHECK constraint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AnsweredMessageRepository,
  AutoAnswerRepository,
  ForeignAutoAnswerChannel,
  migrations,
  openDatabase,
  openPostgres,
  SubscriptionRepository,
} from '../../src/storage/index.ts';
import { engines, freshPostgresUrl, useDatabases } from '../support/storage.ts';

const claim = {
  platform: 'discord' as const,
  messageId: 'm1',
  guildId: 'g1',
  channelId: 'c1',
  settingsChannelId: 'c1',
  authorId: 'u1',
  trigger: 'mention',
};
const posted = {
  threadKey: 'm1',
  openedThread: true,
  answer: { channelId: 'm1', messageId: 'a1' },
  answerKey: 'k1',
};

describe.each(engines)('asking in chat on $name', (engine) => {
  const dbs = useDatabases(engine);

  async function setup() {
    let now = new Date('2025-06-01T12:00:00Z');
    const db = await dbs.open({ file: true });
    const clock = () => now;
    return {
      db,
      settings: new AutoAnswerRepository(db, clock),
      answered: new AnsweredMessageRepository(db, clock),
      advance: (ms: number) => {
        now = new Date(now.getTime() + ms);
      },
    };
  }

  it('keeps one settings row per channel, scoped by its server', async () => {
    const { settings } = await setup();
    const base = {
      platform: 'discord' as const,
      guildId: 'g1',
      channelId: 'c1',
      mode: 'questions' as const,
      quiet: true,
      humanRole: null,
      createdBy: 'u1',
    };
    expect(await settings.upsert(base)).toMatchObject({ mode: 'questions', quiet: true });
    expect(
      await settings.upsert({ ...base, mode: 'forum', quiet: false, humanRole: 'r1' }),
    ).toMatchObject({ mode: 'forum', quiet: false, humanRole: 'r1' });
    await expect(settings.upsert({ ...base, guildId: 'g2' })).rejects.toThrow(
      ForeignAutoAnswerChannel,
    );
    expect(await settings.get({ platform: 'discord', channelId: 'c1' })).toMatchObject({
      guildId: 'g1',
      mode: 'forum',
    });
    expect(await settings.listByGuild('discord', 'g1')).toHaveLength(1);
    expect(await settings.listByGuild('discord', 'g2')).toHaveLength(0);
    expect(
      await settings.deleteInGuild({ platform: 'discord', guildId: 'g2', channelId: 'c1' }),
    ).toBe(false);
    expect(
      await settings.deleteInGuild({ platform: 'discord', guildId: 'g1', channelId: 'c1' }),
    ).toBe(true);
    expect(await settings.get({ platform: 'discord', channelId: 'c1' })).toBeNull();
  });

  it('a message is claimed once, even by two connections at once', async () => {
    const { db, answered } = await setup();
    const other = new AnsweredMessageRepository(await dbs.reopen(db));
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => answered.claim(claim)),
      ...Array.from({ length: 5 }, () => other.claim(claim)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    // the same id on another platform is another message
    expect(await answered.claim({ ...claim, platform: 'slack' })).toBe(true);
  });

  it('records where the answer went, for deletes, edits, thread replies and Ask a human', async () => {
    const { answered } = await setup();
    await answered.claim(claim);
    expect(await answered.openedThread('discord', 'm1')).toBe(false);
    expect(await answered.answered('discord', 'm1', posted)).toBe(true);
    expect(await answered.get('discord', 'm1')).toMatchObject({
      status: 'answered',
      threadKey: 'm1',
      openedThread: true,
      answer: { channelId: 'm1', messageId: 'a1' },
      answerKey: 'k1',
      answeredAt: '2025-06-01T12:00:00.000Z',
    });
    expect(await answered.openedThread('discord', 'm1')).toBe(true);
    expect((await answered.byAnswerKey('k1'))?.messageId).toBe('m1');
    expect(await answered.claimHumanCall('k1')).toBe(true);
    expect(await answered.claimHumanCall('k1')).toBe(false);
    const gone = await answered.deleted('discord', 'm1');
    expect(gone?.answer).toEqual({ channelId: 'm1', messageId: 'a1' });
    expect(await answered.deleted('discord', 'm1')).toBeNull();
    expect(await answered.openedThread('discord', 'm1')).toBe(false);
  });

  it('a question deleted while it was being answered stays deleted', async () => {
    const { answered } = await setup();
    await answered.claim(claim);
    expect((await answered.deleted('discord', 'm1'))?.answer).toBeNull();
    expect(await answered.answered('discord', 'm1', posted)).toBe(false);
    expect((await answered.get('discord', 'm1'))?.status).toBe('deleted');
  });

  it('forgets messages after the keep period', async () => {
    const { answered, advance } = await setup();
    await answered.claim(claim);
    advance(31 * 86_400_000);
    expect(await answered.prune()).toBe(1);
    expect(await answered.claim(claim)).toBe(true);
  });

  it('subscriptions take any platform id the code lists (no CHECK names them)', async () => {
    const { db } = await setup();
    const subs = new SubscriptionRepository(db);
    const sub = await subs.upsert({
      platform: 'console',
      guildId: 'g',
      channelId: 'c',
      localTime: '09:00',
      timeZone: 'UTC',
      createdBy: 'u',
    });
    expect(sub.platform).toBe('console');
    await db.run(
      `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
         created_by, created_at, updated_at)
       VALUES ('matrix', 'g', 'c2', '09:00', 'UTC', 'u', 'now', 'now')`,
    );
  });
});

describe('migration 7 on a database that has subscriptions', () => {
  const before = migrations.filter((m) => m.version < 7);

  it('SQLite: keeps every row and the order they were made in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-m7-'));
    const path = join(dir, 'old.db');
    const old = openDatabase(path, { migrations: before });
    const insert = old.prepare(
      `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
         created_by, created_at, updated_at) VALUES (?, 'g', ?, '09:00', 'UTC', 'u', 'x', 'x')`,
    );
    for (const channel of ['c9', 'c1', 'c5']) insert.run('discord', channel);
    expect(() => insert.run('matrix', 'c0')).toThrow(/CHECK/u);
    old.close();
    const migrated = openDatabase(path);
    const rows = migrated
      .prepare('SELECT channel_id FROM subscriptions ORDER BY rowid')
      .pluck()
      .all();
    expect(rows).toEqual(['c9', 'c1', 'c5']);
    migrated
      .prepare(
        `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
           created_by, created_at, updated_at) VALUES ('matrix', 'g', 'c0', '09:00', 'UTC', 'u', 'x', 'x')`,
      )
      .run();
    const indexes = migrated
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subscriptions'")
      .pluck()
      .all();
    expect(indexes).toContain('subscriptions_by_guild');
    migrated.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(engines.some((e) => e.name === 'postgres'))(
    'PostgreSQL: drops the platform CHECK and keeps the rows',
    async () => {
      const url = await freshPostgresUrl();
      const old = await openPostgres(url, { poolSize: 1, migrations: before });
      await old.run(
        `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
           created_by, created_at, updated_at) VALUES ('discord', 'g', 'c1', '09:00', 'UTC', 'u', 'x', 'x')`,
      );
      await expect(
        old.run(
          `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
             created_by, created_at, updated_at) VALUES ('matrix', 'g', 'c0', '09:00', 'UTC', 'u', 'x', 'x')`,
        ),
      ).rejects.toThrow(/check/iu);
      await old.close();
      const migrated = await openPostgres(url, { poolSize: 1 });
      try {
        await migrated.run(
          `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
             created_by, created_at, updated_at) VALUES ('matrix', 'g', 'c0', '09:00', 'UTC', 'u', 'x', 'x')`,
        );
        expect(await migrated.all('SELECT channel_id FROM subscriptions ORDER BY seq')).toEqual([
          { channel_id: 'c1' },
          { channel_id: 'c0' },
        ]);
      } finally {
        await migrated.close();
      }
    },
  );
});
