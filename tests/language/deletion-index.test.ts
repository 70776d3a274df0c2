import { describe, expect, it } from 'vitest';
import { DeletionIndex } from '../../src/language/deletion-index.ts';
import { editDistance } from '../../src/language/edit-distance.ts';

describe('DeletionIndex', () => {
  it('finds every indexed word within the distance (a superset, checked by editDistance)', () => {
    const words = ['president', 'present', 'missiles', 'misses', 'what', 'the'];
    const index = DeletionIndex.build({
      surfaces: () => new Map(words.map((w) => [w, [w]])),
    });
    const near = (w: string, max: number) =>
      index
        .lookup(w, max)
        .map((id) => index.words[id] as string)
        .filter((c) => editDistance(w, c, max) <= max)
        .sort();
    expect(near('presdent', 1)).toEqual(['present', 'president']);
    expect(near('missles', 2)).toEqual(['misses', 'missiles']);
    expect(near('wht', 1)).toContain('what');
    expect(index.has('what')).toBe(true);
    expect(index.has('wht')).toBe(false);
  });
});

describe('DeletionIndex.buildAsync', () => {
  it('builds the same index as build, in slices', async () => {
    const words = Array.from(
      { length: 3000 },
      (_, k) =>
        `word${String.fromCharCode(97 + (k % 26))}${k.toString(36).replace(/\d/gu, (d) => 'abcdefghij'[Number(d)] ?? '')}`,
    );
    const vocabulary = { surfaces: () => new Map(words.map((w) => [w, [w]])) };
    const sync = DeletionIndex.build(vocabulary);
    const sliced = await DeletionIndex.buildAsync(vocabulary, 0);
    expect(sliced.words).toEqual(sync.words);
    for (const w of ['wordaa', 'wrdbb', 'wordzzz', 'owrdc']) {
      const ids = (i: DeletionIndex) => i.lookup(w, 2).sort((a, b) => a - b);
      expect(ids(sliced)).toEqual(ids(sync));
    }
  });
});
