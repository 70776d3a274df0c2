import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHORT_FEATURES } from '../../src/answer/short-model.ts';
import { fitShortModel } from '../../src/cli/fit-short.ts';
import { parseModel } from '../../src/search/model.ts';
import { inQuietFit } from './quiet-fit.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fit short', () => {
  it('refuses an unknown --drop before reading any file', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = await fitShortModel({
      squad: ['tests/fixtures/no-such-file.json'],
      folds: '2',
      trees: '0',
      drop: ['colour'],
    });
    expect(code).toBe(2);
    expect(error.mock.calls[0]?.[0]).toMatch(/^fit: --drop colour: not a short-answer feature;/u);
  });

  it('fits a tiny set and writes the model with what it was fitted on', async () => {
    await inQuietFit('fit-short-', async ({ dir, log }) => {
      const out = join(dir, 'short.json');
      const code = await fitShortModel({
        squad: ['tests/fixtures/squad-tiny.json'],
        out,
        folds: '2',
        trees: '0',
        drop: ['window'],
      });
      expect(code).toBe(0);
      const model = parseModel(JSON.parse(await readFile(out, 'utf8')), 'short', SHORT_FEATURES);
      expect(model.provenance.data).toEqual([
        { file: 'squad-tiny.json', source: 'public question set', examples: 6 },
      ]);
      expect(model.provenance.method).toMatch(/; held out: window$/u);
      expect(model.weights[SHORT_FEATURES.indexOf('window')]).toBe(0);
      expect(model.provenance.crossValidated).toMatchObject({ folds: 2, by: 'article' });
      expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toEqual(model.provenance.crossValidated);
    });
  });
});
