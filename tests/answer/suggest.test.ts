import { beforeAll, describe, expect, it } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { suggestFor, suggestions } from '../../src/answer/suggest.ts';

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
