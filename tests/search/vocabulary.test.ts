import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/search/vocabulary.ts';

// Per paragraph its sentences' terms ("\n" between sentences); the third paragraph is blank.
const terms = [
  'drone iran\ndrone syrian',
  'drone locat location\ncrimea',
  '',
  'local gallbladd liver websocket',
];
const surfaces = [
  'drone drones drone',
  'iran iran',
  'syrian syrian',
  'locat located',
  'location location',
  'crimea crimea',
  'local local',
  'gallbladd gallbladder',
  'liver liver',
  'websocket websockets',
];
const vocabulary = new Vocabulary(terms, surfaces);

describe('Vocabulary', () => {
  it('counts the paragraphs a term occurs in, not its occurrences', () => {
    expect(vocabulary.docFrequency('drone')).toBe(2);
    expect(vocabulary.docFrequency('crimea')).toBe(1);
    expect(vocabulary.docFrequency('missil')).toBe(0);
    expect(vocabulary.has('iran')).toBe(true);
    expect(vocabulary.has('')).toBe(false);
  });

  it('takes back the counts it gave, as counting the terms would make them (fast-check)', () => {
    const again = new Vocabulary(terms, surfaces, vocabulary.counts());
    for (const t of ['drone', 'iran', 'crimea', 'missil', 'locat', 'gallbladd'])
      expect([again.docFrequency(t), again.idf(t)]).toEqual([
        vocabulary.docFrequency(t),
        vocabulary.idf(t),
      ]);
    expect(again.nearForms('syria')).toEqual(vocabulary.nearForms('syria'));
    const word = fc.constantFrom('drone', 'iran', 'crimea', 'liver', 'x');
    const paragraph = fc
      .array(fc.array(word, { maxLength: 4 }), { maxLength: 3 })
      .map((sentences) => sentences.map((s) => s.join(' ')).join('\n'));
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 8 }), (ts) => {
        const counted = new Vocabulary(ts, []);
        const kept = new Vocabulary(ts, [], JSON.parse(JSON.stringify(counted.counts())));
        for (const t of ['drone', 'iran', 'crimea', 'liver', 'x', 'absent'])
          expect(kept.idf(t)).toBe(counted.idf(t));
        expect(kept.counts()).toEqual(counted.counts());
      }),
    );
  });

  it('weighs rare terms more, every paragraph counted, a missing term most', () => {
    expect(vocabulary.idf('iran')).toBeCloseTo(Math.log(1 + 3.5 / 1.5), 12);
    expect(vocabulary.idf('drone')).toBeCloseTo(Math.log(1 + 2.5 / 2.5), 12);
    expect(vocabulary.maxIdf()).toBeCloseTo(Math.log(1 + 4.5 / 0.5), 12);
    expect(vocabulary.idf('missil')).toBe(vocabulary.maxIdf());
  });

  it('finds near forms of an unknown term: up to three letters more, or fewer', () => {
    expect(vocabulary.nearForms('syria')).toEqual(['syrian']);
    expect(vocabulary.nearForms('crimean')).toEqual(['crimea']);
    expect(vocabulary.nearForms('syrian')).toEqual([]);
    expect(vocabulary.nearForms('dro')).toEqual([]);
    expect(vocabulary.nearForms('loca')).toEqual(['local', 'locat']);
  });

  it('finds the word family sharing the first letters, the term itself left out', () => {
    expect(vocabulary.family('locat')).toEqual(['location']);
    expect(vocabulary.family('location')).toEqual(['locat']);
    expect(vocabulary.family('locals', 4)).toEqual(['local', 'locat', 'location']);
    expect(vocabulary.family('locals', 4, 2)).toEqual(['local', 'locat']);
    expect(vocabulary.family('loc')).toEqual([]);
    expect(vocabulary.family('locat2')).toEqual([]);
  });

  it('knows a word the corpus writes, or its plural or singular, not only its stem', () => {
    expect(vocabulary.corpusWord('gallbladder')).toBe('gallbladd');
    expect(vocabulary.corpusWord('websocket')).toBe('websocket');
    expect(vocabulary.corpusWord('drone')).toBe('drone');
    expect(vocabulary.corpusWord('livered')).toBeNull();
    expect(vocabulary.corpusWord('missile')).toBeNull();
  });

  it("gives word meaning each term's words, the map made once", () => {
    const view = vocabulary.termVocabulary();
    expect(view.has('crimea')).toBe(true);
    expect(view.has('missil')).toBe(false);
    expect(view.surfaces().get('drone')).toEqual(['drones', 'drone']);
    expect(vocabulary.termVocabulary().surfaces()).toBe(view.surfaces());
  });

  it('gives the speller each surface line as a term and its words, with its frequency', () => {
    const view = vocabulary.spellingVocabulary();
    const read = [...view.surfaces()];
    expect(read).toHaveLength(surfaces.length);
    expect(read[0]).toEqual(['drone', ['drones', 'drone']]);
    expect(view.frequency('drone')).toBe(2);
    expect(view.frequency('missil')).toBe(0);
    expect(vocabulary.surfaceLines).toBe(surfaces);
  });
});
