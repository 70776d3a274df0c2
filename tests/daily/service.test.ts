import { describe, expect, it } from 'vitest';
import type { DailyService } from '../../src/daily/service.ts';
import { seededRng } from '../../src/storage/rotation.ts';
import type { Database } from '../../src/storage/sql.ts';
import { type Databases, engines, useDatabases } from '../support/storage.ts';
import {
  DAY,
  FakeClock,
  FakePlatform,
  FakeSender,
  HOUR,
  MINUTE,
  makeFacts,
  makeService,
} from './helpers.ts';

/** Opens one database that can be opened again, as a restarted or second process would. */
function sharedDb(dbs: Databases): () => Promise<Database> {
  let first: Promise<Database> | null = null;
  return () => {
    if (!first) {
      first = dbs.open({ file: true });
      return first;
    }
    return first.then((db) => dbs.reopen(db));
  };
}

function subscribe(
  service: DailyService,
  channelId: string,
  localTime = '09:00',
  timeZone = 'UTC',
) {
  return service.subscriptions.upsert({
    platform: 'discord',
    guildId: 'g1',
    channelId,
    localTime,
    timeZone,
    createdBy: 'admin',
  });
}

/** Ticks every minute from the clock's time for `ms`. */
async function runFor(service: DailyService, clock: FakeClock, ms: number): Promise<void> {
  const end = clock.ms + ms;
  for (; clock.ms < end; clock.advance(MINUTE)) await service.tick();
}

describe.each(engines)('on $name', (engine) => {
  const dbs = useDatabases(engine);

  describe('DailyService: one post per day', () => {
    it('posts once a day per channel at the slot, rotating facts, across a DST change', async () => {
      // 00:00 in New York, 06:00 in Berlin: both slots still ahead today.
      const clock = new FakeClock('2025-03-08T05:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      const service = makeService(await dbs.open(), clock, sender, { rng: seededRng(1) });
      await subscribe(service, 'berlin', '09:00', 'Europe/Berlin');
      await subscribe(service, 'ny', '02:30', 'America/New_York');
      await runFor(service, clock, 6 * DAY);

      const berlin = platform.postsIn('berlin');
      expect(berlin.map((p) => new Date(p.at).toISOString())).toEqual([
        '2025-03-08T08:00:00.000Z',
        '2025-03-09T08:00:00.000Z',
        '2025-03-10T08:00:00.000Z',
        '2025-03-11T08:00:00.000Z',
        '2025-03-12T08:00:00.000Z',
        '2025-03-13T08:00:00.000Z',
      ]);
      // New York skips 02:30 on 2025-03-09: the post goes out when the clock jumps to 03:00 EDT.
      expect(platform.postsIn('ny').map((p) => new Date(p.at).toISOString())).toEqual([
        '2025-03-08T07:30:00.000Z',
        '2025-03-09T07:00:00.000Z',
        '2025-03-10T06:30:00.000Z',
        '2025-03-11T06:30:00.000Z',
        '2025-03-12T06:30:00.000Z',
        '2025-03-13T06:30:00.000Z',
      ]);
      // Five facts: all different, counting down, then a new cycle.
      const footers = berlin.map((p) => p.reply.footer ?? '');
      expect(new Set(footers.slice(0, 5).map((f) => f.split(' ')[0])).size).toBe(5);
      expect(footers.map((f) => f.split(' ')[1])).toEqual([
        'remaining:4',
        'remaining:3',
        'remaining:2',
        'remaining:1',
        'remaining:0',
        'remaining:4',
      ]);
      expect(
        await service.subscriptions.get({ platform: 'discord', channelId: 'berlin' }),
      ).toMatchObject({
        lastPostedLocalDate: '2025-03-13',
      });
      expect(sender.sendCalls.every((c) => c.embeds === true)).toBe(true);
    });

    it('passes embeds:false through so the adapter renders plain text', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const sender = new FakeSender(new FakePlatform(clock));
      sender.embeds = false;
      const service = makeService(await dbs.open(), clock, sender);
      await subscribe(service, 'c1');
      expect((await service.tick()).posted).toBe(1);
      expect(sender.sendCalls).toEqual([expect.objectContaining({ embeds: false })]);
    });

    it('asks the pool for the subscription topic and skips when it is empty', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const sender = new FakeSender(new FakePlatform(clock));
      const topics: (string | undefined)[] = [];
      const service = makeService(await dbs.open(), clock, sender, {
        factPool: (topic) => {
          topics.push(topic);
          return topic === 'empty' ? [] : makeFacts(3);
        },
      });
      await service.subscriptions.upsert({
        platform: 'discord',
        guildId: 'g',
        channelId: 'c1',
        localTime: '09:00',
        timeZone: 'UTC',
        topic: 'empty',
        createdBy: 'a',
      });
      await subscribe(service, 'c2');
      const summary = await service.tick();
      expect(summary).toMatchObject({ posted: 1, 'no-facts': 1 });
      expect(topics.sort()).toEqual(['empty', undefined].sort());
    });
  });

  describe('DailyService: restarts', () => {
    const cases: [string, string, number, string[]][] = [
      // [down at, label, hours down, expected post times after the restart within 3 days]
      ['2025-06-01T09:30:00Z', 'after today', 1, ['2025-06-02T09:00:00.000Z']],
      ['2025-06-01T09:30:00Z', 'after today', 23, ['2025-06-02T09:00:00.000Z']],
      ['2025-06-01T09:30:00Z', 'after today', 49, ['2025-06-03T10:30:00.000Z']],
      ['2025-06-01T08:00:00Z', 'before today', 1, ['2025-06-01T09:00:00.000Z']],
      ['2025-06-01T08:00:00Z', 'before today', 23, ['2025-06-02T09:00:00.000Z']],
      ['2025-06-01T08:00:00Z', 'before today', 49, ['2025-06-03T09:00:00.000Z']],
    ];
    it.each(cases)('down at %s (%s) for %i h', async (downAt, _label, hours, expected) => {
      const open = sharedDb(dbs);
      const clock = new FakeClock('2025-06-01T00:00:00Z');
      const platform = new FakePlatform(clock);
      const first = makeService(await open(), clock, new FakeSender(platform));
      await subscribe(first, 'c1');
      await runFor(first, clock, Date.parse(downAt) - clock.ms);
      const before = platform.posts.length;
      clock.advance(hours * HOUR);
      // A new process: new connection, new instance id.
      const second = makeService(await open(), clock, new FakeSender(platform));
      await runFor(second, clock, Date.parse('2025-06-04T00:00:00Z') - clock.ms);
      const after = platform.posts.slice(before).map((p) => new Date(p.at).toISOString());
      // Only the expected catch-up/slot posts up to the end of 06-03 (the run ends at 06-04 00:00).
      const lastDay = after.filter((t) => t < '2025-06-04');
      expect(lastDay.slice(0, expected.length)).toEqual(expected);
      // Never two posts on one day, never a back-filled day.
      const days = platform.posts.map((p) => new Date(p.at).toISOString().slice(0, 10));
      expect(new Set(days).size).toBe(days.length);
      const skipped = await second.ledger.get({
        platform: 'discord',
        channelId: 'c1',
        localDate: '2025-06-02',
      });
      expect(skipped === null).toBe(hours === 49);
    });
  });

  describe('DailyService: crash between send and mark', () => {
    it('re-sends the same fact with the same nonce, and the platform shows one post', async () => {
      const open = sharedDb(dbs);
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const crashing = new FakeSender(platform);
      let delivered!: () => void;
      const deliveredP = new Promise<void>((r) => {
        delivered = r;
      });
      // The message goes out, then the process dies before it can record that.
      crashing.afterDeliver = () => {
        delivered();
        return new Promise<void>(() => {});
      };
      const dbA = await open();
      const a = makeService(dbA, clock, crashing, { instanceId: 'A' });
      await subscribe(a, 'c1');
      void a.tick();
      await deliveredP;
      await dbA.close();
      expect(platform.posts).toHaveLength(1);
      const firstNonce = platform.posts[0]?.nonce;

      // Restarted within the lease: the row is still held, nothing is sent yet.
      clock.advance(30_000);
      const senderB = new FakeSender(platform);
      const b = makeService(await open(), clock, senderB, { instanceId: 'B' });
      expect(await b.tick()).toMatchObject({ busy: 1, posted: 0 });
      // Once the lease lapses the same nonce is re-sent and deduplicated.
      clock.advance(2 * MINUTE);
      expect(await b.tick()).toMatchObject({ posted: 1 });
      expect(senderB.sendCalls).toEqual([{ channelId: 'c1', nonce: firstNonce, embeds: true }]);
      expect(platform.posts).toHaveLength(1);
      const row = await b.ledger.get({
        platform: 'discord',
        channelId: 'c1',
        localDate: '2025-06-01',
      });
      expect(row).toMatchObject({ status: 'sent', messageId: platform.posts[0]?.messageId });
      // The same fact was re-sent, and it counts once in the rotation.
      expect(platform.posts[0]?.reply.footer).toContain(`fact:${row?.factId}`);
      expect((await b.rotation.usedInCycle({ platform: 'discord', channelId: 'c1' })).size).toBe(1);
      await runFor(b, clock, 12 * HOUR);
      expect(platform.posts).toHaveLength(1);
    });

    it('a lost response (send threw after delivery) is retried with the same nonce', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      let lose = true;
      sender.afterDeliver = async () => {
        if (lose) {
          lose = false;
          throw new Error('socket hang up');
        }
      };
      const service = makeService(await dbs.open(), clock, sender);
      await subscribe(service, 'c1');
      expect(await service.tick()).toMatchObject({ retry: 1 });
      clock.advance(MINUTE);
      expect(await service.tick()).toMatchObject({ posted: 1 });
      expect(new Set(sender.sendCalls.map((c) => c.nonce)).size).toBe(1);
      expect(platform.posts).toHaveLength(1);
    });
  });

  describe('DailyService: two services on one file', () => {
    it('post once per channel per day when racing', async () => {
      const open = sharedDb(dbs);
      const clock = new FakeClock('2025-06-01T08:58:00Z');
      const platform = new FakePlatform(clock);
      // No nonce dedup here: count raw send calls across both services.
      const sends: string[] = [];
      const counting = () => {
        const s = new FakeSender(platform);
        const send = s.send.bind(s);
        s.send = async (channelId, reply, nonce, options) => {
          sends.push(channelId);
          return send(channelId, reply, nonce, options);
        };
        return s;
      };
      const a = makeService(await open(), clock, counting());
      const b = makeService(await open(), clock, counting());
      for (let i = 0; i < 10; i++) await subscribe(a, `c${i}`);
      for (let m = 0; m < 5; m++) {
        const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
        expect(ra.error + rb.error).toBe(0);
        clock.advance(MINUTE);
      }
      expect(sends.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}`).sort());
      expect(platform.posts).toHaveLength(10);
    });
  });

  describe('DailyService: failures', () => {
    // Which platform errors are permanent is the adapter's knowledge (Discord's codes are mapped
    // and tested in tests/adapters/discord/sender.test.ts); the service only reads `permanent`.
    it.each([
      [50013, 'access'],
      [10003, 'send'],
      ['channel_not_found', 'access'],
      ['is_archived', 'send'],
    ] as const)(
      'a permanent failure (code %s) on %s disables only that subscription',
      async (code, where) => {
        const clock = new FakeClock('2025-06-01T09:00:00Z');
        const platform = new FakePlatform(clock);
        const sender = new FakeSender(platform);
        const failure = { ok: false as const, permanent: true, code, reason: 'Discord said no' };
        if (where === 'access') sender.accessFailures.set('bad', [failure]);
        else sender.sendFailures.set('bad', [failure]);
        const service = makeService(await dbs.open(), clock, sender);
        await subscribe(service, 'good1');
        await subscribe(service, 'bad');
        await subscribe(service, 'good2');
        expect(await service.tick()).toMatchObject({ posted: 2, disabled: 1 });
        const bad = await service.subscriptions.get({ platform: 'discord', channelId: 'bad' });
        expect(bad).toMatchObject({
          enabled: false,
          disabledReason: `Discord said no (code ${code})`,
        });
        expect(platform.postsIn('good1')).toHaveLength(1);
        expect(platform.postsIn('good2')).toHaveLength(1);
        const calls = sender.accessCalls.length;
        await runFor(service, clock, DAY + MINUTE);
        expect(sender.accessCalls.filter((c) => c === 'bad')).toHaveLength(1);
        expect(sender.accessCalls.length).toBe(calls + 2);
      },
    );

    it('disables when the adapter says permanent without a code; re-enabling posts today', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      sender.sendFailures.set('c1', [{ ok: false, permanent: true, reason: 'channel_not_found' }]);
      const service = makeService(await dbs.open(), clock, sender);
      await subscribe(service, 'c1');
      expect(await service.tick()).toMatchObject({ disabled: 1 });
      expect(
        (await service.status({ platform: 'discord', channelId: 'c1' })).nextPostAt,
      ).toBeNull();
      clock.advance(10 * MINUTE);
      await subscribe(service, 'c1');
      expect(await service.tick()).toMatchObject({ posted: 1 });
      expect(new Set(sender.sendCalls.map((c) => c.nonce)).size).toBe(1);
    });

    it('a platform code without `permanent` is retried: the service does not interpret codes', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      sender.sendFailures.set('c1', [{ ok: false, permanent: false, code: 50013, reason: 'no' }]);
      const service = makeService(await dbs.open(), clock, sender);
      await subscribe(service, 'c1');
      expect(await service.tick()).toMatchObject({ retry: 1, disabled: 0 });
      expect(
        (await service.subscriptions.get({ platform: 'discord', channelId: 'c1' }))?.enabled,
      ).toBe(true);
      clock.advance(MINUTE);
      expect(await service.tick()).toMatchObject({ posted: 1 });
    });

    it('retries a transient 5xx later the same day with the same nonce', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      const outage = { ok: false as const, permanent: false, reason: 'HTTP 503' };
      sender.sendFailures.set('c1', [outage, outage, new Error('ECONNRESET')]);
      sender.accessFailures.set('c1', [{ ok: false, permanent: false, reason: 'HTTP 502' }]);
      const service = makeService(await dbs.open(), clock, sender);
      await subscribe(service, 'c1');
      await subscribe(service, 'c2');
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const s = await service.tick();
        outcomes.push(s.posted ? `posted:${s.posted}` : s.retry ? 'retry' : 'idle');
        clock.advance(MINUTE);
      }
      expect(outcomes).toEqual(['posted:1', 'retry', 'retry', 'retry', 'posted:1', 'idle']);
      expect(platform.postsIn('c1')).toHaveLength(1);
      expect(platform.postsIn('c1')[0]?.at).toBe(Date.parse('2025-06-01T09:04:00Z'));
      expect(
        new Set(sender.sendCalls.filter((c) => c.channelId === 'c1').map((c) => c.nonce)).size,
      ).toBe(1);
      expect(
        (await service.subscriptions.get({ platform: 'discord', channelId: 'c1' }))?.enabled,
      ).toBe(true);
    });

    it('gives up for the day after too many attempts, and posts normally the next day', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      const outage = { ok: false as const, permanent: false, reason: 'HTTP 500' };
      sender.sendFailures.set(
        'c1',
        Array.from({ length: 3 }, () => outage),
      );
      const service = makeService(await dbs.open(), clock, sender, { maxAttemptsPerDay: 2 });
      await subscribe(service, 'c1');
      const summaries = [];
      for (let i = 0; i < 4; i++) {
        summaries.push(await service.tick());
        clock.advance(MINUTE);
      }
      expect(summaries.map((s) => (s.retry ? 'retry' : s['given-up'] ? 'given-up' : '?'))).toEqual([
        'retry',
        'retry',
        'given-up',
        'given-up',
      ]);
      clock.set('2025-06-02T09:00:00Z');
      // The third scripted 500 is still queued: one more retry, then the post.
      expect(await service.tick()).toMatchObject({ retry: 1 });
      clock.advance(MINUTE);
      expect(await service.tick()).toMatchObject({ posted: 1 });
    });

    it('never throws: bad rows, throwing builders and senders are contained', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const platform = new FakePlatform(clock);
      const sender = new FakeSender(platform);
      sender.checkAccess = async (channelId) => {
        if (channelId === 'boom') throw new Error('gateway down');
        return { ok: true, embeds: true };
      };
      const db = await dbs.open();
      const service = makeService(db, clock, sender, {
        buildPost: (fact) => {
          if (fact.id.startsWith('broken')) throw new Error('render bug');
          return {
            kind: 'message',
            visibility: 'public',
            blocks: [],
            actions: [],
            footer: fact.id,
          };
        },
        factPool: (topic) => makeFacts(5, topic === 'broken' ? 'broken' : 'f'),
      });
      await service.subscriptions.upsert({
        platform: 'discord',
        guildId: 'g1',
        channelId: 'builder',
        localTime: '09:00',
        timeZone: 'UTC',
        topic: 'broken',
        createdBy: 'admin',
      });
      await subscribe(service, 'boom');
      await subscribe(service, 'ok');
      // A row written by an older version with a zone this runtime does not know.
      await db.run(
        `INSERT INTO subscriptions (platform, guild_id, channel_id, local_time, time_zone,
           created_by, created_at, updated_at)
         VALUES ('discord', 'g1', 'weird', '09:00', 'Mars/Olympus_Mons', 'x', '', '')`,
      );
      const summary = await service.tick();
      expect(summary).toMatchObject({ error: 1, retry: 1, disabled: 1, posted: 1 });
      expect(
        await service.subscriptions.get({ platform: 'discord', channelId: 'weird' }),
      ).toMatchObject({
        enabled: false,
        disabledReason: 'invalid schedule: unknown time zone: Mars/Olympus_Mons',
      });
      expect(
        (await service.status({ platform: 'discord', channelId: 'weird' })).nextPostAt,
      ).toBeNull();
      expect(platform.postsIn('ok')).toHaveLength(1);
      // The builder's row was released, so the next tick tries again at once.
      clock.advance(MINUTE);
      expect(await service.tick()).toMatchObject({ error: 1, retry: 1, busy: 0 });
    });

    it('skips platforms without a sender', async () => {
      const clock = new FakeClock('2025-06-01T09:00:00Z');
      const service = makeService(await dbs.open(), clock, new FakeSender(new FakePlatform(clock)));
      await service.subscriptions.upsert({
        platform: 'slack',
        guildId: 'T1',
        channelId: 'C1',
        localTime: '09:00',
        timeZone: 'UTC',
        createdBy: 'u',
      });
      expect(await service.tick()).toMatchObject({ 'no-sender': 1 });
    });
  });

  describe('DailyService: status, start and stop', () => {
    it('reports the next post time', async () => {
      const clock = new FakeClock('2025-06-01T08:00:00Z');
      const service = makeService(await dbs.open(), clock, new FakeSender(new FakePlatform(clock)));
      const ref = { platform: 'discord' as const, channelId: 'c1' };
      expect(await service.status(ref)).toEqual({
        subscription: null,
        nextPostAt: null,
        today: null,
      });
      await subscribe(service, 'c1', '09:00', 'Asia/Kolkata');
      // 09:00 IST is 03:30 UTC: today's slot passed and nothing was posted, so it is due now.
      expect((await service.status(ref)).nextPostAt?.toISOString()).toBe(
        '2025-06-01T08:00:00.000Z',
      );
      await service.tick();
      const status = await service.status(ref);
      expect(status.nextPostAt?.toISOString()).toBe('2025-06-02T03:30:00.000Z');
      expect(status.today).toMatchObject({ status: 'sent', localDate: '2025-06-01' });
    });

    it('start() ticks at once (catch-up) and stop() waits for it', async () => {
      const clock = new FakeClock('2025-06-01T12:00:00Z');
      const platform = new FakePlatform(clock);
      const service = makeService(await dbs.open(), clock, new FakeSender(platform));
      await subscribe(service, 'c1');
      service.start();
      service.start();
      await service.stop();
      expect(platform.posts).toHaveLength(1);
      await service.stop();
    });
  });
});
