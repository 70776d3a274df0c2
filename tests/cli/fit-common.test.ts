import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { heldOut, writeModel } from '../../src/cli/fit-common.ts';
import { inQuietFit } from './quiet-fit.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('heldOut', () => {
  const FEATURES = ['score', 'margin', 'coverage'] as const;

  it('returns the features --drop names, none without it', () => {
    expect(heldOut(undefined, FEATURES, 'decision')).toEqual([]);
    expect(heldOut(['margin', 'score'], FEATURES, 'decision')).toEqual(['margin', 'score']);
  });

  it('names the unknown ones and the features there are', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(heldOut(['margin', 'colour', 'size'], FEATURES, 'decision')).toBeNull();
    expect(error).toHaveBeenCalledWith(
      'fit: --drop colour, size: not a decision feature; the features are score, margin, coverage',
    );
  });
});

describe('writeModel', () => {
  it('writes the model file, reports where on stderr and its scores alone on stdout', async () => {
    await inQuietFit('fit-common-', async ({ dir, error, log }) => {
      const out = join(dir, 'tiny.json');
      const model = {
        model: 'tiny',
        features: ['a', 'b'] as const,
        weights: new Float64Array([0.1234567, -2]),
        bias: 0.5,
        provenance: {
          data: [{ file: 'tiny.json', source: 'public question set', examples: 3 }],
          method: 'by hand',
          fitted: '2024-01-01',
          crossValidated: { folds: 2, by: 'article' },
        },
        settings: {},
      };
      expect(await writeModel(model, out, Date.now())).toBe(0);
      const text = await readFile(out, 'utf8');
      expect(text.endsWith('}\n')).toBe(true);
      const json = JSON.parse(text);
      expect(json.model).toBe('tiny');
      expect(json.weights).toEqual([0.123457, -2]);
      expect(json.provenance).toEqual(model.provenance);
      expect(error).toHaveBeenCalledWith(`fit: wrote ${out} in 0 s`);
      expect(log).toHaveBeenCalledWith('{"folds":2,"by":"article"}');
    });
  });
});
