import { beforeAll, describe, expect, it } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { RecentQuestionStore } from '../../src/answer/recent.ts';
import { suggestFor, suggestions } from '../../src/answer/suggest.ts';

describe('RecentQuestionStore', () => {
  const entry = (question: string) => ({ question, passageIds: [], userId: 'u' });

  it('returns short keys and the question behind each', () => {
    const store = new RecentQuestionStore();
    const key = store.remember(entry('What is an SRBM?'));
    expect(key.length).toBeLessThanOrEqual(12);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/u);
    expect(store.get(key)?.question).toBe('What is an SRBM?');
    expect(store.get('missing')).toBeUndefined();
  });

  it('forgets the least recently used past its capacity', () => {
    const store = new RecentQuestionStore(2);
    const a = store.remember(entry('a'));
    const b = store.remember(entry('b'));
    store.get(a);
    const c = store.remember(entry('c'));
    expect(store.get(b)).toBeUndefined();
    expect(store.get(a)?.question).toBe('a');
    expect(store.get(c)?.question).toBe('c');
  });
});

describe('suggestions', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
  });

  it('offers acronym questions, section headings and frequent names', () => {
    const all = suggestions(engine);
    expect(all).toEqual(
      expect.arrayContaining([
        'What does SRBM stand for?',
        'What does UAS stand for?',
        'How Europeans should respond',
        'Unsuccessful Damage Control',
      ]),
    );
    expect(new Set(all).size).toBe(all.length);
    expect(suggestions(engine)).toBe(all);
  });

  it('completes what is typed, at most `limit`', () => {
    expect(suggestFor(engine, 'SRB')).toEqual(['SRB', 'What does SRBM stand for?']);
    expect(suggestFor(engine, '', 5)).toHaveLength(5);
    expect(suggestFor(engine, 'e', 3).length).toBeLessThanOrEqual(3);
    expect(suggestFor(engine, 'zzzzqqq')).toEqual(['zzzzqqq']);
  });
});
