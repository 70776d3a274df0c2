import { describe, expect, it } from 'vitest';
import type { Turn } from '../../src/conversation/types.ts';
import { ConversationRepository } from '../../src/storage/conversations.ts';
import { engines, useDatabases } from '../support/storage.ts';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const HOUR = 3_600_000;

function turn(text: string, atMs: number, extra: Partial<Turn> = {}): Turn {
  return {
    text,
    question: `${text} Iran`,
    kind: 'pronoun',
    frame: text,
    context: ['Iran'],
    own: [],
    short: null,
    passageIds: ['going-ballistic#p1'],
    at: new Date(atMs),
    ...extra,
  };
}

describe.each(engines)('ConversationRepository on $name', (engine) => {
  const dbs = useDatabases(engine);

  it('keeps each turn of a thread with how it was read and what was shown, oldest first', async () => {
    const repo = new ConversationRepository(await dbs.open());
    const first = turn('What did Iran send?', T0, {
      kind: 'fresh',
      question: 'What did Iran send?',
      context: [],
      own: ['Iran', 'send'],
      short: 'drones',
      passageIds: ['a#p1', 'b#p2'],
    });
    const second = turn('and the missiles?', T0 + 1000, { kind: 'ellipsis', own: ['missiles'] });
    await repo.add('discord:g1:t1', first, 6);
    await repo.add('discord:g1:t1', second, 6);
    await repo.add('discord:g1:t2', turn('elsewhere', T0), 6);
    expect(await repo.turns('discord:g1:t1', new Date(0), 6)).toEqual([first, second]);
    expect(await repo.turns('slack:g1:t1', new Date(0), 6)).toEqual([]);
  });

  it('keeps only the latest turns of a thread', async () => {
    const repo = new ConversationRepository(await dbs.open());
    for (let i = 1; i <= 5; i++) await repo.add('k', turn(`turn ${i}`, T0 + i), 3);
    await repo.add('other', turn('other', T0), 3);
    expect((await repo.turns('k', new Date(0), 10)).map((t) => t.text)).toEqual([
      'turn 3',
      'turn 4',
      'turn 5',
    ]);
    expect((await repo.turns('k', new Date(0), 2)).map((t) => t.text)).toEqual([
      'turn 4',
      'turn 5',
    ]);
    expect(await repo.turns('other', new Date(0), 10)).toHaveLength(1);
  });

  it('reads no turn older than asked, and deletes expired turns as new ones come', async () => {
    const db = await dbs.open();
    const repo = new ConversationRepository(db, 24 * HOUR);
    await repo.add('k', turn('old', T0), 6);
    await repo.add('k', turn('newer', T0 + 20 * HOUR), 6);
    expect((await repo.turns('k', new Date(T0 + HOUR), 6)).map((t) => t.text)).toEqual(['newer']);
    // a turn 30 hours on prunes the first, in every thread
    await repo.add('other', turn('later', T0 + 30 * HOUR), 6);
    expect((await repo.turns('k', new Date(0), 6)).map((t) => t.text)).toEqual(['newer']);
    // 50 hours on, the cutoff (26 h) leaves only the turn made at 30 h
    expect(await repo.prune(new Date(T0 + 50 * HOUR))).toBe(1);
  });

  it('clear forgets one thread', async () => {
    const repo = new ConversationRepository(await dbs.open());
    await repo.add('k', turn('a', T0), 6);
    await repo.add('j', turn('b', T0), 6);
    await repo.clear('k');
    expect(await repo.turns('k', new Date(0), 6)).toEqual([]);
    expect(await repo.turns('j', new Date(0), 6)).toHaveLength(1);
  });

  it('another process on the same database continues the thread', async () => {
    const db = await dbs.open({ file: true });
    await new ConversationRepository(db).add('k', turn('first', T0), 6);
    const other = new ConversationRepository(await dbs.reopen(db));
    expect((await other.turns('k', new Date(0), 6)).map((t) => t.text)).toEqual(['first']);
  });
});
