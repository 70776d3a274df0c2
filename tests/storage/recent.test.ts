import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/db.ts';
import {
  MemoryRecentQuestions,
  RECENT_KEEP_DAYS,
  RecentQuestionRepository,
} from '../../src/storage/recent.ts';

const entry = (question: string, extra: { docSlug?: string } = {}) => ({
  question,
  passageIds: ['going-ballistic#p1', 'going-ballistic#p3'],
  userId: 'u1',
  ...extra,
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('RecentQuestionRepository (SQLite)', () => {
  it('returns short keys and the question behind each, with its document and passages', async () => {
    const repo = new RecentQuestionRepository(openDatabase(':memory:'));
    const key = await repo.remember(entry('What is an SRBM?', { docSlug: 'going-ballistic' }));
    expect(key).toMatch(/^[A-Za-z0-9_-]{1,12}$/u);
    expect(await repo.get(key)).toEqual(entry('What is an SRBM?', { docSlug: 'going-ballistic' }));
    expect(await repo.get('missing')).toBeUndefined();
    const other = await repo.remember(entry('Who?'));
    expect(other).not.toBe(key);
    expect(await repo.get(other)).toEqual(entry('Who?'));
  });

  it('a key works after a restart and from a second process on the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-recent-'));
    dirs.push(dir);
    const path = join(dir, 'bot.db');
    const first = openDatabase(path);
    const key = await new RecentQuestionRepository(first).remember(entry('What is an SRBM?'));
    const second = openDatabase(path); // another process's connection
    expect((await new RecentQuestionRepository(second).get(key))?.question).toBe(
      'What is an SRBM?',
    );
    first.close();
    second.close();
    const restarted = openDatabase(path);
    expect((await new RecentQuestionRepository(restarted).get(key))?.question).toBe(
      'What is an SRBM?',
    );
    restarted.close();
  });

  it('expires after the retention period and prunes old rows', async () => {
    let now = new Date('2025-01-01T00:00:00Z');
    const db = openDatabase(':memory:');
    const repo = new RecentQuestionRepository(db, () => now);
    const key = await repo.remember(entry('old'));
    now = new Date(now.getTime() + (RECENT_KEEP_DAYS - 1) * 86_400_000);
    expect((await repo.get(key))?.question).toBe('old');
    now = new Date(now.getTime() + 2 * 86_400_000);
    expect(await repo.get(key)).toBeUndefined();
    expect(repo.prune()).toBe(1);
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
