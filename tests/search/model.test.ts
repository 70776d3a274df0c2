import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  forestOf,
  forestValue,
  modelFile,
  modelScore,
  parseModel,
  type Tree,
  treeValue,
} from '../../src/search/model.ts';
import {
  committedCandidates,
  parseRankModel,
  rankModel,
  rankModelDigest,
} from '../../src/search/rank.ts';
import { RANK_FEATURES } from '../../src/search/rank-features.ts';

const provenance = { data: [], method: 'test', fitted: '2026-12-05', crossValidated: {} };
const file = (over: Record<string, unknown> = {}) => ({
  format: 1,
  model: 'toy',
  features: ['a', 'b'],
  weights: [1, -2],
  bias: 0.5,
  provenance,
  settings: {},
  ...over,
});

describe('model files', () => {
  it('reads a valid file and scores with it', () => {
    const m = parseModel(file(), 'toy', ['a', 'b']);
    expect(modelScore(m, [2, 1])).toBe(0.5 + 2 - 2);
  });

  it('names what is wrong: format, name, features, shape, trees', () => {
    expect(() => parseModel(file({ format: 2 }), 'toy', ['a', 'b'])).toThrow(
      'model: toy: format 2 is not 1; refit it with npm run fit',
    );
    expect(() => parseModel(file({ model: 'other' }), 'toy', ['a', 'b'])).toThrow(
      'model: toy: the file holds the "other" model',
    );
    expect(() => parseModel(file(), 'toy', ['a', 'c'])).toThrow(
      "model: toy: features differ from the code's (missing c; unknown b); refit it with npm run fit",
    );
    expect(() => parseModel(file(), 'toy', ['b', 'a'])).toThrow('order differs');
    expect(() => parseModel(file({ weights: [1] }), 'toy', ['a', 'b'])).toThrow(
      'model: toy: 1 weights for 2 features',
    );
    expect(() => parseModel(file({ weights: [1, 'x'] }), 'toy', ['a', 'b'])).toThrow(
      'model: toy: weights.1:',
    );
    expect(() =>
      parseModel(file({ boost: { rate: 0.1, trees: [[5, 0.5, 1, 2]] } }), 'toy', ['a', 'b']),
    ).toThrow('model: toy: a tree splits on feature 5, past the 2 features');
  });

  it('adds its trees: below the threshold goes left', () => {
    const m = parseModel(
      file({ weights: [0, 0], bias: 0, boost: { rate: 0.5, trees: [[0, 1, -2, [1, 3, 4, 8]]] } }),
      'toy',
      ['a', 'b'],
    );
    expect(modelScore(m, [0.5, 0])).toBe(-1);
    expect(modelScore(m, [1, 2])).toBe(2);
    expect(modelScore(m, [1, 3])).toBe(4);
    expect(treeValue(7, [])).toBe(7);
  });

  it('writes what it reads', () => {
    const m = parseModel(file({ boost: { rate: 0.1, trees: [[1, 0.25, 0.5, -0.5]] } }), 'toy', [
      'a',
      'b',
    ]);
    expect(parseModel(JSON.parse(JSON.stringify(modelFile(m))), 'toy', ['a', 'b'])).toEqual(m);
  });
});

describe('the flattened forest', () => {
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((go) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.tuple(fc.nat({ max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), go('t'), go('t')),
    ),
  })).t;

  it('gives exactly the trees’ sum, rate × leaf in order (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(tree, { maxLength: 12 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (trees, rate, x) => {
          let want = 0;
          for (const t of trees) want += rate * treeValue(t, x);
          expect(forestValue(forestOf({ rate, trees }), x)).toBe(want);
        },
      ),
    );
  });

  it('is compiled once per model', () => {
    const boost = { rate: 0.1, trees: [[0, 0.5, 1, 2] as Tree] };
    expect(forestOf(boost)).toBe(forestOf(boost));
  });
});

describe('the committed ranking model', () => {
  it('loads, has every feature the code computes, and candidate settings', () => {
    const m = rankModel();
    expect(m.features).toEqual(RANK_FEATURES);
    expect(m.candidates.depth).toBeGreaterThan(0);
    expect(m.provenance.data.length).toBeGreaterThan(0);
  });

  it('refuses a file without candidate settings, and fingerprints its numbers', () => {
    const json = JSON.parse(JSON.stringify(modelFile(rankModel())));
    const digest = rankModelDigest(rankModel());
    expect(digest).toMatch(/^[0-9a-f]{8}$/u);
    json.weights[0] += 1;
    expect(rankModelDigest(parseRankModel(json))).not.toBe(digest);
    delete json.settings.candidates;
    expect(() => parseRankModel(json)).toThrow('model: rank: settings.candidates is missing');
  });

  it('gives the fitter the committed candidate settings alone (the features are not checked: a refit follows their change)', () => {
    expect(committedCandidates()).toEqual(rankModel().candidates);
  });
});
