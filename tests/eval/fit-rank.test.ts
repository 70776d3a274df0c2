import { describe, expect, it } from 'vitest';
import { BOOST } from '../../src/eval/boost.ts';
import { crossValidateRank, type RankExample } from '../../src/eval/fit-rank.ts';
import { PARAGRAPH_FEATURES, SENTENCE_FEATURES } from '../../src/search/rank.ts';

/** Deterministic pseudo-random numbers (a small LCG), so the test needs no seed library. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Questions whose own paragraph scores higher on `own` and BM25, with noise. */
function examples(count: number): RankExample[] {
  const next = random(7);
  return Array.from({ length: count }, (_, q) => {
    const gold = q % 5;
    const candidates = Array.from({ length: 5 }, (_, i) => {
      const paragraph = new Float64Array(PARAGRAPH_FEATURES.length).map(() => next());
      if (i === gold) {
        paragraph[0] = Math.min(1, (paragraph[0] as number) + 0.4);
        paragraph[1] = Math.min(1, (paragraph[1] as number) + 0.3);
      }
      return {
        index: q * 5 + i,
        paragraph,
        sentences: [new Float64Array(SENTENCE_FEATURES.length).map(() => next())],
        coverage: 0,
        covered: 0,
        matched: new Set<string>(),
        bm25: 1,
      };
    });
    return { group: `article${q % 9}`, candidates, gold };
  });
}

describe('crossValidateRank', () => {
  it('reports the linear part alone from the same fits as the boosted model', () => {
    const data = examples(120);
    const fit = { iterations: 40, rate: 0.05, lambda: 0.001, rounds: 1 };
    const boosted = crossValidateRank(data, 3, fit, undefined, { ...BOOST, trees: 3, depth: 2 });
    const linear = crossValidateRank(data, 3, fit, undefined, null);
    expect(boosted.linearRecallAt1).toBe(linear.recallAt1);
    expect(linear.linearRecallAt1).toBe(linear.recallAt1);
    // the planted signal is learned: well above one in five
    expect(linear.recallAt1).toBeGreaterThan(0.4);
  });
});
