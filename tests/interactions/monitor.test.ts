/**
 * What the interaction core tells operators: one log line per command or button press (platform,
 * command, guild, latency, outcome; the question only with LOG_QUESTIONS), the outcome counted,
 * the in-flight count graceful shutdown waits for, the polite refusal while stopping, and one
 * engine per interaction however the engine is swapped meanwhile.
 */
import { describe, expect, test } from 'vitest';
import { commands as registry } from '../../commands/index.ts';
import { type Command, defineCommand } from '../../commands/types.ts';
import { discordPlatform } from '../../src/adapters/discord/platform.ts';
import type { Engine } from '../../src/answer/engine.ts';
import { createCooldown } from '../../src/interactions/cooldown.ts';
import { createInteractionCore } from '../../src/interactions/core.ts';
import type { CommandInvocation, OptionInput } from '../../src/interactions/invocation.ts';
import type { InteractionMonitor, InteractionRecord } from '../../src/interactions/monitor.ts';
import { RESTARTING } from '../../src/interactions/notices.ts';
import { LiveEngine } from '../../src/reload/live-engine.ts';
import { captureLogger } from '../adapters/discord/helpers.ts';
import { engine, TestRecent } from '../support/engine.ts';
import { FakeResponder } from '../support/responder.ts';

const eng = await engine();

class TestMonitor implements InteractionMonitor {
  open = true;
  inFlight = 0;
  maxInFlight = 0;
  readonly records: InteractionRecord[] = [];
  constructor(readonly logQuestions = false) {}
  accepting() {
    return this.open;
  }
  begin() {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return () => {
      this.inFlight--;
    };
  }
  finished(record: InteractionRecord) {
    this.records.push(record);
  }
}

let gate: Promise<void> = Promise.resolve();
const seenEngines: Engine[] = [];
const probe = defineCommand({
  spec: { name: 'probe', description: 'Reads its engine twice', kind: 'chat', options: [] },
  async execute(ctx) {
    seenEngines.push(ctx.engine);
    await gate;
    seenEngines.push(ctx.engine);
    return { kind: 'error', text: 'done' };
  },
});
const boom = defineCommand({
  spec: { name: 'boom', description: 'Throws', kind: 'chat', options: [] },
  execute() {
    throw new Error('bug');
  },
});
const commands: readonly Command[] = [...registry, probe, boom];

let n = 0;
function chat(name: string, values: OptionInput['values'] = {}, userId = 'U1'): CommandInvocation {
  n++;
  return {
    id: `i${n}`,
    user: { id: userId, name: 'Ada' },
    place: { guildId: 'G1', channelId: 'C1' },
    permissions: [],
    locale: null,
    kind: 'chat',
    name,
    options: { values },
  };
}

function setup(opts: { logQuestions?: boolean; engine?: LiveEngine } = {}) {
  const { logger, records } = captureLogger();
  const monitor = new TestMonitor(opts.logQuestions);
  const core = createInteractionCore({
    commands,
    engine: opts.engine ?? eng,
    services: { recent: new TestRecent() },
    logger,
    platform: discordPlatform,
    cooldown: createCooldown({ limit: 1, windowMs: 60_000 }),
    monitor,
  });
  const run = async (inv: CommandInvocation, responder = new FakeResponder()) => {
    await core.command(inv, responder);
    return responder;
  };
  const lines = () => records.filter((r) => r.msg === 'interaction');
  return { core, monitor, run, lines };
}

describe('one log line and one count per interaction', () => {
  test('platform, command, guild, latency and outcome; no question text by default', async () => {
    const { run, lines, monitor } = setup();
    await run(chat('ask', { question: 'What is an SRBM?' }));
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      level: 30,
      platform: 'discord',
      command: 'ask',
      guild: 'G1',
      outcome: 'answered',
      latencyMs: expect.any(Number),
    });
    expect(lines()[0]).not.toHaveProperty('question');
    expect(monitor.records).toEqual([
      {
        platform: 'discord',
        kind: 'command',
        command: 'ask',
        guildId: 'G1',
        seconds: expect.any(Number),
        outcome: 'answered',
        question: true,
      },
    ]);
  });

  test('with LOG_QUESTIONS the question is in the line', async () => {
    const { run, lines } = setup({ logQuestions: true });
    await run(chat('ask', { question: 'Does North Korea help Iran?' }));
    expect(lines()[0]).toMatchObject({
      outcome: 'not_found',
      question: 'Does North Korea help Iran?',
    });
  });

  test('each way an interaction ends has its outcome', async () => {
    const { run, monitor } = setup();
    await run(chat('ask', { question: 'What is an SRBM?' }, 'A'));
    await run(chat('ask', { question: 'What is an SRBM?' }, 'A'));
    await run(chat('ask', { question: 'what is it?' }, 'B'));
    await run(chat('gaps'));
    await run(chat('source', { id: 'nope#p1' }));
    await run(chat('boom'));
    await run(chat('nonexistent'));
    const refusing = new FakeResponder();
    refusing.refuse.add('reply');
    await run(chat('help'), refusing);
    expect(monitor.records.map((r) => `${r.command}:${r.outcome}`)).toEqual([
      'ask:answered',
      'ask:rate_limited',
      'ask:needs_keyword',
      'gaps:forbidden',
      'source:invalid',
      'boom:error',
      'nonexistent:unavailable',
      'help:undelivered',
    ]);
    expect(monitor.inFlight).toBe(0);
  });
});

describe('stopping and swapping', () => {
  test('while stopping, a command is not run: the user is told to try again', async () => {
    const { run, monitor, lines } = setup();
    monitor.open = false;
    const responder = await run(chat('ask', { question: 'What is an SRBM?' }));
    expect(responder.calls).toEqual([
      { method: 'reply', reply: { kind: 'error', text: RESTARTING }, at: expect.any(Number) },
    ]);
    expect(lines()[0]).toMatchObject({ outcome: 'restarting' });
    expect(monitor.maxInFlight).toBe(0);
  });

  test('an interaction keeps the engine it started with when a reload swaps it', async () => {
    const live = new LiveEngine(eng);
    const { run, monitor } = setup({ engine: live });
    let open: () => void = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    seenEngines.length = 0;
    const running = run(chat('probe'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(monitor.inFlight).toBe(1);
    const next: Engine = { ...eng, corpus: { ...eng.corpus } };
    live.swap(next);
    open();
    await running;
    expect(seenEngines).toHaveLength(2);
    expect(seenEngines[0]?.corpus).toBe(eng.corpus);
    expect(seenEngines[1]?.corpus).toBe(eng.corpus);
    expect(monitor.inFlight).toBe(0);
    // the next interaction reads the new one
    gate = Promise.resolve();
    seenEngines.length = 0;
    await run(chat('probe'));
    expect(seenEngines[0]?.corpus).toBe(next.corpus);
  });
});
