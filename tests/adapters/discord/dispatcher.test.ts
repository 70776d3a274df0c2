/**
 * The dispatcher through the real discord.js Client and the fake Discord, with small commands
 * defined here: the adapter must not depend on which commands exist.
 */
import { ChannelType } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Command, defineCommand } from '../../../commands/types.ts';
import { APOLOGY } from '../../../src/adapters/discord/dispatcher.ts';
import type { Reply } from '../../../src/answer/reply.ts';
import { createCooldown } from '../../../src/interactions/cooldown.ts';
import {
  booleanOption,
  buttonRow,
  DiscordErrors,
  type FakeDiscord,
  faults,
  integerOption,
  startFakeDiscord,
  stringOption,
  subcommandOption,
} from '../../support/fake-discord/index.ts';
import {
  CALLBACK,
  callbackFor,
  type Harness,
  messageBodies,
  ORIGINAL,
  sleep,
  startAdapter,
  until,
  webhookCalls,
} from './helpers.ts';

const NO_PINGS = { parse: [], replied_user: false };

/** Everything a test command received, in order. */
const calls: {
  name: string;
  args: unknown;
  ctx: {
    userId: string;
    guildId: string | null;
    channelId: string | null;
    canManageServer: boolean;
  };
}[] = [];

function message(
  text: string,
  visibility: 'public' | 'private' = 'private',
  actions: { id: string; label: string }[] = [],
): Reply {
  return {
    kind: 'message',
    visibility,
    title: 'Echo',
    blocks: [{ type: 'text', spans: [{ text }] }],
    actions: actions.map((a) => ({ ...a, style: 'secondary' as const })),
  };
}

let clock = 0;

/**
 * Slow work waits for the deferral, not for a timer: a slow command or button runs until the
 * fake Discord has answered one more interaction callback than when it started (tests send one
 * slow interaction at a time, so that callback is its deferral). It is slow for exactly as long
 * as deferring takes, on any machine; a bot that never deferred would leave it waiting and fail
 * the test. Each describe points this at its fake (`waitForDeferral`).
 */
let deferralSeen: () => Promise<void> = async () => {};

function waitForDeferral(fake: FakeDiscord): () => Promise<void> {
  const answered = () => fake.requests((r) => r.route === CALLBACK && r.status !== undefined);
  return () => {
    const before = answered().length;
    return until(() => answered().length > before, 60_000, 'the deferral');
  };
}
/** A slow autocomplete holds its answer until this opens (after the test saw the timeout's). */
let openAutocomplete: () => void = () => {};

const echo = defineCommand({
  spec: {
    name: 'echo',
    description: 'Echo a question',
    kind: 'chat',
    cooldown: 'question',
    visibility: { default: 'private', option: 'private' },
    options: [
      {
        type: 'string',
        name: 'question',
        description: 'q',
        required: true,
        maxLength: 300,
        autocomplete: true,
      },
      { type: 'integer', name: 'count', description: 'n', min: 1, max: 5 },
      { type: 'boolean', name: 'private', description: 'p' },
    ],
  },
  execute(ctx, args) {
    calls.push({
      name: 'echo',
      args,
      ctx: {
        userId: ctx.user.id,
        guildId: ctx.guildId,
        channelId: ctx.channelId,
        canManageServer: ctx.permissions.includes('manageServer'),
      },
    });
    return message(`You asked: ${args.question}`, args.private === false ? 'public' : 'private');
  },
  autocomplete(_ctx, focused) {
    if (focused.value === 'slow')
      return new Promise<[]>((resolve) => {
        openAutocomplete = () => resolve([]);
      });
    if (focused.value === 'throw') throw new Error('autocomplete exploded');
    return Array.from({ length: 40 }, (_, i) => ({
      name: `${'n'.repeat(150)}${i}`,
      value: i === 0 ? 'v'.repeat(101) : `v${i}`,
    }));
  },
});

const settings = defineCommand({
  spec: {
    name: 'settings',
    description: 'Subcommands',
    kind: 'chat',
    permission: 'manageServer',
    options: [
      {
        type: 'subcommand',
        name: 'set',
        description: 's',
        options: [
          { type: 'channel', name: 'channel', description: 'c', required: true },
          { type: 'string', name: 'time', description: 't' },
        ],
      },
      { type: 'subcommand', name: 'off', description: 'o', options: [] },
    ],
  },
  execute(ctx, args) {
    calls.push({
      name: 'settings',
      args,
      ctx: {
        userId: ctx.user.id,
        guildId: ctx.guildId,
        channelId: ctx.channelId,
        canManageServer: ctx.permissions.includes('manageServer'),
      },
    });
    return message('ok');
  },
});

const slow = defineCommand({
  spec: {
    name: 'slow',
    description: 'Slow',
    kind: 'chat',
    visibility: { default: 'private', option: 'private' },
    options: [
      { type: 'boolean', name: 'private', description: 'p' },
      { type: 'string', name: 'mode', description: 'm' },
    ],
  },
  async execute(_ctx, args) {
    await deferralSeen();
    if (args.mode === 'throw') throw new Error('slow exploded');
    if (args.mode === 'error') return { kind: 'error', text: 'No match.' };
    return message('slow answer', args.private === false ? 'public' : 'private');
  },
});

const boom = defineCommand({
  spec: { name: 'boom', description: 'Throws', kind: 'chat', options: [] },
  execute() {
    throw new Error('boom exploded');
  },
});

const pager = defineCommand({
  spec: { name: 'pager', description: 'Buttons', kind: 'chat', options: [] },
  execute: () => message('page 1', 'private', [{ id: 'pager:2', label: 'Next' }]),
  async button(_ctx, { arg }) {
    calls.push({
      name: 'pager:button',
      args: arg,
      ctx: { userId: '', guildId: null, channelId: null, canManageServer: false },
    });
    if (arg.startsWith('slow')) await deferralSeen();
    if (arg === 'share' || arg === 'slowshare')
      return { mode: 'reply', reply: message('shared!', 'public') };
    if (arg === 'vote') return { mode: 'reply', reply: message('Thanks for the vote', 'private') };
    if (arg === 'bad') return { mode: 'update', reply: { kind: 'error', text: 'expired' } };
    if (arg === 'throw') throw new Error('button exploded');
    return {
      mode: 'update',
      reply: message(`page ${arg.replace('slow', '')}`, 'private', [
        { id: `pager:${Number(arg.replace('slow', '')) + 1}`, label: 'Next' },
      ]),
    };
  },
});

const findIn = defineCommand({
  spec: { name: 'Look it up', description: '', kind: 'message', cooldown: 'question', options: [] },
  execute(_ctx, args) {
    calls.push({
      name: 'Look it up',
      args,
      ctx: { userId: '', guildId: null, channelId: null, canManageServer: false },
    });
    return message(`looked up ${args.message}`);
  },
});

const testCommands: readonly Command[] = [echo, settings, slow, boom, pager, findIn];

describe('dispatcher', () => {
  let fake: FakeDiscord;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    // long enough that a fast command is never deferred on a loaded machine; slow ones wait for it
    h = await startAdapter(fake, testCommands, {
      dispatcher: { deferAfterMs: 1000, cooldown: createCooldown({ now: () => clock }) },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });
  beforeEach(() => {
    fake.reset();
    calls.length = 0;
    deferralSeen = waitForDeferral(fake);
    clock += 60_000; // a fresh cooldown window per test
  });
  afterEach(() => {
    // T-D8: every message payload the adapter sent carries allowed_mentions parse [].
    for (const { body } of messageBodies(fake)) expect(body.allowed_mentions).toEqual(NO_PINGS);
  });

  test('a fast chat command is answered directly with the exact payload (type 4, ephemeral)', async () => {
    const payload = fake.sendChatInput('echo', [
      stringOption('question', 'What is *this* @everyone <@123>?'),
    ]);
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toEqual({
      type: 4,
      data: {
        tts: false,
        enforce_nonce: false,
        flags: 64,
        embeds: [
          { title: 'Echo', description: 'You asked: What is \\*this\\* @\u200beveryone \\<@123>?' },
        ],
        components: [],
        allowed_mentions: NO_PINGS,
      },
    });
    expect(calls).toEqual([
      {
        name: 'echo',
        args: { question: 'What is *this* @everyone <@123>?' },
        ctx: {
          userId: fake.user.id,
          guildId: fake.guildId,
          channelId: fake.channelId,
          canManageServer: false,
        },
      },
    ]);
  });

  test('options are parsed per spec: integer, boolean false → public reply', async () => {
    const payload = fake.sendChatInput('echo', [
      stringOption('question', 'q'),
      integerOption('count', 3),
      booleanOption('private', false),
    ]);
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({
      type: 4,
      data: { embeds: [{ description: 'You asked: q' }] },
    });
    expect((req.body as { data: { flags?: number } }).data.flags).toBeUndefined();
    expect(calls[0]?.args).toEqual({ question: 'q', count: 3, private: false });
  });

  test('subcommands and channel options (→ id); Manage Server from member permissions', async () => {
    const channelId = fake.channelId;
    const payload = fake.sendChatInput(
      {
        name: 'settings',
        options: [
          subcommandOption('set', [
            { name: 'channel', type: 7, value: channelId },
            stringOption('time', '09:00'),
          ]),
        ],
        resolved: {
          channels: {
            [channelId]: {
              id: channelId,
              name: 'general',
              type: ChannelType.GuildText,
              permissions: '0',
            },
          },
        },
      },
      undefined,
      { memberPermissions: String(1n << 5n) },
    );
    await callbackFor(fake, payload.id);
    expect(calls[0]).toMatchObject({
      name: 'settings',
      args: { subcommand: 'set', channel: channelId, time: '09:00' },
      ctx: { canManageServer: true },
    });
  });

  test('the question length is checked on the server too: over maxLength → private error, no execute', async () => {
    const payload = fake.sendChatInput('echo', [stringOption('question', 'x'.repeat(301))]);
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringContaining('too long (301 characters)') },
    });
    expect(calls).toHaveLength(0);
  });

  test('out-of-range integer and a missing required option are refused privately', async () => {
    const a = fake.sendChatInput('echo', [
      stringOption('question', 'q'),
      integerOption('count', 9),
    ]);
    const b = fake.sendChatInput('echo', []);
    expect((await callbackFor(fake, a.id)).body).toMatchObject({
      data: { flags: 64, content: expect.stringContaining('between 1 and 5') },
    });
    expect((await callbackFor(fake, b.id)).body).toMatchObject({
      data: { flags: 64, content: expect.stringContaining('"question"') },
    });
    expect(calls).toHaveLength(0);
  });

  test('an unknown command gets a private notice', async () => {
    const payload = fake.sendChatInput('gone');
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({
      type: 4,
      data: { flags: 64, content: '⚠️ That command is not available any more.' },
    });
  });

  test('a slow command is deferred (ephemeral) on the timer, then the deferred message is edited', async () => {
    const payload = fake.sendChatInput('slow');
    const deferred = await callbackFor(fake, payload.id);
    expect(deferred.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.route === ORIGINAL && r.params.token === payload.token,
    );
    expect(edit.path).toContain('/messages/@original');
    expect(edit.body).toMatchObject({
      content: '',
      embeds: [{ title: 'Echo', description: 'slow answer' }],
      components: [],
    });
  });

  test('a slow public command defers publicly', async () => {
    const payload = fake.sendChatInput('slow', [booleanOption('private', false)]);
    expect((await callbackFor(fake, payload.id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.params.token === payload.token,
    );
    expect(edit.body).toMatchObject({ embeds: [{ description: 'slow answer' }] });
  });

  test('an error after a public deferral is not shown publicly: placeholder deleted, private follow-up', async () => {
    const payload = fake.sendChatInput('slow', [
      booleanOption('private', false),
      stringOption('mode', 'error'),
    ]);
    await callbackFor(fake, payload.id);
    const follow = await fake.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.route === '/webhooks/:appId/:token' &&
        r.params.token === payload.token,
    );
    expect(follow.body).toMatchObject({ content: '⚠️ No match.', flags: 64 });
    expect(webhookCalls(fake, payload.token).map((r) => r.method)).toEqual(['DELETE', 'POST']);
  });

  test('a handler that throws before any response: private apology, error logged, process alive', async () => {
    const payload = fake.sendChatInput('boom');
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({ type: 4, data: { flags: 64, content: `⚠️ ${APOLOGY}` } });
    expect(
      h.logs.some(
        (l) =>
          l.level === 50 &&
          l.msg === 'discord: command handler threw' &&
          l.interactionId === payload.id,
      ),
    ).toBe(true);
    // still serving
    const next = fake.sendChatInput('echo', [stringOption('question', 'still here?')]);
    expect((await callbackFor(fake, next.id)).status).toBe(204);
  });

  test('a handler that throws after the deferral: the deferred message becomes the apology', async () => {
    const payload = fake.sendChatInput('slow', [stringOption('mode', 'throw')]);
    expect((await callbackFor(fake, payload.id)).body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.params.token === payload.token,
    );
    expect(edit.body).toMatchObject({ content: `⚠️ ${APOLOGY}`, embeds: [] });
  });

  test('10062 on the callback is logged as a warning and the bot keeps answering', async () => {
    fake.injectFault({
      method: 'POST',
      route: CALLBACK,
      response: faults.discord(DiscordErrors.unknownInteraction),
    });
    const payload = fake.sendChatInput('echo', [stringOption('question', 'late')]);
    await until(
      () =>
        h.logs.some(
          (l) =>
            l.interactionId === payload.id && typeof l.msg === 'string' && l.msg.includes('10062'),
        ),
      3000,
      '10062 log',
    );
    const log = h.logs.find((l) => l.interactionId === payload.id && l.msg.includes('10062'));
    expect(log?.level).toBe(40);
    // no second attempt with a dead token
    await sleep(100);
    expect(
      fake.requests((r) => r.params.token === payload.token || r.params.id === payload.id),
    ).toHaveLength(1);
    const next = fake.sendChatInput('echo', [stringOption('question', 'again')]);
    expect((await callbackFor(fake, next.id)).status).toBe(204);
  });

  test('40060 (another process answered first) is handled quietly', async () => {
    fake.injectFault({
      method: 'POST',
      route: CALLBACK,
      response: faults.discord(DiscordErrors.alreadyAcknowledged),
    });
    const payload = fake.sendChatInput('echo', [stringOption('question', 'twice')]);
    await until(
      () => h.logs.some((l) => l.interactionId === payload.id && l.msg.includes('40060')),
      3000,
      '40060 log',
    );
    await sleep(100);
    expect(h.logs.filter((l) => l.interactionId === payload.id && l.level >= 50)).toEqual([]);
    expect(
      fake.requests((r) => r.params.token === payload.token || r.params.id === payload.id),
    ).toHaveLength(1);
  });

  test('REST failure while sending the apology is logged and never crashes', async () => {
    fake.injectFault({
      method: 'POST',
      route: CALLBACK,
      response: faults.discord(DiscordErrors.missingAccess),
    });
    const payload = fake.sendChatInput('boom');
    await until(
      () => h.logs.some((l) => l.interactionId === payload.id && l.msg.includes('reply failed')),
      3000,
      'failure log',
    );
    const next = fake.sendChatInput('echo', [stringOption('question', 'alive')]);
    expect((await callbackFor(fake, next.id)).status).toBe(204);
  });

  test('autocomplete: ≤ 25 choices, names ≤ 100, over-long values dropped', async () => {
    const payload = fake.sendAutocomplete({
      name: 'echo',
      options: [stringOption('question', 'x', true)],
    });
    const req = await callbackFor(fake, payload.id);
    const body = req.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(body.type).toBe(8);
    expect(body.data.choices).toHaveLength(25);
    expect(body.data.choices[0]).toEqual({ name: `${'n'.repeat(99)}…`, value: 'v1' });
    for (const c of body.data.choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  test('autocomplete that is too slow or throws answers with no choices (its timeout, not its answer)', async () => {
    const slowOne = fake.sendAutocomplete({
      name: 'echo',
      options: [stringOption('question', 'slow', true)],
    });
    const failing = fake.sendAutocomplete({
      name: 'echo',
      options: [stringOption('question', 'throw', true)],
    });
    const unknown = fake.sendAutocomplete({
      name: 'nothing',
      options: [stringOption('q', 'a', true)],
    });
    try {
      for (const p of [slowOne, failing, unknown]) {
        const req = await callbackFor(fake, p.id);
        expect(req.body).toEqual({ type: 8, data: { choices: [] } });
      }
      // the slow autocomplete holds its own answer until `finally`: the empty one was the
      // timeout's (the timer's length, 2 s by default, is tested with fake timers in
      // interactions/core), and it is the only answer sent
      expect(fake.requests((r) => r.route === CALLBACK && r.params.id === slowOne.id)).toHaveLength(
        1,
      );
    } finally {
      openAutocomplete();
    }
  });

  test('a button in update mode edits the same message (type 7)', async () => {
    const msg = fake.seedMessage({
      content: 'page 1',
      components: [buttonRow([{ customId: 'pager:2', label: 'Next' }])],
    });
    const payload = fake.sendButton({ customId: 'pager:2', message: msg, ephemeral: true });
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toEqual({
      type: 7,
      data: {
        content: '',
        embeds: [{ title: 'Echo', description: 'page 2' }],
        components: [
          { type: 1, components: [{ type: 2, style: 2, custom_id: 'pager:3', label: 'Next' }] },
        ],
        allowed_mentions: NO_PINGS,
        tts: false,
        enforce_nonce: false,
      },
    });
    expect(fake.world.messages.get(msg.id)?.embeds).toEqual([
      { title: 'Echo', description: 'page 2' },
    ]);
    expect(calls.map((c) => c.args)).toEqual(['2']);
  });

  test('a share button sends a NEW public message, not an edit of the ephemeral one', async () => {
    const msg = fake.seedMessage({ content: 'private answer', flags: 64 });
    const before = fake.world.messagesIn(fake.channelId).length;
    const payload = fake.sendButton({ customId: 'pager:share', message: msg, ephemeral: true });
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({ type: 4, data: { embeds: [{ description: 'shared!' }] } });
    expect((req.body as { data: { flags?: number } }).data.flags).toBeUndefined();
    expect(fake.world.messages.get(msg.id)?.content).toBe('private answer');
    expect(fake.world.messagesIn(fake.channelId).length).toBe(before + 1);
  });

  test('a feedback button reaches its command and gets a private ack', async () => {
    const msg = fake.seedMessage({ content: 'public answer' });
    const payload = fake.sendButton({ customId: 'pager:vote', message: msg });
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({
      type: 4,
      data: { flags: 64, embeds: [{ description: 'Thanks for the vote' }] },
    });
    expect(calls.map((c) => c.args)).toEqual(['vote']);
  });

  test('a button whose handler returns an error in update mode answers privately, message untouched', async () => {
    const msg = fake.seedMessage({ content: 'keep me' });
    const payload = fake.sendButton({ customId: 'pager:bad', message: msg });
    const req = await callbackFor(fake, payload.id);
    expect(req.body).toMatchObject({ type: 4, data: { flags: 64, content: '⚠️ expired' } });
    expect(fake.world.messages.get(msg.id)?.content).toBe('keep me');
  });

  test('slow buttons: deferUpdate (type 6) then edit the message, or a follow-up for a new message', async () => {
    const msg = fake.seedMessage({ content: 'page 1' });
    const a = fake.sendButton({ customId: 'pager:slow4', message: msg });
    expect((await callbackFor(fake, a.id)).body).toEqual({ type: 6 });
    const edit = await fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.params.token === a.token,
    );
    expect(edit.body).toMatchObject({ embeds: [{ description: 'page 4' }] });
    expect(fake.world.messages.get(msg.id)?.embeds?.[0]?.description).toBe('page 4');

    const b = fake.sendButton({ customId: 'pager:slowshare', message: msg });
    expect((await callbackFor(fake, b.id)).body).toEqual({ type: 6 });
    const post = await fake.waitForRequest(
      (r) =>
        r.method === 'POST' && r.route === '/webhooks/:appId/:token' && r.params.token === b.token,
    );
    expect(post.body).toMatchObject({ embeds: [{ description: 'shared!' }] });
    expect((post.body as { flags?: number }).flags ?? 0).toBe(0);
  });

  test('a throwing button handler and an unknown button get private replies', async () => {
    const msg = fake.seedMessage({ content: 'x' });
    const a = fake.sendButton({ customId: 'pager:throw', message: msg });
    const b = fake.sendButton({ customId: 'nobody:1', message: msg });
    expect((await callbackFor(fake, a.id)).body).toMatchObject({
      type: 4,
      data: { flags: 64, content: `⚠️ ${APOLOGY}` },
    });
    expect((await callbackFor(fake, b.id)).body).toMatchObject({
      type: 4,
      data: { flags: 64, content: '⚠️ This button no longer works.' },
    });
  });

  test('a message context-menu command gets the target message text', async () => {
    const target = fake.seedMessage({ content: 'Iran sent *drones*', author: fake.user });
    const payload = fake.sendMessageContext({ name: 'Look it up', target });
    const req = await callbackFor(fake, payload.id);
    expect(calls[0]?.args).toEqual({ message: 'Iran sent *drones*', messageId: target.id });
    expect(req.body).toMatchObject({
      type: 4,
      data: { flags: 64, embeds: [{ description: 'looked up Iran sent \\*drones\\*' }] },
    });
  });

  test('cooldown: the 6th question within 10 s gets a polite private reply; others are unaffected', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(fake.sendChatInput('echo', [stringOption('question', `q${i}`)]).id);
    const bodies = await Promise.all(ids.map((id) => callbackFor(fake, id).then((r) => r.body)));
    expect(bodies.slice(0, 5).every((b) => JSON.stringify(b).includes('You asked'))).toBe(true);
    expect(bodies[5]).toMatchObject({
      type: 4,
      data: {
        flags: 64,
        content: '⚠️ You are asking quickly; please wait 10 seconds and try again.',
      },
    });
    // Another user is not limited; non-question commands are not limited.
    const other = fake.sendChatInput('echo', [stringOption('question', 'me too')], {
      user: { ...fake.user, id: '123456789012345678', username: 'bob' },
    });
    expect(JSON.stringify((await callbackFor(fake, other.id)).body)).toContain('You asked');
    const pagerPayload = fake.sendChatInput('pager');
    expect(JSON.stringify((await callbackFor(fake, pagerPayload.id)).body)).toContain('page 1');
    // After the window slides the user may ask again.
    clock += 10_001;
    const later = fake.sendChatInput('echo', [stringOption('question', 'later')]);
    expect(JSON.stringify((await callbackFor(fake, later.id)).body)).toContain('You asked');
  });
});

describe('the default defer timer', () => {
  test('a slow command is deferred with no timer configured, then edited', async () => {
    // the default timer's length (1.5 s, inside Discord's 3 s) is tested with fake timers in
    // interactions/core; here the real adapter must defer with it: the slow command waits for
    // its deferral, so a bot that never deferred would fail this test
    const fake = await startFakeDiscord();
    const h = await startAdapter(fake, testCommands);
    try {
      deferralSeen = waitForDeferral(fake);
      const payload = fake.sendChatInput('slow');
      const deferred = await callbackFor(fake, payload.id);
      expect(deferred.status).toBe(204);
      expect(deferred.body).toEqual({ type: 5, data: { flags: 64 } });
      const edit = await fake.waitForRequest(
        (r) => r.method === 'PATCH' && r.params.token === payload.token,
      );
      expect(edit.status).toBe(200);
      expect(edit.body).toMatchObject({ embeds: [{ description: 'slow answer' }] });
    } finally {
      await h.stop();
      await fake.close();
    }
  });
});
