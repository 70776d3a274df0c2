import { describe, expect, it } from 'vitest';
import {
  crossValidate,
  FEATURES,
  type FitSample,
  fitWeights,
  scoreWeights,
} from '../../src/eval/fit-short.ts';

// Candidates described by one feature (window) that marks the right one; all others are 0.
function sample(group: string, right: number, wrong: number): FitSample {
  const row = (window: number) => FEATURES.map((k) => (k === 'window' ? window : 0));
  return { group, rows: [row(right), row(wrong)], f1: [1, 0], em: [1, 0] };
}

describe('fitting the short-answer weights', () => {
  const samples = ['a', 'a', 'b', 'b', 'c'].map((g, i) => sample(g, 0.8 + i / 100, 0.1));

  it('learns a positive weight for a feature that marks the right span', () => {
    const w = fitWeights(samples, { fixed: {} });
    expect(w.window).toBeGreaterThan(0);
    expect(scoreWeights(samples, w)).toEqual({ em: 1, f1: 1 });
  });

  it('holds fixed weights and cross-validates by group', () => {
    const w = fitWeights(samples, { fixed: { window: 0 } });
    expect(w.window).toBe(0);
    expect(crossValidate(samples, { fixed: {} })).toEqual({ em: 1, f1: 1 });
  });
});
