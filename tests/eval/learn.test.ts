import { describe, expect, it } from 'vitest';
import { fitBoost } from '../../src/eval/boost.ts';
import {
  calibration,
  dot,
  fitLogistic,
  fitPairwise,
  foldOf,
  type RankingGroup,
  thresholdFor,
} from '../../src/eval/learn.ts';
import { treeValue } from '../../src/search/model.ts';

/** A tiny deterministic random source (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('pairwise ranking fit', () => {
  it('recovers which features matter and their sign on a synthetic set with known weights', () => {
    // the right candidate is the one with the highest 2·x0 − x1 (x2 is noise)
    const rnd = lcg(7);
    const groups: RankingGroup[] = Array.from({ length: 200 }, () => {
      const rows = Array.from({ length: 8 }, () => Float64Array.of(rnd(), rnd(), rnd()));
      const truth = rows.map((r) => 2 * (r[0] as number) - (r[1] as number));
      const best = truth.indexOf(Math.max(...truth));
      return { rows, relevant: rows.map((_, i) => i === best) };
    });
    const w = fitPairwise(groups, 3, { iterations: 400, rate: 0.05, lambda: 0 });
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeLessThan(0);
    expect(Math.abs((w[0] as number) / (w[1] as number) + 2)).toBeLessThan(0.5);
    expect(Math.abs(w[2] as number)).toBeLessThan(0.25 * (w[0] as number));
    const right = groups.filter((g) => {
      const s = g.rows.map((r) => dot(w, r));
      return g.relevant[s.indexOf(Math.max(...s))];
    }).length;
    expect(right / groups.length).toBeGreaterThan(0.9);
  });
});

describe('logistic regression', () => {
  it('recovers the weights and bias of a logistic source, and keeps constrained weights at or above 0', () => {
    const rnd = lcg(3);
    const rows = Array.from({ length: 4000 }, () => {
      const x = [rnd() * 4 - 2, rnd() * 4 - 2];
      const p = 1 / (1 + Math.exp(-(1.5 * (x[0] as number) - 1 * (x[1] as number) + 0.5)));
      return { x, y: (rnd() < p ? 1 : 0) as 0 | 1 };
    });
    const m = fitLogistic(rows, 2, { iterations: 800, rate: 0.05, lambda: 0 });
    expect(m.weights[0]).toBeCloseTo(1.5, 0);
    expect(m.weights[1]).toBeCloseTo(-1, 0);
    expect(m.bias).toBeCloseTo(0.5, 0);
    const constrained = fitLogistic(
      rows,
      2,
      { iterations: 400, rate: 0.05, lambda: 0 },
      new Set([1]),
    );
    expect(constrained.weights[1]).toBe(0);
  });
});

describe('calibration and thresholds', () => {
  it('bins predictions and measures the gap between predicted and observed', () => {
    const preds = [
      ...Array.from({ length: 10 }, (_, i) => ({ p: 0.15, y: (i < 1 ? 1 : 0) as 0 | 1 })),
      ...Array.from({ length: 10 }, (_, i) => ({ p: 0.85, y: (i < 9 ? 1 : 0) as 0 | 1 })),
    ];
    const { table, ece } = calibration(preds);
    expect(table[1]?.count).toBe(10);
    expect(table[1]?.predicted).toBeCloseTo(0.15, 9);
    expect(table[1]?.observed).toBeCloseTo(0.1, 9);
    expect(table[8]?.predicted).toBeCloseTo(0.85, 9);
    expect(table[8]?.observed).toBeCloseTo(0.9, 9);
    expect(ece).toBeCloseTo(0.05, 6);
  });

  it('chooses the lowest threshold that keeps the stated precision', () => {
    const preds = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4].map((p, i) => ({
      p,
      y: (i === 3 || i === 5 ? 0 : 1) as 0 | 1,
    }));
    // precision at 0.5: 4 of 5 right (0.8); at 0.4: 4 of 6
    expect(thresholdFor(preds, 0.8)).toBe(0.5);
    expect(thresholdFor(preds, 0.95)).toBe(0.7);
    expect(thresholdFor(preds, 1.01)).toBe(1);
  });

  it('keeps every example of a group in one fold', () => {
    expect(foldOf('Normans', 5)).toBe(foldOf('Normans', 5));
    const folds = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((g) => foldOf(g, 3)));
    expect(folds.size).toBeGreaterThan(1);
  });
});

describe('boosted trees', () => {
  it('learn an interaction a weighted sum cannot: right when x0 and x1 are both high', () => {
    const rnd = lcg(11);
    const groups = Array.from({ length: 150 }, () => {
      const rows = Array.from({ length: 6 }, () => [rnd(), rnd()]);
      const truth = rows.map(
        (r) => ((r[0] as number) > 0.5 && (r[1] as number) > 0.5 ? 1 : 0) + 0.01 * (r[0] as number),
      );
      const gold = truth.indexOf(Math.max(...truth));
      return { rows, gold, base: rows.map(() => 0) };
    });
    const trees = fitBoost(groups, {
      trees: 30,
      depth: 2,
      rate: 0.3,
      lambda: 1,
      minLeaf: 5,
      bins: 16,
    });
    const score = (x: number[]) => trees.reduce<number>((s, t) => s + 0.3 * treeValue(t, x), 0);
    expect(score([0.9, 0.9])).toBeGreaterThan(score([0.9, 0.1]));
    expect(score([0.9, 0.9])).toBeGreaterThan(score([0.1, 0.9]));
  });
});
