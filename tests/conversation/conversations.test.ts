import { beforeAll, describe, expect, it } from 'vitest';
import type { AskOptions } from '../../src/answer/ask.ts';
import type { Engine } from '../../src/answer/engine.ts';
import {
  askConversation,
  borrowedOf,
  Conversations,
  MemoryConversationStore,
  TURN_TTL_MS,
  threadKey,
} from '../../src/conversation/index.ts';
import { engine as seedEngine } from '../support/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

/** A clock the test moves by hand. */
function handClock(start = Date.parse('2025-03-01T12:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('Conversations', () => {
  it('asks a follow-up with the words it borrowed named, so they do not set its gist', async () => {
    const asked: (AskOptions | undefined)[] = [];
    const recording: Engine = {
      ...engine,
      ask: (q, opts) => {
        asked.push(opts);
        return engine.ask(q, opts);
      },
    };
    const conversations = new Conversations(new MemoryConversationStore());
    await conversations.ask('t', 'Which administration exited the 2015 nuclear deal?', {
      engine: recording,
    });
    const reading = await conversations.read('t', 'When did it do that?', recording);
    await conversations.ask('t', 'When did it do that?', { engine: recording });
    expect(asked[0]?.borrowed).toEqual([]);
    expect(reading.context.length).toBeGreaterThan(0);
    expect(asked.at(-1)?.borrowed).toEqual(borrowedOf(reading));
    expect(asked.at(-1)?.borrowed).toContain('nuclear');
  });

  it('counts as borrowed the carried words this turn did not type itself', () => {
    const reading = {
      question: 'What did Iran supply to Russia? drones United Kingdom',
      kind: 'ellipsis' as const,
      frame: 'What did Iran supply to Russia?',
      context: ['drones', 'United Kingdom'],
      own: ['Drones'],
    };
    expect(borrowedOf(reading)).toEqual(['united', 'kingdom']);
  });

  it('asks a follow-up in the light of the thread and keeps each turn with what was shown', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    const first = await conversations.ask('t', 'What did Iran supply to Russia?', { engine });
    const second = await conversations.ask('t', 'and the drones?', { engine });
    expect(second.question).toBe('What did Iran supply to Russia? drones');
    expect(second).toEqual(engine.ask('What did Iran supply to Russia? drones'));
    const turns = await conversations.turns('t');
    expect(turns.map((t) => [t.text, t.kind])).toEqual([
      ['What did Iran supply to Russia?', 'fresh'],
      ['and the drones?', 'ellipsis'],
    ]);
    expect(turns[0]?.passageIds).toEqual(first.passages.map((p) => p.id));
    expect(turns[1]?.passageIds).toEqual(second.passages.map((p) => p.id));
  });

  it('keeps the closest passages of a turn it could not answer, and the short answer shown', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    const unanswered = await conversations.ask('t', 'What is the GDP of Japan?', { engine });
    const who = await conversations.ask('t', 'Who is the president of Iran?', { engine });
    const [a, b] = await conversations.turns('t');
    expect(unanswered.status).toBe('not_found');
    expect(a?.passageIds).toEqual(unanswered.related.map((p) => p.id));
    expect(b?.short).toBe(who.short?.text ?? null);
    expect(b?.short).not.toBeNull();
  });

  it('a narrowing is answered by a passage that says what it narrows to', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    await conversations.ask('t', 'What military aid did Iran give Russia?', { engine });
    const reading = await conversations.read('t', 'Only the missiles?', engine);
    expect(reading).toMatchObject({
      kind: 'narrowing',
      question: 'What military aid did Iran give Russia? missiles',
      fallback: 'missiles Iran Russia',
    });
    // the first reading's best passage has no missiles: the second is asked, and kept
    expect(engine.ask(reading.question).passages[0]?.text).not.toMatch(/missile/iu);
    const answer = await conversations.ask('t', 'Only the missiles?', { engine });
    expect(answer.question).toBe('missiles Iran Russia');
    expect(answer.passages[0]?.text).toMatch(/missiles/u);
    expect((await conversations.turns('t')).at(-1)?.question).toBe('missiles Iran Russia');
  });

  it('a narrowing whose first answer holds its words keeps it', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    await conversations.ask('t', 'Which drones did Iran supply to Russia?', { engine });
    const reading = await conversations.read('t', 'Only the Shahid ones?', engine);
    const answer = await conversations.ask('t', 'Only the Shahid ones?', { engine });
    expect(answer.question).toBe(reading.question);
    expect(answer.passages[0]?.text).toContain('Shahid');
  });

  it('prepare reads and asks without storing; record stores the turn answered elsewhere', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    await conversations.ask('t', 'What military aid did Iran give Russia?', { engine });
    const { reading, answer } = await conversations.prepare('t', 'Only the missiles?', { engine });
    expect(reading.question).toBe('missiles Iran Russia');
    expect(answer).toEqual(engine.ask(reading.question));
    expect(await conversations.turns('t')).toHaveLength(1);
    await conversations.record('t', 'Only the missiles?', reading, answer);
    const stored = (await conversations.turns('t')).at(-1);
    expect(stored).toMatchObject({ text: 'Only the missiles?', question: 'missiles Iran Russia' });
    expect(stored?.passageIds).toEqual(answer.passages.map((p) => p.id));
  });

  it('threads are apart: a follow-up in another thread is read alone', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    await conversations.ask('discord:g:t1', 'What did Iran supply to Russia?', { engine });
    const elsewhere = await conversations.ask('discord:g:t2', 'and the drones?', { engine });
    expect(elsewhere.question).toBe('and the drones?');
  });

  it('remembers only the last turns', async () => {
    const conversations = new Conversations(new MemoryConversationStore(), { maxTurns: 2 });
    for (const q of ['What is an SRBM?', 'What is the JCPOA?', 'Who is the Russian president?'])
      await conversations.ask('t', q, { engine });
    expect((await conversations.turns('t')).map((t) => t.text)).toEqual([
      'What is the JCPOA?',
      'Who is the Russian president?',
    ]);
  });

  it('forgets turns older than a day: a thread taken up the next day starts afresh', async () => {
    const { clock, advance } = handClock();
    const conversations = new Conversations(new MemoryConversationStore(), { clock });
    await conversations.ask('t', 'What did Iran supply to Russia?', { engine });
    advance(TURN_TTL_MS - 1);
    expect((await conversations.read('t', 'and the drones?', engine)).kind).toBe('ellipsis');
    advance(2);
    expect(await conversations.turns('t')).toEqual([]);
    const read = await conversations.read('t', 'and the drones?', engine);
    expect(read).toMatchObject({ kind: 'fresh', question: 'and the drones?' });
  });

  it('reset starts the thread afresh', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    await conversations.ask('t', 'What did Iran supply to Russia?', { engine });
    await conversations.reset('t');
    expect((await conversations.ask('t', 'and the drones?', { engine })).question).toBe(
      'and the drones?',
    );
  });

  it('asks within one document when told to', async () => {
    const conversations = new Conversations(new MemoryConversationStore());
    const answer = await conversations.ask('t', 'What did Iran supply to Russia?', {
      engine,
      docSlug: 'going-ballistic',
    });
    for (const p of [...answer.passages, ...answer.related])
      expect(p.docSlug).toBe('going-ballistic');
  });
});

describe('MemoryConversationStore', () => {
  it('holds at most its capacity of threads, dropping the least recently used', async () => {
    const store = new MemoryConversationStore(2);
    const at = new Date();
    const turn = (text: string) => ({
      text,
      question: text,
      kind: 'fresh' as const,
      frame: text,
      context: [],
      own: [],
      short: null,
      passageIds: [],
      at,
    });
    await store.add('a', turn('a'), 6);
    await store.add('b', turn('b'), 6);
    await store.add('a', turn('a2'), 6);
    await store.add('c', turn('c'), 6);
    expect(await store.turns('b', new Date(0), 6)).toEqual([]);
    expect((await store.turns('a', new Date(0), 6)).map((t) => t.text)).toEqual(['a', 'a2']);
  });
});

describe('askConversation and threadKey', () => {
  it('answers the last turn in the context of the earlier ones', async () => {
    const answer = await askConversation(engine, ['What did Iran supply to Russia?', 'When?']);
    expect(answer.question).toBe('When? Iran supply Russia');
    await expect(askConversation(engine, [])).rejects.toThrow('conversation: no turns to ask');
  });

  it('keys a thread by platform, place and thread', () => {
    expect(threadKey('slack', 'T1', 'C1/1700000000.000100')).toBe('slack:T1:C1/1700000000.000100');
  });
});
