import { describe, expect, it } from 'vitest';
import { DECISION_FEATURES } from '../../src/answer/decision.ts';
import {
  crossValidateDecision,
  type DecisionExample,
  type DecisionSource,
  decisionReport,
  fitDecisionWeights,
} from '../../src/eval/fit-decision.ts';

const n = DECISION_FEATURES.length;
const SCORE = DECISION_FEATURES.indexOf('score');
const MISSING = DECISION_FEATURES.indexOf('missing');

/**
 * A synthetic set whose model is known: a passage answers with probability
 * sigmoid(6 · (score − missing)), and every other feature is noise.
 */
function synthetic(count: number): DecisionExample[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return Array.from({ length: count }, (_, i) => {
    const x = Float64Array.from({ length: n }, () => random());
    const z = 6 * ((x[SCORE] ?? 0) - (x[MISSING] ?? 0));
    const y = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    const source: DecisionSource = y ? 'answerable' : i % 2 ? 'offTopic' : 'nearMiss';
    return { group: `article-${i % 6}`, source, x, y, weight: 1 };
  });
}

describe('the decision fitter', () => {
  const examples = synthetic(3000);

  it('learns the weights the labels were made with, keeping coverage weights ≥ 0', () => {
    const { weights } = fitDecisionWeights(examples);
    expect(weights[SCORE]).toBeGreaterThan(4);
    expect(weights[MISSING]).toBeLessThan(-4);
    for (const [k, w] of weights.entries())
      if (k !== SCORE && k !== MISSING)
        expect(Math.abs(w)).toBeLessThan(Math.abs(weights[SCORE] ?? 0) / 3);
  });

  it('holds a dropped feature out: its weight stays 0 and the others carry the model', () => {
    const { weights } = fitDecisionWeights(examples, undefined, new Set([MISSING]));
    expect(weights[MISSING]).toBe(0);
    expect(weights[SCORE]).toBeGreaterThan(2);
    // without the feature that made the labels, the held-out fit is worse
    const asked = { answerable: 1500, nearMiss: 750, offTopic: 750 };
    const all = decisionReport(examples, asked, 3, null);
    const without = decisionReport(examples, asked, 3, null, false, new Set([MISSING]));
    expect(without.score.auc).toBeLessThan(all.score.auc);
  });

  it('cross-validates by article: every example predicted once, by a model that never saw it', () => {
    const cv = crossValidateDecision(examples, 3);
    expect(cv).toHaveLength(examples.length);
    const right = cv.filter((e) => (e.p >= 0.5 ? 1 : 0) === e.y).length;
    expect(right / cv.length).toBeGreaterThan(0.75);
  });

  it('reports calibration and the trade-off; without a stated precision the threshold is 0', () => {
    const asked = { answerable: 1500, nearMiss: 750, offTopic: 750 };
    const open = decisionReport(examples, asked, 3, null);
    expect(open.threshold).toBe(0);
    expect(open.score.auc).toBeGreaterThan(0.8);
    expect(open.score.ece).toBeLessThan(0.05);
    expect(open.reliability.reduce((s, b) => s + b.count, 0)).toBe(examples.length);
    const strict = decisionReport(examples, asked, 3, 0.9);
    expect(strict.threshold).toBeGreaterThan(0);
    expect(strict.precision).toBeGreaterThanOrEqual(0.9);
    expect(strict.answered.offTopic).toBeLessThan(open.answered.offTopic);
    expect(open.tradeoff.map((r) => r.threshold)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  });
});
