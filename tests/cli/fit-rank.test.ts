import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fitRankModel } from '../../src/cli/fit-rank.ts';
import { parseModel } from '../../src/search/model.ts';
import { RANK_FEATURES } from '../../src/search/rank-features.ts';
import { inQuietFit } from './quiet-fit.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const values = { folds: '2', trees: '0', ablation: false };

describe('fit rank', () => {
  it('refuses an unknown --drop before reading any file', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await fitRankModel(
      { ...values, squad: ['tests/fixtures/no-such-file.json'], drop: ['colour'] },
      null,
    );
    expect(code).toBe(2);
    expect(error.mock.calls[0]?.[0]).toMatch(/^fit: --drop colour: not a ranking feature;/u);
  });

  it('fits a tiny set and writes the model with what it was fitted on', async () => {
    await inQuietFit('fit-rank-', async ({ dir, log }) => {
      const out = join(dir, 'rank.json');
      const dropped = RANK_FEATURES[0];
      const code = await fitRankModel(
        { ...values, squad: ['tests/fixtures/squad-tiny.json'], out, drop: [dropped] },
        null,
      );
      expect(code).toBe(0);
      const model = parseModel(JSON.parse(await readFile(out, 'utf8')), 'rank', RANK_FEATURES);
      expect(model.provenance.data).toEqual([
        { file: 'squad-tiny.json', source: 'public question set', examples: 6 },
      ]);
      expect(model.provenance.method).toMatch(new RegExp(`; held out: ${dropped}$`, 'u'));
      expect(model.weights[0]).toBe(0);
      expect(model.provenance.crossValidated).toMatchObject({ folds: 2, by: 'article' });
      expect(model.provenance.crossValidated).not.toHaveProperty('ablationRecallAt1');
      expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toEqual(model.provenance.crossValidated);
    });
  });
});
