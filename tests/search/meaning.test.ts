import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BORROWED_GIST, gistSimilarity, questionGist } from '../../src/search/gist.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { CorpusMeaning, MEANING } from '../../src/search/meaning.ts';
import {
  exactNeighbours,
  type LexiconSource,
  meaningFrom,
  type PartOfSpeech,
  type TermVocabulary,
} from '../../src/search/meaning-sources.ts';
import { committedCandidates } from '../../src/search/rank.ts';
import { candidateFeatures, PARAGRAPH_FEATURES } from '../../src/search/rank-features.ts';
import type { Semantics } from '../../src/semantics/index.ts';
import { tinySemantics } from '../support/semantics.ts';
import { doc } from './helpers.ts';

let semantics: Semantics;
let index: SearchIndex;

// A corpus that words things its own way: "invasion" not "invade", "purchase" not "buy",
// "Ukraine" not "Kyiv", "artillery" not "tanks", "rebellion" not "mutiny".
const CORPUS = [
  doc('war', [
    'The invasion of Ukraine began in February 2022.',
    'Russia moved artillery to the border before the invasion.',
    'Moscow denied any plan to attack.',
  ]),
  doc('trade', [
    'Iran agreed to the purchase of fighter jets in 2016.',
    'The agreement covers oil and other supply routes.',
    'A rebellion by the militia shook the Kremlin.',
    'Foreign Minister Hossein Amirabdollahian spoke in November.',
  ]),
];

beforeAll(async () => {
  semantics = await tinySemantics();
  index = SearchIndex.build(CORPUS, []);
  index.useMeaning(meaningFrom(semantics));
});

const related = (word: string, pos: 'noun' | 'verb' | null = null) =>
  index.meaning.relate(word, index.analyze(word).concepts[0]?.alternatives[0]?.[0] ?? word, pos);
const termsOf = (word: string, pos: 'noun' | 'verb' | null = null) =>
  related(word, pos).map((r) => r.terms.join(' '));

describe('CorpusMeaning.relate', () => {
  it('finds a derivation the corpus uses (invade → invasion) through WordNet', () => {
    const invasion = related('invade', 'verb').find((r) => r.terms.join(' ') === 'invas');
    expect(invasion?.via).toBe('lexicon');
    expect(invasion?.weight).toBeGreaterThanOrEqual(0.8);
  });

  it('finds a synonym (buy → purchase) and an antonym, weighed lower (admit → deny)', () => {
    expect(termsOf('buy', 'verb')).toContain('purchas');
    const deny = related('admit', 'verb').find((r) => r.terms[0] === 'deni');
    expect(deny?.weight).toBeLessThan(0.6);
  });

  it('weighs vector neighbours by similarity, never as identity (tanks ~ artillery)', () => {
    const artillery = related('tanks', 'noun').find((r) => r.terms[0] === 'artilleri');
    expect(artillery?.via).toBe('vector');
    expect(artillery?.weight).toBeGreaterThan(0);
    expect(artillery?.weight).toBeLessThanOrEqual(MEANING.vectorMax);
  });

  it('returns only terms the corpus has, strongest first, never the word itself', () => {
    for (const word of ['invade', 'buy', 'tanks', 'kyiv', 'invasion', 'mutiny']) {
      const list = related(word);
      for (const r of list) expect(r.terms.every((t) => index.has(t))).toBe(true);
      expect(list.map((r) => r.weight)).toEqual(
        [...list.map((r) => r.weight)].sort((a, b) => b - a),
      );
      const own = index.analyze(word).concepts[0]?.alternatives[0] ?? [];
      expect(list.some((r) => r.terms.join(' ') === own.join(' '))).toBe(false);
    }
  });

  it('lets a capital stand for its country (Kiev → Ukraine) but not a country for its continent', () => {
    const ukraine = related('kiev', 'noun').find((r) => r.terms[0] === 'ukrain');
    expect(ukraine?.via).toBe('lexicon');
    // WordNet's part-of, backed by the vectors (kiev ~ ukraine): both sources agree
    expect(ukraine?.weight).toBeGreaterThanOrEqual(MEANING.relation.holonym as number);
    const region = new CorpusMeaning(vocabulary(['europ']), {
      lexicon: fakeLexicon({ belarus: [{ word: 'europe', relation: 'holonym', rank: 0 }] }),
    }).relate('belarus', 'belarus');
    expect(region).toEqual([{ terms: ['europ'], weight: MEANING.relation.region, via: 'lexicon' }]);
  });

  it('reads a word as a proper name when its commonest sense is a named instance, whatever its case', () => {
    expect(index.meaning.isProperName('greenland')).toBe(true);
    expect(index.meaning.isProperName('Kiev')).toBe(true);
    // a common noun, and a country the fixture gives no instance sense
    expect(index.meaning.isProperName('invasion')).toBe(false);
    expect(index.meaning.isProperName('ukraine')).toBe(false);
    // a name only in a rarer sense (java, here coffee first and the island second) is not
    const lexicon = fakeLexicon({
      java: [{ word: 'island', relation: 'instance', rank: 1 }],
    });
    expect(new CorpusMeaning(vocabulary([]), { lexicon }).isProperName('java')).toBe(false);
    expect(new CorpusMeaning(vocabulary([]), {}).isProperName('greenland')).toBe(false);
  });

  it('never lets a word WordNet knows only as an adverb stand in for a verb, however near', () => {
    // "comes" beside "instead" and "arrives" in the vectors (cosine ~0.99 both)
    const table: Record<string, number[]> = {
      comes: [1, 0],
      instead: [0.99, 0.14],
      arrives: [0.98, -0.2],
    };
    const words = Object.keys(table);
    const vectors = {
      dimensions: 2,
      version: 'fake',
      size: words.length,
      row: (w: string) => words.indexOf(w),
      vector: (row: number, out = new Float32Array(2)) => {
        const v = table[words[row] ?? ''] ?? [0, 0];
        const norm = Math.hypot(v[0] ?? 0, v[1] ?? 0);
        out.set([(v[0] ?? 0) / norm, (v[1] ?? 0) / norm]);
        return out;
      },
    };
    const senses: Record<string, Partial<Record<PartOfSpeech, number>>> = {
      instead: { adv: 1 },
      arrives: { verb: 3 },
    };
    const lexicon = {
      ...fakeLexicon({}),
      senseCount: (word: string, pos?: PartOfSpeech) => {
        const of = senses[word] ?? {};
        return pos ? (of[pos] ?? 0) : Object.values(of).reduce((a, b) => a + b, 0);
      },
    };
    const vocab = {
      has: (t: string) => t === 'instead' || t === 'arriv',
      surfaces: () =>
        new Map([
          ['instead', ['instead']],
          ['arriv', ['arrives']],
        ]),
    };
    const terms = (meaning: CorpusMeaning, pos: PartOfSpeech) =>
      meaning.relate('comes', 'come', pos).map((r) => r.terms.join(' '));
    const meaning = new CorpusMeaning(vocab, { vectors, lexicon });
    expect(terms(meaning, 'verb')).toEqual(['arriv']);
    // an adverb of the question may be read as one
    expect(terms(meaning, 'adv').sort()).toEqual(['arriv', 'instead']);
    // without WordNet nothing tells them apart
    expect(terms(new CorpusMeaning(vocab, { vectors }), 'verb').sort()).toEqual([
      'arriv',
      'instead',
    ]);
  });

  it('lets a word the dictionary knows keep only the near forms it relates to it', () => {
    const lexicon = {
      ...fakeLexicon({
        plant: [{ word: 'planter', relation: 'derivation', rank: 0 }],
        character: [{ word: 'characterise', relation: 'derivation', rank: 0 }],
        syria: [{ word: 'asian country', relation: 'instance', rank: 0, pos: 'noun' }],
      }),
      // the dictionary's words: what WordNet's morphology reads as a lemma
      baseForms: (word: string) => (['plant', 'character', 'syria'].includes(word) ? [word] : []),
    };
    const meaning = new CorpusMeaning(vocabulary([]), { lexicon });
    // "plant" is not a spelling of "plan"; "character" and "characterise" are one family
    expect(meaning.keepNearForms('plant', ['plan'])).toEqual([]);
    expect(meaning.keepNearForms('Character', ['characteris', 'charact'])).toEqual(['characteris']);
    // a name, and a word the dictionary lacks, keep every form
    expect(meaning.keepNearForms('Syria', ['syrian'])).toEqual(['syrian']);
    expect(meaning.keepNearForms('srbms', ['srbm'])).toEqual(['srbm']);
    // without a lexicon nothing is known to tell them apart
    expect(new CorpusMeaning(vocabulary([]), {}).keepNearForms('plant', ['plan'])).toEqual([
      'plan',
    ]);
  });

  it('lets a people’s word stand for its country, whatever its part of speech (Brits → United Kingdom)', () => {
    const lexicon = fakeLexicon({
      brits: [{ word: 'british', relation: 'synonym', rank: 0 }],
      british: [{ word: 'great britain', relation: 'pertainym', rank: 0 }],
      'great britain': [
        { word: 'united kingdom', relation: 'synonym', rank: 0 },
        { word: 'kingdom', relation: 'instance', rank: 0 },
      ],
      french: [
        { word: 'france', relation: 'pertainym', rank: 0, pos: 'adj' },
        { word: 'french people', relation: 'synonym', rank: 1, pos: 'noun' },
      ],
      france: [{ word: 'european country', relation: 'instance', rank: 0 }],
      // a pertainym that is no named place is not followed through a synonym
      join: [{ word: 'joint', relation: 'synonym', rank: 0 }],
      joint: [{ word: 'juncture', relation: 'pertainym', rank: 0 }],
    });
    const meaning = new CorpusMeaning(vocabulary(['unit', 'kingdom', 'franc', 'junctur']), {
      lexicon,
    });
    const uk = meaning
      .relate('brits', 'brit', 'noun')
      .find((r) => r.terms.join(' ') === 'unit kingdom');
    expect(uk?.weight).toBeCloseTo((MEANING.relation.pertainym as number) * MEANING.hop ** 2, 5);
    // "the French" is a noun in the question; its pertainym is the adjective's
    const france = meaning.relate('french', 'french', 'noun').find((r) => r.terms[0] === 'franc');
    expect(france?.weight).toBeCloseTo(MEANING.relation.pertainym as number, 5);
    expect(meaning.relate('join', 'join', 'verb')).toEqual([]);
  });

  it('weighs a much-used word’s relations down by its number of senses', () => {
    const lexicon = (senses: number) =>
      fakeLexicon({ take: [{ word: 'occupy', relation: 'synonym', rank: 0 }] }, senses);
    const weight = (senses: number) =>
      new CorpusMeaning(vocabulary(['occupi']), { lexicon: lexicon(senses) }).relate(
        'take',
        'take',
      )[0]?.weight ?? 0;
    expect(weight(3)).toBeCloseTo(MEANING.relation.synonym as number, 5);
    expect(weight(42)).toBeLessThan(weight(3) / 2);
  });

  it('relates nothing without resources', () => {
    const plain = SearchIndex.build(CORPUS, []);
    expect(plain.meaning.enabled).toBe(false);
    expect(plain.meaning.relate('invade', 'invad', 'verb')).toEqual([]);
  });
});

describe('CorpusMeaning.gist', () => {
  const cosine = (a: Float32Array | null, b: Float32Array | null) =>
    a && b ? a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0) : Number.NaN;

  it('is null without vectors, or when none of the words has one', () => {
    const bare = SearchIndex.build(CORPUS, []);
    expect(bare.meaning.hasVectors).toBe(false);
    expect(index.meaning.hasVectors).toBe(true);
    expect(bare.meaning.gist([['invasion', 1]])).toBeNull();
    expect(bare.passages.gist(0)).toBeNull();
    expect(index.meaning.gist([['zyzzyva', 1]])).toBeNull();
    expect(index.meaning.gist([])).toBeNull();
  });

  it('is a unit vector, nearer a passage on the same subject in other words', () => {
    const question = index.meaning.gist([
      ['invaded', 1],
      ['tanks', 1],
    ]);
    expect(cosine(question, question)).toBeCloseTo(1, 5);
    // the war's first paragraph (invasion, Ukraine) against the trade one's (purchase, jets)
    const war = index.passages.gist(0);
    const trade = index.passages.gist(3);
    expect(cosine(question, war)).toBeGreaterThan(cosine(question, trade) + 0.1);
  });

  it('compares two gists by their cosine: 0 when opposite, ½ when either is missing', () => {
    const unit = (...v: number[]) => Float32Array.from(v, (x) => x / Math.hypot(...v));
    expect(gistSimilarity(unit(1, 0), unit(1, 0))).toBeCloseTo(1, 6);
    expect(gistSimilarity(unit(1, 1), unit(1, 0))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(gistSimilarity(unit(1, 0), unit(-1, 0))).toBe(0);
    expect(gistSimilarity(null, unit(1, 0))).toBe(0.5);
    expect(gistSimilarity(unit(1, 0), null)).toBe(0.5);
  });

  it('is what the ranking reads as a candidate’s `gist`: its subject’s nearness to the question’s', () => {
    // arms, asked of the artillery paragraph and of the one on supply routes (each shares a word)
    const query = index.analyze('Did Iran supply tanks and artillery to Russia?');
    const found = candidateFeatures(index, query, {}, committedCandidates());
    const gist = (i: number) =>
      found.find((c) => c.index === i)?.paragraph[PARAGRAPH_FEATURES.indexOf('gist')] ?? -1;
    expect(gist(1)).toBeCloseTo(
      gistSimilarity(questionGist(index, query), index.passages.gist(1)),
      6,
    );
    expect(gist(1)).toBeGreaterThan(gist(4) + 0.1);
  });

  it('weighs the words a follow-up borrowed less: the gist is mostly what the turn itself asks', () => {
    const query = index.analyze('When did the invasion begin? artillery border');
    const borrowed = new Set(['artillery', 'border']);
    const own = questionGist(index, query, borrowed);
    const words = query.concepts.map((c) => {
      const w = c.surface.toLowerCase();
      return [w, borrowed.has(w) ? c.strength * BORROWED_GIST : c.strength] as const;
    });
    expect(BORROWED_GIST).toBeGreaterThan(0);
    expect(BORROWED_GIST).toBeLessThan(1);
    expect(cosine(own, index.meaning.gist(words))).toBeCloseTo(1, 6);
    // nearer what the turn itself asks than the gist with every word at full strength
    const turn = index.meaning.gist(words.filter(([w]) => !borrowed.has(w)));
    expect(cosine(own, turn)).toBeGreaterThan(cosine(questionGist(index, query), turn) + 0.001);
    expect(questionGist(index, query, new Set())).toEqual(questionGist(index, query));
  });

  it('counts a word less the commoner it is: the commonest counts for nothing', () => {
    const alone = index.meaning.gist([['invasion', 1]]);
    const withThe = index.meaning.gist([
      ['the', 5],
      ['invasion', 1],
    ]);
    expect(cosine(alone, withThe)).toBeCloseTo(1, 5);
  });
});

describe('question analysis with word meaning', () => {
  it('never drops or changes the question’s own words (property)', () => {
    const plain = SearchIndex.build(CORPUS, []);
    const words = fc.constantFrom(
      'when',
      'did',
      'Moscow',
      'invade',
      'Kyiv',
      'buy',
      'tanks',
      'the',
      'mutiny',
      'oil',
      'X',
      'Amirabdolahian',
      'Iran',
      '2016',
      "Iran's",
      'EU',
      'what',
      '?',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 12 }),
        (ws) => {
          const q = ws.join(' ');
          const own = (i: SearchIndex) => i.analyze(q).concepts.map((c) => c.alternatives);
          expect(own(index)).toEqual(own(plain));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('exactNeighbours', () => {
  it('finds the most similar unit vectors above the floor, best first', () => {
    const v = new Float32Array([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]);
    const search = exactNeighbours(v, 2);
    expect(search.nearest(new Float32Array([1, 0]), 5, 0.5).map((n) => n.index)).toEqual([0, 2]);
    expect(search.nearest(new Float32Array([1, 0]), 1, 0).map((n) => n.index)).toEqual([0]);
  });
});

function vocabulary(terms: string[]): TermVocabulary {
  const map = new Map(terms.map((t) => [t, [t]]));
  return { has: (t) => map.has(t), surfaces: () => map };
}

function fakeLexicon(
  table: Record<string, { word: string; relation: string; rank: number; pos?: PartOfSpeech }[]>,
  senses = 1,
): LexiconSource {
  return {
    version: 'fake',
    related: (word) => table[word] ?? [],
    senseCount: () => senses,
  };
}
