import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/index.ts';
import { decode, encode, loadOrSaveTermVectors } from '../../src/search/meaning-cache.ts';
import { meaningFrom } from '../../src/search/meaning-sources.ts';
import { tinySemantics } from '../support/semantics.ts';
import { doc } from './helpers.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-meaning-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const corpus = [doc('d', ['The invasion of Ukraine began.', 'Iran sold drones and missiles.'])];

async function indexWithMeaning(): Promise<SearchIndex> {
  const index = SearchIndex.build(corpus, []);
  index.useMeaning(meaningFrom(await tinySemantics()));
  return index;
}

describe('the corpus terms’ neighbours beside the snapshot', () => {
  it('builds and saves them once, then restores them with the same answers', async () => {
    const first = await indexWithMeaning();
    expect(await loadOrSaveTermVectors(first.meaning, dir, 'k1')).toBe('built');
    expect((await readdir(dir)).filter((f) => f.startsWith('meaning-k1-'))).toHaveLength(1);
    const second = await indexWithMeaning();
    expect(await loadOrSaveTermVectors(second.meaning, dir, 'k1')).toBe('restored');
    for (const word of ['invade', 'tanks', 'kyiv'])
      expect(second.meaning.relate(word, word, null)).toEqual(
        first.meaning.relate(word, word, null),
      );
  });

  it('rebuilds over a damaged file, and for another corpus key', async () => {
    const index = await indexWithMeaning();
    await loadOrSaveTermVectors(index.meaning, dir, 'k1');
    const [file] = (await readdir(dir)).filter((f) => f.startsWith('meaning-k1-'));
    await writeFile(join(dir, file ?? ''), 'DOSSTV1\ngarbage');
    expect(await loadOrSaveTermVectors((await indexWithMeaning()).meaning, dir, 'k1')).toBe(
      'built',
    );
    expect(await loadOrSaveTermVectors((await indexWithMeaning()).meaning, dir, 'k2')).toBe(
      'built',
    );
  });

  it('does nothing without word meaning, and builds in memory without a directory', async () => {
    expect(await loadOrSaveTermVectors(SearchIndex.build(corpus, []).meaning, dir, 'k')).toBe(
      'none',
    );
    expect(await loadOrSaveTermVectors((await indexWithMeaning()).meaning, null, 'k')).toBe(
      'built',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('round-trips the file format and refuses a truncated or foreign one', () => {
    const saved = { version: 'v', terms: ['a', 'b'], neighbours: new Uint8Array([1, 2, 3]) };
    const bytes = Buffer.from(encode(saved));
    expect(decode(bytes)).toEqual(saved);
    expect(decode(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(decode(Buffer.from('not ours at all'))).toBeNull();
  });
});
