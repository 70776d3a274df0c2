import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseShortModel,
  regionProbability,
  SHORT_FEATURES,
  SURE_FEATURES,
  shortModel,
  sureProbability,
  sureRow,
} from '../../src/answer/short-model.ts';
import {
  buildShortModel,
  calibrationKnots,
  crossValidate,
  crossValidateShort,
  FEATURES,
  type FitSample,
  fitShort,
  fitWeights,
  SHORT_BOOST,
  scoreWeights,
  weightsOf,
} from '../../src/eval/fit-short.ts';
import { modelFile } from '../../src/search/model.ts';

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

describe('the boosted span model', () => {
  // Two candidates a question: in three questions of four (window high) the right one has
  // `cut` = 0, in the others `cut` = 1. A weight on `cut` gets at most three of four right; trees
  // over the linear scores' residuals split on window and get all.
  const k = (name: string) => FEATURES.indexOf(name as (typeof FEATURES)[number]);
  const rowOf = (window: number, cut: number) => {
    const r = FEATURES.map(() => 0);
    r[k('window')] = window;
    r[k('cut')] = cut;
    return r;
  };
  const xor: FitSample[] = Array.from({ length: 400 }, (_, i) => {
    const high = i % 4 !== 0;
    const w = high ? 0.9 : 0.1;
    const right = rowOf(w, high ? 0 : 1);
    const wrong = rowOf(w, high ? 1 : 0);
    // the right one first in every other question: a tie never picks it by position
    const first = i % 8 < 4;
    return {
      group: `g${Math.floor(i / 8) % 10}`,
      rows: first ? [right, wrong] : [wrong, right],
      f1: first ? [1, 0] : [0, 1],
      em: first ? [1, 0] : [0, 1],
      spans: [
        [0, 0, 5],
        [0, 10, 15],
      ],
    };
  });

  it('learns an interaction the linear part cannot, and cross-validates it by group', () => {
    const boost = { ...SHORT_BOOST, trees: 30, minLeaf: 10 };
    const linear = fitShort(xor, { fixed: {} }, { ...boost, trees: 0 });
    expect(linear.trees).toEqual([]);
    const fit = fitShort(xor, { fixed: {} }, boost);
    expect(fit.trees.length).toBe(30);
    const cv = crossValidateShort(xor, 2, { fixed: {} }, boost);
    expect(cv.em).toBe(1);
    expect(cv.linear.em).toBeLessThanOrEqual(0.75);
    expect(cv.pairs).toHaveLength(400);
    for (const [p] of cv.pairs) expect(p).toBeGreaterThan(0.5);
    // every held-out question's chosen candidate, as the sure model reads it: right here
    expect(cv.sure).toHaveLength(400);
    for (const e of cv.sure) {
      expect(e.x).toHaveLength(SURE_FEATURES.length);
      expect(e.y).toBe(1);
    }
  });

  it('counts overlapping candidates of one sentence as one answer region', () => {
    const s: FitSample = {
      group: 'a',
      rows: [[], [], []],
      f1: [1, 1, 0],
      em: [1, 0, 0],
      spans: [
        [0, 0, 10],
        [0, 5, 12],
        [1, 0, 10],
      ],
    };
    // equal scores: the region is the first two of three
    expect(regionProbability([0, 0, 0], s.spans, 0)).toBeCloseTo(2 / 3);
    expect(regionProbability([0, 0, 0], undefined, 0)).toBeCloseTo(1 / 3);
  });

  it('calibrates: knots from (0, 0) to 1, probabilities ascending, F1 never falling', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          {
            maxLength: 200,
          },
        ),
        (pairs) => {
          const knots = calibrationKnots(pairs);
          expect(knots[0]).toEqual([0, 0]);
          expect(knots[knots.length - 1]?.[0]).toBe(1);
          for (let i = 1; i < knots.length; i++) {
            expect(knots[i]?.[0]).toBeGreaterThanOrEqual(knots[i - 1]?.[0] ?? 0);
            expect(knots[i]?.[1]).toBeGreaterThanOrEqual(knots[i - 1]?.[1] ?? 0);
          }
          // a valid model file holds them
          expect(() =>
            parseShortModel(
              modelFile(
                buildShortModel(
                  { weights: weightsOf(shortModel()), trees: [], rate: 0 },
                  knots,
                  provenance,
                ),
              ),
            ),
          ).not.toThrow();
        },
      ),
    );
    // answers right at high probability, wrong at low: the knots say so
    const pairs = Array.from(
      { length: 100 },
      (_, i) => [i / 100, i < 50 ? 0 : 1] as [number, number],
    );
    const knots = calibrationKnots(pairs);
    expect(knots.find(([p]) => p > 0.6)?.[1]).toBe(1);
    expect(knots.find(([p]) => p > 0 && p < 0.4)?.[1]).toBe(0);
  });
});

describe('the sure model: is the chosen phrase right?', () => {
  it('reads the region, the score, the margin over the rest and how many candidates there are', () => {
    const places = [
      [0, 0, 5],
      [0, 3, 8],
      [1, 0, 4],
    ] as const;
    const x = sureRow(
      regionProbability([2, 1, 0], places, 0),
      [2, 1, 0],
      places,
      [1, 0, 0.5],
      0,
      FEATURES.map(() => 0.25),
    );
    expect(x).toHaveLength(SURE_FEATURES.length);
    const region = (Math.exp(0) + Math.exp(-1)) / (Math.exp(0) + Math.exp(-1) + Math.exp(-2));
    expect(x[0]).toBeCloseTo(Math.log(region / (1 - region)));
    expect(x[1]).toBeCloseTo(Math.tanh(2 / 5));
    // the best candidate outside the region (the second overlaps the first) scores 0
    expect(x[2]).toBeCloseTo(Math.tanh(2));
    expect(x[3]).toBeCloseTo(Math.log1p(3));
    expect(x[4]).toBeCloseTo(Math.log1p(2));
    expect(x.slice(5)).toEqual(FEATURES.map(() => 0.25));
    // alone: a certain region (log-odds held at 8), nothing to stand above
    const alone = sureRow(regionProbability([0], undefined, 0), [0], undefined, [1], 0, []);
    expect(alone.slice(0, 3)).toEqual([8, 0, 1]);
  });
});

const provenance = { data: [], method: 'test', fitted: '2026-12-06', crossValidated: {} };

describe('the short-answer model file', () => {
  const file = (over: Record<string, unknown> = {}) => ({ ...modelFile(shortModel()), ...over });

  it('loads the committed model: every feature, calibrated confidence', () => {
    const m = shortModel();
    expect(m.features).toEqual(SHORT_FEATURES);
    expect(m.calibration[0]).toEqual([0, 0]);
    expect(m.sure?.weights).toHaveLength(SURE_FEATURES.length);
  });

  it('names what is wrong: features, calibration', () => {
    expect(() => parseShortModel(file({ features: ['fit'] }))).toThrow(
      /^model: short: features differ from the code's \(missing window/u,
    );
    expect(() => parseShortModel(file({ settings: {} }))).toThrow(
      'model: short: settings.calibration must be at least two [probability, F1] pairs in 0..1, probabilities ascending',
    );
    expect(() =>
      parseShortModel(
        file({
          settings: {
            calibration: [
              [0.5, 0.2],
              [0.2, 0.4],
            ],
          },
        }),
      ),
    ).toThrow(/settings\.calibration/u);
  });

  it('checks the sure model: its features in order, a weight each', () => {
    const calibration = shortModel().calibration;
    const sure = (s: Record<string, unknown>) => file({ settings: { calibration, sure: s } });
    const weights = SURE_FEATURES.map(() => 0.1);
    const m = parseShortModel(sure({ features: SURE_FEATURES, weights, bias: -1 }));
    expect(m.sure?.bias).toBe(-1);
    expect(
      m.sure &&
        sureProbability(
          m.sure,
          SURE_FEATURES.map(() => 0),
        ),
    ).toBeCloseTo(1 / (1 + Math.E));
    expect(() =>
      parseShortModel(sure({ features: [...SURE_FEATURES].reverse(), weights, bias: 0 })),
    ).toThrow(/^model: short: settings\.sure must name the features region, score, margin/u);
    expect(() => parseShortModel(sure({ features: SURE_FEATURES, weights: [1], bias: 0 }))).toThrow(
      `model: short: settings.sure has 1 weights for ${SURE_FEATURES.length} features`,
    );
    // a model fitted before it: the confidence stands in
    expect(parseShortModel(file({ settings: { calibration } })).sure).toBeUndefined();
  });
});
