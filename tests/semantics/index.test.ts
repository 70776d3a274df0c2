import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  lexiconPath,
  loadSemantics,
  prepareSemantics,
  vectorsPath,
} from '../../src/semantics/index.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SEAMS = {
  vectorsFile: join(FIXTURES, 'tiny-embeddings.json'),
  vectorsSourceName: 'tiny@1',
  dictDir: join(FIXTURES, 'wordnet'),
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-semantics-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSemantics', () => {
  it('has null members when nothing is prepared, and never prepares', async () => {
    expect(loadSemantics(dir)).toEqual({ vectors: null, lexicon: null });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a damaged file as a problem and loads the rest', async () => {
    await prepareSemantics(dir, SEAMS);
    writeFileSync(vectorsPath(dir), 'this is not a vectors file');
    const s = loadSemantics(dir);
    expect(s.vectors).toBeNull();
    expect(s.lexicon?.related('invade').map((r) => r.word)).toContain('invasion');
    expect(s.problems).toEqual([`vectors: ${vectorsPath(dir)}: not a Dossier vectors file`]);
  });
});

describe('prepareSemantics', () => {
  it('prepares both files, then is a no-op that still reports what preparing took', async () => {
    const stages = new Set<string>();
    const first = await prepareSemantics(dir, {
      ...SEAMS,
      onProgress: (stage, done, total) => {
        expect(done).toBeLessThanOrEqual(total);
        stages.add(stage);
      },
    });
    expect([...stages]).toEqual(['vectors', 'lexicon']);
    expect(first.vectors).toMatchObject({ status: 'prepared', file: vectorsPath(dir), count: 45 });
    expect(first.lexicon).toMatchObject({ status: 'prepared', file: lexiconPath(dir) });
    expect(first.vectors.bytes).toBe(readFileSync(vectorsPath(dir)).length);

    const again = await prepareSemantics(dir, SEAMS);
    expect(again.vectors).toEqual({
      status: 'present',
      file: vectorsPath(dir),
      count: 45,
      bytes: first.vectors.bytes,
      ms: Math.round(first.vectors.ms ?? -1),
    });
    expect(again.lexicon.status).toBe('present');
    expect((await readdir(dir)).sort()).toEqual(
      [basename(lexiconPath(dir)), 'prepared.json', basename(vectorsPath(dir))].sort(),
    );

    const s = loadSemantics(dir);
    expect(s.problems).toBeUndefined();
    const v = s.vectors;
    if (!v) throw new Error('no vectors');
    expect(v.version).toBe('tiny@1/int8-v1');
    expect(v.similarity(v.row('kyiv'), v.row('ukraine'))).toBeGreaterThan(0.9);
  });

  it('prepares a damaged file again', async () => {
    await prepareSemantics(dir, SEAMS);
    const good = readFileSync(vectorsPath(dir));
    writeFileSync(vectorsPath(dir), good.subarray(0, 50));
    const r = await prepareSemantics(dir, SEAMS);
    expect(r.vectors.status).toBe('prepared');
    expect(r.lexicon.status).toBe('present');
    expect(readFileSync(vectorsPath(dir)).equals(good)).toBe(true);
  });

  it('prepares again when forced', async () => {
    await prepareSemantics(dir, SEAMS);
    const r = await prepareSemantics(dir, { ...SEAMS, force: true });
    expect([r.vectors.status, r.lexicon.status]).toEqual(['prepared', 'prepared']);
  });
});
