import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/answer/engine.ts';
import { FactStore } from '../../src/facts/store.ts';
import { indexTerms } from '../../src/language/analyzer.ts';
import { SearchIndex } from '../../src/search/index.ts';
import type { LexicalRelation, LexiconSource } from '../../src/search/meaning-sources.ts';
import { doc } from '../search/helpers.ts';
import { engine } from '../support/engine.ts';
import { corpusOf } from './helpers.ts';

const label = (f: { kind: string; subject: string; value: string }) =>
  `${f.kind}: ${f.subject} = ${f.value}`;

describe('/fact and /timeline topics on the seed corpus (as /ask analyses them)', () => {
  let eng: Engine;
  beforeAll(async () => {
    eng = await engine();
  });

  it('missiles: the several hundred missiles supplied, not the SRBM definition', () => {
    const hits = eng.facts.search('missiles');
    expect(hits[0]).toMatchObject({ kind: 'figure', value: 'several hundred' });
    expect(hits.some((f) => f.kind === 'definition')).toBe(false);
  });

  it('the defined term itself brings its definition first', () => {
    expect(eng.facts.search('SRBM')[0]).toMatchObject({ kind: 'definition', subject: 'SRBM' });
    expect(eng.facts.search('JCPOA')[0]).toMatchObject({ kind: 'definition', subject: 'JCPOA' });
  });

  it('aliases reach facts worded otherwise (Tehran → Iran, UAS → drones)', () => {
    expect(eng.facts.search('UAV', { kind: 'figure' }).map(label)).toContain(
      'figure: Iranian drones = hundreds',
    );
    expect(eng.facts.search('Tehran Saudi relations')[0]?.value).toBe('March 2023');
  });

  it('the timeline on a topic uses the same matching', () => {
    expect(eng.facts.timeline({ topic: 'nuclear agreement' }).map((f) => f.date?.sortKey)).toEqual(
      expect.arrayContaining(['2015', '2018']),
    );
  });

  it('a word the facts do not hold finds nothing', () => {
    expect(eng.facts.search('xylophones')).toEqual([]);
  });
});

describe('topics through word meaning', () => {
  const corpus = corpusOf([
    {
      slug: 'a',
      paragraphs: [
        'Iran suppressed the demonstrations that emerged in September 2022.',
        'Iran sent several hundred armed drones to Russia in 2022.',
      ],
    },
  ]);
  const documents = corpus.documents;
  // a tiny stand-in for WordNet: "protest" and "demonstration" are synonyms
  const lexicon: LexiconSource = {
    version: 'fake-1',
    related(word: string): readonly LexicalRelation[] {
      return /^protests?$/u.test(word)
        ? [{ word: 'demonstration', relation: 'synonym', rank: 0, pos: 'noun' }]
        : [];
    },
  };

  it('without meaning, "protests" finds nothing (stems alone)', () => {
    const index = SearchIndex.build(documents, []);
    const store = FactStore.fromCorpus(corpus, [], { index });
    expect(store.search('protests')).toEqual([]);
  });

  it('with a lexicon, protest → demonstrations finds the September 2022 crackdown', () => {
    const index = SearchIndex.build(documents, []);
    const store = FactStore.fromCorpus(corpus, [], { index });
    // meaning given after the store is built still counts (main.ts prepares it later)
    index.useMeaning({ lexicon });
    const hits = store.search('protests');
    expect(hits.map((f) => f.date?.sortKey)).toEqual(['2022-09']);
    expect(store.timeline({ topic: 'protests' }).map((f) => f.paragraphId)).toEqual(['a#p1']);
  });

  it('alias groups of the index count for topics', () => {
    const groups = [['drones', 'unmanned aerial systems'].map(indexTerms)];
    const index = SearchIndex.build(
      [
        doc(
          'a',
          corpus.paragraphs.map((p) => p.text),
        ),
      ],
      groups,
    );
    const store = FactStore.fromCorpus(corpus, [], { index });
    const hits = store.search('unmanned aerial systems');
    expect(hits.map((f) => f.value)).toContain('several hundred');
    expect(new Set(hits.map((f) => f.paragraphId))).toEqual(new Set(['a#p2']));
    const plain = FactStore.fromCorpus(corpus, [], { index: SearchIndex.build(documents, []) });
    expect(plain.search('unmanned aerial systems')).toEqual([]);
  });
});
