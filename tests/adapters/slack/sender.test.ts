/**
 * Daily posts to Slack through the real WebClient against the fake Slack: the same ledger and
 * rules as Discord, 429s with Retry-After waited out within bounds, each permanent error disabling
 * the subscription with its reason, and (Slack having no idempotency key) at-least-once delivery.
 */
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  createSlackSender,
  failureOf,
  MAX_RETRY_AFTER_MS,
  PERMANENT_SLACK_ERRORS,
} from '../../../src/adapters/slack/sender.ts';
import { webClientOptions } from '../../../src/adapters/slack/web-client.ts';
import type { MessageReply } from '../../../src/answer/reply.ts';
import type { Sender } from '../../../src/daily/sender.ts';
import { DailyService } from '../../../src/daily/service.ts';
import { openSqlite } from '../../../src/storage/sqlite.ts';
import {
  buildPost,
  FakeClock,
  MINUTE,
  makeFacts,
  silentLogger,
  tempDir,
} from '../../daily/helpers.ts';
import { BOT_TOKEN, type FakeSlack, startFakeSlack } from '../../support/fake-slack/index.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.problems).toEqual([]);
});

const client = () => new webApi.WebClient(BOT_TOKEN, webClientOptions(fake.apiUrl, silentLogger));

const post: MessageReply = {
  kind: 'message',
  visibility: 'private',
  title: 'Fact of the day: <!channel> & friends',
  blocks: [{ type: 'text', spans: [{ text: 'Iran sent <@U1> drones.' }] }],
  actions: [],
  footer: 'from the documents',
};

function postsTo(channel: string) {
  return fake.callsOf('chat.postMessage').filter((c) => c.body.channel === channel);
}

describe('the Slack sender', () => {
  test('posts Block Kit with a fallback, escaped, without link previews or link_names', async () => {
    const sender = createSlackSender({ client: client(), logger: silentLogger });
    expect(await sender.checkAccess('C0000NEWS01')).toEqual({ ok: true, embeds: true });
    const result = await sender.send('C0000NEWS01', post, 'nonce-1');
    expect(result).toMatchObject({ ok: true });
    const [call] = postsTo('C0000NEWS01');
    expect(call?.body).toMatchObject({
      channel: 'C0000NEWS01',
      text: 'Fact of the day: &lt;!channel&gt; &amp; friends',
      unfurl_links: 'false',
      unfurl_media: 'false',
    });
    expect(call?.body.link_names).toBeUndefined();
    expect(JSON.stringify(call?.body.blocks)).toContain('Iran sent &lt;@U1&gt; drones.');
  });

  test('a 429 with a short Retry-After is waited out (for as long as Slack asked), then posted', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const waits: number[] = [];
    const sender = createSlackSender({
      client: client(),
      logger: silentLogger,
      sleep: async (ms) => {
        waits.push(ms);
        // the second post must not go out before the wait
        expect(postsTo('C0000RATE01')).toHaveLength(1);
      },
    });
    const result = await sender.send('C0000RATE01', post, 'n');
    expect(result).toMatchObject({ ok: true });
    expect(waits).toEqual([1000]);
    expect(postsTo('C0000RATE01')).toHaveLength(2);
  });

  test('a Retry-After over the bound is not waited: a transient failure for a later tick', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: MAX_RETRY_AFTER_MS / 1000 + 1 });
    const waits: number[] = [];
    const sender = createSlackSender({
      client: client(),
      logger: silentLogger,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const result = await sender.send('C0000RATE02', post, 'n');
    expect(result).toEqual({
      ok: false,
      permanent: false,
      code: 429,
      reason: 'rate limited by Slack',
    });
    expect(waits).toEqual([]);
    expect(postsTo('C0000RATE02')).toHaveLength(1);
  });

  test('repeated 429s are waited out twice at most', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 2 }, 3);
    const waits: number[] = [];
    const sender = createSlackSender({
      client: client(),
      logger: silentLogger,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(await sender.send('C0000RATE03', post, 'n')).toMatchObject({ ok: false, code: 429 });
    expect(waits).toEqual([2000, 2000]);
    expect(postsTo('C0000RATE03')).toHaveLength(3);
  });

  test('errors: Slack codes of lost access are permanent, others transient', () => {
    const platform = (error: string) =>
      failureOf(
        Object.assign(new Error(error), {
          code: webApi.ErrorCode.PlatformError,
          data: { ok: false, error },
        }),
      );
    expect(platform('not_in_channel')).toEqual({
      ok: false,
      permanent: true,
      code: 'not_in_channel',
      reason: 'the bot is not in the channel',
    });
    expect(platform('internal_error')).toMatchObject({ permanent: false, code: 'internal_error' });
    expect(platform('constructor')).toMatchObject({ permanent: false });
    expect(failureOf(new Error('socket hang up'))).toEqual({
      ok: false,
      permanent: false,
      reason: 'socket hang up',
    });
  });
});

describe('daily posts to Slack (the shared ledger and rules)', () => {
  function service(sender: Sender, clock: FakeClock, db = openSqlite(':memory:'), id = 'A') {
    return new DailyService({
      db,
      senders: { slack: sender },
      factPool: () => makeFacts(5),
      buildPost,
      logger: silentLogger,
      clock: clock.now,
      instanceId: id,
    });
  }
  function subscribe(s: DailyService, channelId: string) {
    return s.subscriptions.upsert({
      platform: 'slack',
      guildId: 'T0000FAKE',
      channelId,
      localTime: '09:00',
      timeZone: 'Europe/Paris',
      createdBy: 'U0000ADMIN',
    });
  }

  test.each(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth'])(
    '%s disables the subscription and says why',
    async (error) => {
      const channel = `C0${error.toUpperCase().replace(/_/gu, '').slice(0, 10)}`;
      fake.fail('chat.postMessage', { error });
      const clock = new FakeClock('2025-06-02T07:30:00Z');
      const s = service(createSlackSender({ client: client(), logger: silentLogger }), clock);
      await subscribe(s, channel);
      expect(await s.tick()).toMatchObject({ disabled: 1, posted: 0 });
      const sub = await s.subscriptions.get({ platform: 'slack', channelId: channel });
      expect(sub?.enabled).toBe(false);
      expect(sub?.disabledReason).toBe(`${PERMANENT_SLACK_ERRORS[error]} (code ${error})`);
      // nothing more is tried that day, or the next
      clock.advance(24 * 60 * MINUTE);
      expect(await s.tick()).toMatchObject({ posted: 0 });
      expect(postsTo(channel)).toHaveLength(1);
    },
  );

  test('a transient error is retried on a later tick', async () => {
    fake.fail('chat.postMessage', { error: 'internal_error' });
    const clock = new FakeClock('2025-06-02T07:30:00Z');
    const s = service(createSlackSender({ client: client(), logger: silentLogger }), clock);
    subscribe(s, 'C0000RETRY1');
    expect(await s.tick()).toMatchObject({ retry: 1 });
    clock.advance(MINUTE);
    expect(await s.tick()).toMatchObject({ posted: 1 });
    expect(postsTo('C0000RETRY1')).toHaveLength(2);
  });

  test('at least once: a crash between Slack’s answer and the ledger’s record posts again', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = `${dir}/dossier.db`;
      const clock = new FakeClock('2025-06-02T07:30:00Z');
      const real = createSlackSender({ client: client(), logger: silentLogger });
      let posted!: () => void;
      const postedP = new Promise<void>((r) => {
        posted = r;
      });
      // The post reaches Slack, then the process dies before it can record that.
      const crashing: Sender = {
        checkAccess: (c) => real.checkAccess(c),
        send: async (c, reply, nonce) => {
          await real.send(c, reply, nonce);
          posted();
          return new Promise(() => {});
        },
      };
      const dbA = openSqlite(path);
      const a = service(crashing, clock, dbA, 'A');
      await subscribe(a, 'C0000ONCE01');
      void a.tick();
      await postedP;
      await dbA.close();
      // Restarted after the lease: Slack cannot deduplicate, so the fact goes out a second time.
      clock.advance(3 * MINUTE);
      const dbB = openSqlite(path);
      const b = service(real, clock, dbB, 'B');
      expect(await b.tick()).toMatchObject({ posted: 1 });
      const calls = postsTo('C0000ONCE01');
      expect(calls).toHaveLength(2);
      expect(calls[1]?.body.blocks).toEqual(calls[0]?.body.blocks);
      // …and only on that day: the ledger now holds it.
      clock.advance(60 * MINUTE);
      expect(await b.tick()).toMatchObject({ posted: 0 });
      expect(postsTo('C0000ONCE01')).toHaveLength(2);
      await dbB.close();
    } finally {
      cleanup();
    }
  });
});
