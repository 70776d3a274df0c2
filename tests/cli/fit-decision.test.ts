import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DECISION_FEATURES } from '../../src/answer/decision.ts';
import { fitDecision } from '../../src/cli/fit-decision.ts';
import { parseModel } from '../../src/search/model.ts';
import { inQuietFit } from './quiet-fit.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const values = { folds: '2', ablation: false };
const missing = ['tests/fixtures/no-such-file.json'];

describe('fit decision', () => {
  it('refuses an unknown --drop or a precision outside 0..1 before reading any file', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await fitDecision({ ...values, squad: missing, drop: ['colour'] }, null)).toBe(2);
    expect(error.mock.calls[0]?.[0]).toMatch(/^fit: --drop colour: not a decision feature;/u);
    expect(await fitDecision({ ...values, squad: missing, precision: '1' }, null)).toBe(2);
    expect(error).toHaveBeenLastCalledWith('fit: --precision must be between 0 and 1 (got 1)');
  });

  it('fits a tiny set, each article a corpus, and writes the model with what it was fitted on', async () => {
    await inQuietFit('fit-decision-', async ({ dir, error, log }) => {
      const out = join(dir, 'decision.json');
      const code = await fitDecision(
        { ...values, squad: ['tests/fixtures/squad-tiny.json'], out, drop: ['margin'] },
        null,
      );
      expect(code).toBe(0);
      expect(error.mock.calls[0]?.[0]).toMatch(/ over 2 articles \(\d+ s\)$/u);
      const json = JSON.parse(await readFile(out, 'utf8'));
      const model = parseModel(json, 'decision', DECISION_FEATURES);
      // the examples the rule lets through, counted back to their file
      expect(model.provenance.data).toEqual([
        { file: 'squad-tiny.json', source: 'public question set', examples: 5 },
      ]);
      expect(model.provenance.method).toContain('; held out: margin)');
      expect(model.weights[DECISION_FEATURES.indexOf('margin')]).toBe(0);
      expect(model.provenance.crossValidated).toMatchObject({ folds: 2, by: 'article' });
      expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toEqual(model.provenance.crossValidated);
    });
  });
});
