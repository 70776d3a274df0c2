/**
 * The interaction core on its own, with a fake Responder and a made-up platform (Slack-like
 * words), so nothing here leans on Discord: validation, permission, cooldown, visibility, the error
 * boundary before and after a deferral, deferral timing on fake timers, buttons, autocomplete.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Permission } from '../../commands/spec.ts';
import { type Command, type CommandContext, defineCommand } from '../../commands/types.ts';
import type { Reply } from '../../src/answer/reply.ts';
import { createCooldown } from '../../src/interactions/cooldown.ts';
import { type CoreOptions, createInteractionCore } from '../../src/interactions/core.ts';
import type { CommandInvocation, OptionInput } from '../../src/interactions/invocation.ts';
import { APOLOGY, GONE_COMMAND, STALE_BUTTON } from '../../src/interactions/notices.ts';
import type { PlatformProfile } from '../../src/interactions/platform.ts';
import { captureLogger, type LogRecord } from '../adapters/discord/helpers.ts';
import { engine, TestRecent } from '../support/engine.ts';
import { FakeResponder } from '../support/responder.ts';

const eng = await engine();

const platform: PlatformProfile = {
  id: 'slack',
  features: ['servers'],
  commandLabel: (name) => `/dossier ${name}`,
  messageCommandHint: 'More actions → Find',
  permissionName: () => 'Workspace Admin',
  channelAccessFix: 'invite the bot to the channel',
  parseChannel: (raw) => (/^C[A-Z0-9]{2,}$/u.test(raw) ? raw : null),
};

const seen: { name: string; args: unknown; ctx: CommandContext }[] = [];
const message = (text: string, visibility: 'public' | 'private' = 'private'): Reply => ({
  kind: 'message',
  visibility,
  blocks: [{ type: 'text', spans: [{ text }] }],
  actions: [],
});

/** Resolved by the test: lets a command take exactly as long as a test wants. */
let release: (() => void) | null = null;
const waitForRelease = () =>
  new Promise<void>((resolve) => {
    release = resolve;
  });

const echo = defineCommand({
  spec: {
    name: 'echo',
    description: 'Echo',
    kind: 'chat',
    cooldown: 'question',
    visibility: { default: 'private', option: 'private' },
    options: [
      { type: 'string', name: 'question', description: 'q', required: true, maxLength: 10 },
      { type: 'integer', name: 'n', description: 'n', min: 1, max: 3 },
      {
        type: 'string',
        name: 'color',
        description: 'c',
        choices: [{ name: 'Red', value: 'red' }],
      },
      { type: 'boolean', name: 'private', description: 'p' },
    ],
  },
  execute(ctx, args) {
    seen.push({ name: 'echo', args, ctx });
    return message(`echo ${args.question}`, ctx.visibility);
  },
  autocomplete(_ctx, focused) {
    if (focused.value === 'slow') return new Promise(() => undefined);
    if (focused.value === 'throw') throw new Error('autocomplete exploded');
    return [{ name: focused.value, value: focused.value }];
  },
});

const admin = defineCommand({
  spec: {
    name: 'admin',
    description: 'Admin',
    kind: 'chat',
    permission: 'manageServer',
    options: [
      {
        type: 'subcommand',
        name: 'set',
        description: 's',
        options: [{ type: 'channel', name: 'channel', description: 'c', required: true }],
      },
      { type: 'subcommand', name: 'off', description: 'o', options: [] },
    ],
  },
  execute(ctx, args) {
    seen.push({ name: 'admin', args, ctx });
    return message('done');
  },
  button: () => ({ mode: 'reply', reply: message('admin button') }),
});

const slow = defineCommand({
  spec: {
    name: 'slow',
    description: 'Slow',
    kind: 'chat',
    visibility: { default: 'public', option: 'private' },
    options: [
      { type: 'boolean', name: 'private', description: 'p' },
      { type: 'string', name: 'mode', description: 'm' },
    ],
  },
  async execute(ctx, args) {
    await waitForRelease();
    if (args.mode === 'throw') throw new Error('slow exploded');
    if (args.mode === 'error') return { kind: 'error', text: 'No match.' };
    return message('slow answer', ctx.visibility);
  },
});

const poster = defineCommand({
  spec: {
    name: 'poster',
    description: 'Needs channel posts',
    kind: 'chat',
    requires: ['channelPosts'],
    options: [],
  },
  execute: () => message('posted'),
});

const pager = defineCommand({
  spec: { name: 'pager', description: 'Pages', kind: 'chat', options: [] },
  execute: () => message('page 1'),
  async button(_ctx, { arg }) {
    if (arg === 'slow') await waitForRelease();
    if (arg === 'throw') throw new Error('button exploded');
    if (arg === 'bad') return { mode: 'update', reply: { kind: 'error', text: 'expired' } };
    if (arg === 'new') return { mode: 'reply', reply: message('new one', 'public') };
    return { mode: 'update', reply: message(`page ${arg}`) };
  },
});

const commands: readonly Command[] = [echo, admin, slow, poster, pager];

let logs: LogRecord[];
let clockMs = 0;

function core(over: Partial<CoreOptions> = {}) {
  const { logger, records } = captureLogger();
  logs = records;
  return createInteractionCore({
    commands,
    engine: eng,
    services: { recent: new TestRecent() },
    logger,
    platform,
    cooldown: createCooldown({ now: () => clockMs }),
    ...over,
  });
}

let ids = 0;
function chat(
  name: string,
  options: OptionInput,
  permissions: readonly Permission[] = [],
  userId = 'U1',
): CommandInvocation {
  ids++;
  return {
    id: `i${ids}`,
    user: { id: userId, name: 'Ada' },
    place: { guildId: 'T1', channelId: 'C1' },
    permissions,
    locale: 'fr',
    kind: 'chat',
    name,
    options,
  };
}

function press(customId: string, permissions: readonly Permission[] = []) {
  ids++;
  return {
    id: `b${ids}`,
    user: { id: 'U1', name: 'Ada' },
    place: { guildId: 'T1', channelId: 'C1' },
    permissions,
    locale: null,
    customId,
  };
}

beforeEach(() => {
  seen.length = 0;
  release = null;
  clockMs += 60_000;
});

describe('validation against the spec', () => {
  test.each([
    [{ values: {} }, 'Please fill in "question".'],
    [{ values: { question: 42 } }, 'The option "question" must be text.'],
    [
      { values: { question: 'x'.repeat(11) } },
      'Your question is too long (11 characters); please keep it under 10.',
    ],
    [{ values: { question: 'q', n: 4 } }, '"n" must be between 1 and 3.'],
    [{ values: { question: 'q', n: 1.5 } }, 'The option "n" must be a whole number.'],
    [{ values: { question: 'q', color: 'blue' } }, '"color" must be one of the listed choices.'],
    [{ values: { question: 'q', private: 'yes' } }, 'The option "private" must be true or false.'],
  ])('%j → a private error, and the command does not run', async (options, error) => {
    const r = new FakeResponder();
    await core().command(chat('echo', options), r);
    expect(r.calls).toEqual([
      { method: 'reply', reply: { kind: 'error', text: error }, at: expect.any(Number) },
    ]);
    expect(seen).toEqual([]);
  });

  test('text platforms: numbers and booleans are read from the words; code points are counted', async () => {
    const r = new FakeResponder();
    await core().command(
      chat('echo', {
        values: { question: '🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀', n: '3', private: 'no' },
        fromText: true,
      }),
      r,
    );
    expect(seen[0]?.args).toEqual({ question: '🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀', n: 3, private: false });
  });

  test('subcommands and channels in the platform’s own form', async () => {
    const a = new FakeResponder();
    await core().command(
      chat('admin', { subcommand: 'set', values: { channel: 'C0123' } }, ['manageServer']),
      a,
    );
    expect(seen[0]?.args).toEqual({ subcommand: 'set', channel: 'C0123' });
    const b = new FakeResponder();
    await core().command(
      chat('admin', { subcommand: 'set', values: { channel: '123456789012345678' } }, [
        'manageServer',
      ]),
      b,
    );
    expect(b.shown()).toEqual({ kind: 'error', text: 'The option "channel" must be a channel.' });
    const c = new FakeResponder();
    await core().command(chat('admin', { values: {} }, ['manageServer']), c);
    expect(c.shown()).toEqual({ kind: 'error', text: 'Please pick one of the subcommands.' });
  });
});

describe('what the spec declares', () => {
  test('permission: refused with the platform’s name for it, for commands and their buttons', async () => {
    const c = core();
    const r = new FakeResponder();
    await c.command(chat('admin', { subcommand: 'off', values: {} }), r);
    expect(r.shown()).toEqual({
      kind: 'error',
      text: 'Only members with the Workspace Admin permission can use /dossier admin.',
    });
    expect(seen).toEqual([]);
    const b = new FakeResponder();
    await c.button(press('admin:x'), b);
    expect(b.shown()).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('Workspace Admin'),
    });
    const ok = new FakeResponder();
    await c.command(chat('admin', { subcommand: 'off', values: {} }, ['manageServer']), ok);
    expect(ok.shown()).toMatchObject({ kind: 'message' });
    expect(seen[0]?.ctx.permissions).toEqual(['manageServer']);
  });

  test('cooldown: only commands declaring it; the 6th question in 10 s is refused; per user', async () => {
    const c = core();
    const results: Reply[] = [];
    for (let i = 0; i < 6; i++) {
      const r = new FakeResponder();
      await c.command(chat('echo', { values: { question: `q${i}` } }), r);
      results.push(r.shown() ?? message('none'));
    }
    expect(results.slice(0, 5).every((x) => x.kind === 'message')).toBe(true);
    expect(results[5]).toEqual({
      kind: 'error',
      text: 'You are asking quickly; please wait 10 seconds and try again.',
    });
    const other = new FakeResponder();
    await c.command(chat('echo', { values: { question: 'me' } }, [], 'U2'), other);
    expect(other.shown()?.kind).toBe('message');
    const undeclared = new FakeResponder();
    await c.command(chat('pager', { values: {} }), undeclared);
    expect(undeclared.shown()?.kind).toBe('message');
    // an invalid question is refused before it counts
    clockMs += 60_000;
    for (let i = 0; i < 6; i++)
      await c.command(chat('echo', { values: { question: 'x'.repeat(20) } }), new FakeResponder());
    const after = new FakeResponder();
    await c.command(chat('echo', { values: { question: 'ok' } }), after);
    expect(after.shown()?.kind).toBe('message');
  });

  test('no cooldown at all when the adapter passes null (one local user)', async () => {
    const c = core({ cooldown: null });
    for (let i = 0; i < 8; i++) {
      const r = new FakeResponder();
      await c.command(chat('echo', { values: { question: 'q' } }), r);
      expect(r.shown()?.kind).toBe('message');
    }
  });

  test('the context: platform words, place, locale, visibility and the commands this user may run', async () => {
    const r = new FakeResponder();
    await core().command(chat('echo', { values: { question: 'q', private: false } }), r);
    const ctx = seen[0]?.ctx;
    expect(ctx).toMatchObject({
      user: { id: 'U1', name: 'Ada' },
      guildId: 'T1',
      channelId: 'C1',
      locale: 'fr',
      visibility: 'public',
      permissions: [],
    });
    expect(ctx?.platform.commandLabel('ask')).toBe('/dossier ask');
    // not /admin (permission) nor /poster (a feature the platform lacks)
    expect(ctx?.commands.map((s) => s.name)).toEqual(['echo', 'slow', 'pager']);
  });

  test('a command the platform cannot serve, and one that no longer exists', async () => {
    const a = new FakeResponder();
    await core().command(chat('poster', { values: {} }), a);
    expect(a.shown()).toEqual({ kind: 'error', text: '/dossier poster is not available here.' });
    const b = new FakeResponder();
    await core().command(chat('gone', { values: {} }), b);
    expect(b.shown()).toEqual({ kind: 'error', text: GONE_COMMAND });
    expect(logs.some((l) => l.level === 40 && l.msg.includes('unknown command'))).toBe(true);
  });
});

describe('deferral and the error boundary (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function run(
    options: OptionInput,
    finishAfterMs: number,
    deferAfterMs: number | null = 1500,
  ) {
    const c = core({ deferAfterMs });
    const r = new FakeResponder();
    const started = Date.now();
    const done = c.command(chat('slow', options), r);
    await vi.advanceTimersByTimeAsync(finishAfterMs);
    release?.();
    await vi.runAllTimersAsync();
    await done;
    return { r, started };
  }

  test('finished before the timer: one reply, no deferral', async () => {
    const { r } = await run({ values: {} }, 1499);
    expect(r.methods()).toEqual(['reply']);
    expect(r.shown()).toMatchObject({ kind: 'message', visibility: 'public' });
  });

  test('slow: deferred at exactly the timer, with the answer’s visibility, then edited', async () => {
    const { r, started } = await run({ values: { private: true } }, 2500);
    expect(r.methods()).toEqual(['defer', 'edit']);
    expect(r.calls[0]).toEqual({
      method: 'defer',
      how: { kind: 'reply', visibility: 'private' },
      at: started + 1500,
    });
    expect(r.calls[1]).toMatchObject({ at: started + 2500, reply: { visibility: 'private' } });
  });

  test('with no timer given it defers at 1.5 s, inside the 3 s Discord and Slack allow', async () => {
    const c = core();
    const r = new FakeResponder();
    const started = Date.now();
    const done = c.command(chat('slow', { values: {} }), r);
    await vi.advanceTimersByTimeAsync(1499);
    expect(r.methods()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.calls[0]).toMatchObject({ method: 'defer', at: started + 1500 });
    release?.();
    await vi.runAllTimersAsync();
    await done;
    expect(r.methods()).toEqual(['defer', 'edit']);
  });

  test('the timer is the adapter’s to choose; null never defers', async () => {
    const early = await run({ values: {} }, 400, 300);
    expect(early.r.calls[0]).toMatchObject({ method: 'defer', at: early.started + 300 });
    const never = await run({ values: {} }, 60_000, null);
    expect(never.r.methods()).toEqual(['reply']);
  });

  test('a throw before any response: the apology as the reply, logged with its context', async () => {
    const { r } = await run({ values: { mode: 'throw' } }, 10);
    expect(r.calls).toEqual([
      { method: 'reply', reply: { kind: 'error', text: APOLOGY }, at: expect.any(Number) },
    ]);
    const log = logs.find((l) => l.msg === 'slack: command handler threw');
    expect(log).toMatchObject({
      level: 50,
      platform: 'slack',
      command: 'slow',
      userId: 'U1',
      interactionId: expect.stringMatching(/^i\d+$/u),
      err: { message: 'slow exploded' },
    });
  });

  test('a throw after a private deferral: the placeholder becomes the apology', async () => {
    const { r } = await run({ values: { mode: 'throw', private: true } }, 2000);
    expect(r.methods()).toEqual(['defer', 'edit']);
    expect(r.shown()).toEqual({ kind: 'error', text: APOLOGY });
  });

  test('a throw or an error after a public deferral: never shown publicly', async () => {
    for (const mode of ['throw', 'error']) {
      const { r } = await run({ values: { mode } }, 2000);
      expect(r.methods()).toEqual(['defer', 'deletePlaceholder', 'followUp']);
      expect(r.calls[0]).toMatchObject({ how: { kind: 'reply', visibility: 'public' } });
      expect(r.shown()?.kind).toBe('error');
    }
  });

  test('a refused deferral (the interaction expired): nothing more is sent', async () => {
    const c = core();
    const r = new FakeResponder();
    r.refuse.add('defer');
    const done = c.command(chat('slow', { values: {} }), r);
    await vi.advanceTimersByTimeAsync(2000);
    release?.();
    await vi.runAllTimersAsync();
    await done;
    expect(r.methods()).toEqual(['defer']);
  });

  test('a slow button: a silent ack, then the message edited (update) or a follow-up (new)', async () => {
    for (const [arg, expected] of [
      ['slow', ['defer', 'edit']],
      ['new', ['reply']],
    ] as const) {
      const c = core();
      const r = new FakeResponder();
      const done = c.button(press(`pager:${arg}`), r);
      await vi.advanceTimersByTimeAsync(2000);
      release?.();
      await vi.runAllTimersAsync();
      await done;
      expect(r.methods()).toEqual(expected);
      if (arg === 'slow') expect(r.calls[0]).toMatchObject({ how: { kind: 'update' } });
    }
  });

  test('autocomplete: too slow or throwing → no choices, within the timeout, logged', async () => {
    const c = core({ autocompleteTimeoutMs: 2000 });
    const request = (value: string) => ({
      ...press(''),
      name: 'echo',
      focused: { name: 'question', value },
    });
    const pending = c.autocomplete(request('slow'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(await pending).toEqual([]);
    expect(await c.autocomplete(request('throw'))).toEqual([]);
    expect(await c.autocomplete(request('ok'))).toEqual([{ name: 'ok', value: 'ok' }]);
    expect(await c.autocomplete({ ...request('x'), name: 'admin' })).toEqual([]);
    expect(logs.filter((l) => l.msg.startsWith('slack: autocomplete')).map((l) => l.msg)).toEqual([
      'slack: autocomplete too slow; answered with no choices',
      'slack: autocomplete failed; answered with no choices',
    ]);
  });
});

describe('buttons', () => {
  test('update edits the message in place; an error is told privately instead', async () => {
    const a = new FakeResponder();
    await core().button(press('pager:2'), a);
    expect(a.calls).toEqual([
      { method: 'update', reply: message('page 2'), at: expect.any(Number) },
    ]);
    const b = new FakeResponder();
    await core().button(press('pager:bad'), b);
    expect(b.methods()).toEqual(['reply']);
    expect(b.shown()).toEqual({ kind: 'error', text: 'expired' });
  });

  test('stale, unknown or malformed ids: a polite private error, and a warning with the reason', async () => {
    for (const [id, reason] of [
      ['nobody:1', 'no command handles it'],
      ['echo:1', 'no command handles it'],
      ['ask:share:', 'malformed ask button'],
      ['x'.repeat(101), 'button id too long'],
    ] as const) {
      const r = new FakeResponder();
      await core().button(press(id), r);
      expect(r.shown()).toEqual({ kind: 'error', text: STALE_BUTTON });
      expect(logs.find((l) => l.msg === 'slack: button without a handler')).toMatchObject({
        level: 40,
        reason,
      });
    }
  });

  test('a throwing handler: the apology, privately, and the message untouched', async () => {
    const r = new FakeResponder();
    await core().button(press('pager:throw'), r);
    expect(r.calls).toEqual([
      { method: 'reply', reply: { kind: 'error', text: APOLOGY }, at: expect.any(Number) },
    ]);
    expect(logs.some((l) => l.msg === 'slack: button handler threw' && l.level === 50)).toBe(true);
  });
});

describe('the core never rejects', () => {
  test('a responder that throws is logged as the adapter’s bug', async () => {
    const r = new FakeResponder();
    r.explode.add('reply');
    await expect(core().command(chat('pager', { values: {} }), r)).resolves.toBeUndefined();
    expect(logs.some((l) => l.msg === 'slack: responder reply threw' && l.level === 50)).toBe(true);
  });

  test('a bug past the gates still gets the user an apology', async () => {
    const broken = {
      ...chat('pager', { values: {} }),
      get place(): never {
        throw new Error('no place');
      },
    };
    const r = new FakeResponder();
    await expect(core().command(broken, r)).resolves.toBeUndefined();
    expect(r.shown()).toEqual({ kind: 'error', text: APOLOGY });
    expect(logs.some((l) => l.msg === 'slack: interaction handler failed')).toBe(true);
  });
});
