import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/answer/ask.ts';
import {
  answerProbability,
  DECISION_FEATURES,
  decisionFeatures,
  decisionModel,
  MONOTONE,
  parseDecisionModel,
} from '../../src/answer/decision.ts';
import { loadEngine } from '../../src/answer/engine.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { meaningFrom } from '../../src/search/meaning-sources.ts';
import { modelFile } from '../../src/search/model.ts';
import { RANK_FEATURES } from '../../src/search/rank-features.ts';
import { doc } from '../search/helpers.ts';
import { tinySemantics } from '../support/semantics.ts';

const file = (over: Record<string, unknown> = {}) => ({
  ...modelFile(decisionModel()),
  ...over,
});

describe('the decision model file', () => {
  it('loads the committed model, fitted over the committed ranking model', () => {
    const m = decisionModel();
    expect(m.features).toEqual(DECISION_FEATURES);
    expect(m.threshold).toBeGreaterThanOrEqual(0);
    expect(m.threshold).toBeLessThanOrEqual(1);
  });

  it('names what is wrong: features, shape, threshold', () => {
    expect(() => parseDecisionModel(file({ features: ['score'] }))).toThrow(
      /^model: decision: features differ from the code's \(missing margin/u,
    );
    expect(() => parseDecisionModel(file({ weights: [1] }))).toThrow(
      `model: decision: 1 weights for ${DECISION_FEATURES.length} features`,
    );
    expect(() => parseDecisionModel(file({ settings: { threshold: 2 } }))).toThrow(
      'model: decision: settings.threshold must be a number from 0 to 1',
    );
    expect(() => parseDecisionModel(file({ model: 'rank' }))).toThrow(
      'model: decision: the file holds the "rank" model',
    );
  });
});

describe('the probability', () => {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  const vector = fc.array(unit, {
    minLength: DECISION_FEATURES.length,
    maxLength: DECISION_FEATURES.length,
  });

  it('is monotone: more of the question in the passage never lowers it', () => {
    const monotone = DECISION_FEATURES.flatMap((f, k) => (MONOTONE.has(f) ? [k] : []));
    fc.assert(
      fc.property(vector, fc.constantFrom(...monotone), unit, (x, k, more) => {
        const raised = [...x];
        raised[k] = Math.max(x[k] ?? 0, more);
        expect(answerProbability(raised)).toBeGreaterThanOrEqual(answerProbability(x));
      }),
    );
  });

  it('is a probability, and the features stay in their ranges', () => {
    const hit = (score: number, f: number[]) => ({
      score,
      coverage: f[0] ?? 0,
      features: Float64Array.from(RANK_FEATURES.map((_, k) => f[k % f.length] ?? 0)),
    });
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.option(fc.double({ min: -50, max: 50, noNaN: true })),
        fc.array(unit, { minLength: 1, maxLength: 5 }),
        fc.nat(5),
        fc.nat(5),
        (score, next, f, covered, known) => {
          const x = decisionFeatures(
            hit(score, f),
            next,
            {
              covered,
              known,
              missingShare: f[0] ?? 0,
              typed: null,
            },
            { topical: f[0] ?? 0, topicalMax: f[1] ?? 0, known: f[2] ?? 0 },
          );
          expect(x).toHaveLength(DECISION_FEATURES.length);
          for (const v of x) expect(v >= -1 && v <= 1).toBe(true);
          const p = answerProbability(x);
          expect(p > 0 && p < 1).toBe(true);
        },
      ),
    );
  });
});

describe('ask with the learned decision', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = SearchIndex.build(
      [
        doc('war', [
          'The invasion of Ukraine began in February 2022, when Russian forces crossed the border.',
          'In March 2023, Iran agreed to the purchase of fighter jets from Russia.',
          'The missiles were supplied to Russia, a move Tehran has denied.',
        ]),
      ],
      [],
    );
    index.useMeaning(meaningFrom(await tinySemantics()));
  });

  it('answers what the rule lets through at threshold 0, declines it as weak at 1', () => {
    const question = 'When did the invasion of Ukraine begin?';
    const seen: number[] = [];
    const open = ask(index, question, {
      answerThreshold: 0,
      onDecision: (d) => seen.push(d.probability),
    });
    expect(open.status).toBe('answered');
    expect(seen).toHaveLength(1);
    const strict = ask(index, question, { answerThreshold: 1 });
    expect(strict).toMatchObject({ status: 'not_found', reason: 'weak', short: null });
    expect(strict.related[0]?.id).toBe(open.passages[0]?.id);
  });

  it('shows a short answer only when it is probably right (the probability times the sure model)', () => {
    const question = 'When did the invasion of Ukraine begin?';
    const shown = ask(index, question, { answerThreshold: 0, shortThreshold: 0 });
    expect(shown.short?.text).toBe('February 2022');
    const unsure = ask(index, question, { answerThreshold: 0, shortThreshold: 1 });
    expect(unsure.status).toBe('answered');
    expect(unsure.short).toBeNull();
    expect(unsure.passages[0]?.id).toBe(shown.passages[0]?.id);
  });

  it('can be given (the decision fitter passes its own, as the committed one fits another ranking)', () => {
    const question = 'When did the invasion of Ukraine begin?';
    const weights = new Float64Array(DECISION_FEATURES.length);
    const seen: number[] = [];
    const yes = ask(index, question, {
      decision: { weights, bias: 10, threshold: 0.5 },
      onDecision: (d) => seen.push(d.probability),
    });
    expect(yes.status).toBe('answered');
    expect(seen[0]).toBeGreaterThan(0.99);
    const no = ask(index, question, { decision: { weights, bias: -10, threshold: 0.5 } });
    expect(no).toMatchObject({ status: 'not_found', reason: 'weak' });
  });

  it('is not consulted when the rule declines', () => {
    const seen: number[] = [];
    const answer = ask(index, 'What is the capital of North Korea?', {
      answerThreshold: 0,
      onDecision: (d) => seen.push(d.probability),
    });
    expect(answer.status).toBe('not_found');
    expect(seen).toEqual([]);
  });
});

describe("an operator's short-answer threshold", () => {
  it('reaches every question the engine answers (SHORT_ANSWER_THRESHOLD)', async () => {
    const question = 'Who is the president of Iran?';
    const shown = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
    const none = await loadEngine({ corpusDir: 'corpus', snapshotDir: null, shortThreshold: 1 });
    expect(shown.ask(question).short?.text).toBe('Masoud Pezeshkian');
    const unsure = none.ask(question);
    expect(unsure.status).toBe('answered');
    expect(unsure.short).toBeNull();
  });
});
