import { describe, expect, it } from 'vitest';
import { SHORT_FEATURES, sureProbability } from '../../src/answer/short-model.ts';
import { fitSure, type SureExample } from '../../src/eval/fit-sure.ts';

describe('fitting the sure model: is the chosen phrase right?', () => {
  const row = (own: number[]) => [...own, ...SHORT_FEATURES.map(() => 0)];

  it('learns which signal tells a right phrase, and is judged on held-out folds', () => {
    // right when the margin is wide, whatever the region says: the margin gets the weight
    const examples: SureExample[] = Array.from({ length: 400 }, (_, i) => {
      const wide = i % 2 === 0;
      return {
        x: row([(i % 7) - 3, 0.5, wide ? 0.9 : 0.1, 1, 1]),
        y: (wide ? i % 10 !== 0 : i % 10 === 1) ? 1 : 0,
        fold: i % 3,
      };
    });
    const fit = fitSure(examples);
    const w = [...fit.model.weights];
    expect(w[2]).toBeGreaterThan(1);
    expect(Math.abs(w[0] ?? 0)).toBeLessThan(Math.abs(w[2] ?? 0) / 4);
    expect(fit.crossValidated.auc).toBeGreaterThan(0.75);
    expect(fit.crossValidated.regionAuc).toBeLessThan(0.65);
    const wide = sureProbability(fit.model, row([0, 0.5, 0.9, 1, 1]));
    const narrow = sureProbability(fit.model, row([0, 0.5, 0.1, 1, 1]));
    expect(wide).toBeGreaterThan(0.75);
    expect(narrow).toBeLessThan(0.25);
    expect(fit.table.reduce((n, b) => n + b.count, 0)).toBe(400);
  });
});
