import { describe, expect, it } from 'vitest';
import { BOOST } from '../../src/eval/boost.ts';
import {
  crossValidateRank,
  fitRankWeights,
  masked,
  permutationImportance,
  type RankExample,
} from '../../src/eval/fit-rank.ts';
import {
  PARAGRAPH_FEATURES,
  RANK_FEATURES,
  SENTENCE_FEATURES,
} from '../../src/search/rank-features.ts';

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

describe('permutationImportance', () => {
  // a ranking that reads the first paragraph feature and the first sentence feature only
  const weights = new Float64Array(RANK_FEATURES.length);
  weights[0] = 1;
  weights[PARAGRAPH_FEATURES.length] = 1;
  const fitted = { weights, trees: [], rate: 0 };
  // the gold paragraph wins on the first paragraph feature alone; the sentence feature is equal
  const data: RankExample[] = Array.from({ length: 60 }, (_, q) => ({
    group: 'a',
    gold: q % 4,
    candidates: Array.from({ length: 4 }, (_, i) => ({
      index: q * 4 + i,
      paragraph: new Float64Array(PARAGRAPH_FEATURES.length)
        .fill(0.5)
        .map((v, k) => (k === 0 ? (i === q % 4 ? 1 : 0.1 * i) : v)),
      sentences: [new Float64Array(SENTENCE_FEATURES.length).fill(0.3)],
      coverage: 0,
      covered: 0,
      matched: new Set<string>(),
      bm25: 1,
    })),
  }));

  it('charges the loss to the feature the ranking reads, none to those it ignores', () => {
    const report = permutationImportance(data, fitted);
    expect(report.recallAt1).toBe(1);
    expect(report.questions).toBe(60);
    const first = RANK_FEATURES[0] as (typeof RANK_FEATURES)[number];
    expect(report.loss[first]).toBeGreaterThan(0.3);
    for (const f of RANK_FEATURES) if (f !== first) expect(report.loss[f]).toBe(0);
  });

  it('gives the same report every run (seeded) and leaves the examples as they were', () => {
    const before = data.map((e) => e.candidates.map((c) => Array.from(c.paragraph)));
    expect(permutationImportance(data, fitted)).toEqual(permutationImportance(data, fitted));
    expect(data.map((e) => e.candidates.map((c) => Array.from(c.paragraph)))).toEqual(before);
  });
});

describe('fitRankWeights with features held out', () => {
  it('leaves a dropped feature at weight 0, even one the fit starts from (bm25, sentence)', () => {
    const drop = new Set(['bm25', 'sentence', 'phrase'] as const);
    const data = examples(60).map((e) => masked(e, drop));
    const w = fitRankWeights(data, { iterations: 30, rate: 0.05, lambda: 0.001, rounds: 1 });
    for (const f of drop) expect(w[RANK_FEATURES.indexOf(f)]).toBe(0);
    // the others are fitted
    expect([...w].some((v) => v !== 0)).toBe(true);
  });
});
