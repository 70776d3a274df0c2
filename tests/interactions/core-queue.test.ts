/**
 * The interaction core under a burst, with the work queue the bot runtime gives it: a command
 * that cannot start at once is deferred at once (not after a timer) and answered by an edit when
 * its turn comes; past the queue's bound it is told, privately, to try again in a moment, and its
 * work never runs. The queue's turns are run by hand.
 */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { defineCommand } from '../../commands/types.ts';
import { discordPlatform } from '../../src/adapters/discord/platform.ts';
import { createInteractionCore } from '../../src/interactions/core.ts';
import type { CommandInvocation } from '../../src/interactions/invocation.ts';
import type { InteractionMonitor, InteractionRecord } from '../../src/interactions/monitor.ts';
import { BUSY } from '../../src/interactions/notices.ts';
import { WorkQueue } from '../../src/interactions/queue.ts';
import { engine, TestRecent } from '../support/engine.ts';
import { FakeResponder } from '../support/responder.ts';

const eng = await engine();
let ran: string[] = [];

const answer = defineCommand({
  spec: {
    name: 'answer',
    description: 'Answers at once',
    kind: 'chat',
    visibility: { default: 'private', option: 'private' },
    options: [
      { type: 'string', name: 'q', description: 'q', required: true },
      { type: 'boolean', name: 'private', description: 'p' },
    ],
  },
  execute(ctx, args) {
    ran.push(args.q);
    return {
      kind: 'message',
      visibility: ctx.visibility,
      blocks: [{ type: 'text', spans: [{ text: `answer ${args.q}` }] }],
      actions: [],
    };
  },
  button: (_ctx, value) => {
    ran.push(`button ${value.action === 'other' ? value.arg : ''}`);
    return {
      mode: 'update',
      reply: { kind: 'message', visibility: 'private', blocks: [], actions: [], title: 'paged' },
    };
  },
});

function setUp(maxWaiting = 10) {
  ran = [];
  const turns: (() => void)[] = [];
  const queue = new WorkQueue({
    concurrency: 1,
    maxWaiting,
    maxWaitMs: 60_000,
    lagLimitMs: 100,
    now: () => 0,
    lag: () => 0,
    schedule: (fn) => turns.push(fn),
    yieldMs: 0,
  });
  const records: InteractionRecord[] = [];
  const monitor: InteractionMonitor = {
    accepting: () => true,
    begin: () => () => undefined,
    finished: (r) => void records.push(r),
    logQuestions: false,
    admit: () => queue.admit(),
  };
  const core = createInteractionCore({
    commands: [answer],
    engine: eng,
    services: { recent: new TestRecent() },
    logger: pino({ level: 'silent' }),
    platform: discordPlatform,
    cooldown: null,
    deferAfterMs: null, // no timer at all: only the queue decides
    monitor,
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const turn = async () => {
    turns.shift()?.();
    for (let i = 0; i < 5; i++) await settle();
  };
  return { core, turn, settle, records };
}

const ask = (q: string, priv = true): CommandInvocation => ({
  id: `i-${q}`,
  user: { id: `u-${q}`, name: q },
  place: { guildId: 'g', channelId: 'c' },
  permissions: [],
  locale: null,
  kind: 'chat',
  name: 'answer',
  options: { values: { q, private: priv } },
});

describe('the core with a work queue', () => {
  test('idle: answered in one reply at the next turn; behind it: deferred at once, then edited', async () => {
    const { core, turn, settle } = setUp();
    const first = new FakeResponder();
    const second = new FakeResponder();
    const done = [core.command(ask('a'), first)];
    await settle(); // each arrives in a callback of its own
    done.push(core.command(ask('b', false), second));
    await settle();
    expect(first.methods()).toEqual([]);
    // the second could not start: its deferral went out before any work ran
    expect(second.calls).toEqual([
      { method: 'defer', how: { kind: 'reply', visibility: 'public' }, at: expect.any(Number) },
    ]);
    expect(ran).toEqual([]);
    await turn();
    expect(ran).toEqual(['a']);
    expect(first.methods()).toEqual(['reply']);
    await turn();
    expect(ran).toEqual(['a', 'b']);
    expect(second.methods()).toEqual(['defer', 'edit']);
    expect(second.shown()).toMatchObject({ visibility: 'public' });
    await Promise.all(done);
  });

  test('a button behind others: a silent acknowledgement at once, then its message edited', async () => {
    const { core, turn, settle } = setUp();
    const busy = core.command(ask('a'), new FakeResponder());
    await settle();
    const r = new FakeResponder();
    const pressed = core.button({ ...ask('p'), customId: 'answer:page2' }, r);
    await settle();
    expect(r.calls).toEqual([{ method: 'defer', how: { kind: 'update' }, at: expect.any(Number) }]);
    await turn();
    await turn();
    expect(r.methods()).toEqual(['defer', 'edit']);
    await Promise.all([busy, pressed]);
  });

  test('past the bound: shed with the busy reply, privately, its work never run, counted', async () => {
    const { core, turn, settle, records } = setUp(1);
    const waiting = core.command(ask('a'), new FakeResponder());
    await settle();
    const shed = new FakeResponder();
    await core.command(ask('b'), shed);
    expect(shed.calls).toEqual([
      { method: 'reply', reply: { kind: 'error', text: BUSY }, at: expect.any(Number) },
    ]);
    await settle();
    await turn();
    await waiting;
    expect(ran).toEqual(['a']);
    expect(records.map((r) => r.outcome)).toEqual(['busy', 'answered']);
  });
});
