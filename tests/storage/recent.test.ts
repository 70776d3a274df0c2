import { describe, expect, it } from 'vitest';
import {
  MemoryRecentQuestions,
  RECENT_KEEP_DAYS,
  RecentQuestionRepository,
} from '../../src/storage/recent.ts';
import { engines, useDatabases } from '../support/storage.ts';

const SCOPE = { platform: 'discord', guildId: 'g1', userId: 'u1' };
const entry = (question: string, extra: { docSlug?: string } = {}) => ({
  question,
  passageIds: ['going-ballistic#p1', 'going-ballistic#p3'],
  userId: 'u1',
  scope: SCOPE,
  ...extra,
});

describe.each(engines)('RecentQuestionRepository on $name', (engine) => {
  const dbs = useDatabases(engine);

  it('returns short keys and the question behind each, with its document and passages', async () => {
    const repo = new RecentQuestionRepository(await dbs.open());
    const key = await repo.remember(entry('What is an SRBM?', { docSlug: 'going-ballistic' }));
    expect(key).toMatch(/^[A-Za-z0-9_-]{1,12}$/u);
    expect(await repo.get(key)).toEqual(entry('What is an SRBM?', { docSlug: 'going-ballistic' }));
    expect(await repo.get('missing')).toBeUndefined();
    const other = await repo.remember(entry('Who?'));
    expect(other).not.toBe(key);
    expect(await repo.get(other)).toEqual(entry('Who?'));
  });

  it('keeps where the question was asked: platform, server (or none) and the user it is bound to (or none)', async () => {
    const repo = new RecentQuestionRepository(await dbs.open());
    const dm = { platform: 'slack', guildId: null, userId: null };
    const key = await repo.remember({ ...entry('In a DM?'), scope: dm });
    expect((await repo.get(key))?.scope).toEqual(dm);
    expect((await repo.get(await repo.remember(entry('Here?'))))?.scope).toEqual(SCOPE);
  });

  it('a row stored before questions had a place reads back with no scope', async () => {
    const db = await dbs.open();
    // what migration 3's table held: no platform, server or bound user
    await db.run(
      `INSERT INTO recent_questions (key, question, doc_slug, passage_ids, user_id, created_at)
       VALUES ('old1', 'What is an SRBM?', NULL, '[]', 'u1', @at)`,
      { at: new Date().toISOString() },
    );
    expect(await new RecentQuestionRepository(db).get('old1')).toMatchObject({
      question: 'What is an SRBM?',
      scope: null,
    });
  });

  it('a key works after a restart and from a second process on the same database', async () => {
    const first = await dbs.open({ file: true });
    const key = await new RecentQuestionRepository(first).remember(entry('What is an SRBM?'));
    const second = await dbs.reopen(first); // another process's connection
    expect((await new RecentQuestionRepository(second).get(key))?.question).toBe(
      'What is an SRBM?',
    );
    await second.close();
    const restarted = await dbs.reopen(first);
    await first.close();
    expect((await new RecentQuestionRepository(restarted).get(key))?.question).toBe(
      'What is an SRBM?',
    );
  });

  it('expires after the retention period and prunes old rows', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const db = await dbs.open();
    const repo = new RecentQuestionRepository(db, () => now);
    const key = await repo.remember(entry('old'));
    now = new Date(now.getTime() + (RECENT_KEEP_DAYS - 1) * 86_400_000);
    expect((await repo.get(key))?.question).toBe('old');
    now = new Date(now.getTime() + 2 * 86_400_000);
    expect(await repo.get(key)).toBeUndefined();
    expect(await repo.prune()).toBe(1);
  });
});

describe('MemoryRecentQuestions (terminal chat)', () => {
  it('returns short keys and forgets the least recently used past its capacity', async () => {
    const store = new MemoryRecentQuestions(2);
    const a = await store.remember(entry('a'));
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,12}$/u);
    const b = await store.remember(entry('b'));
    await store.get(a);
    const c = await store.remember(entry('c'));
    expect(await store.get(b)).toBeUndefined();
    expect((await store.get(a))?.question).toBe('a');
    expect((await store.get(c))?.question).toBe('c');
  });
});
