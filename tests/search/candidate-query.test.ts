import { describe, expect, it } from 'vitest';
import { queryTerms } from '../../src/search/candidate-query.ts';
import { scoreConcepts } from '../../src/search/holding.ts';
import { SearchIndex } from '../../src/search/index.ts';
import type { AnalyzedQuery, Concept } from '../../src/search/query.ts';
import { doc } from './helpers.ts';

// sixty paragraphs, all saying "report": a word in more than 50 of them is common
const index = SearchIndex.build(
  [
    doc('d', [
      'The drone reached Russia.',
      'Missiles were shipped.',
      ...Array.from({ length: 60 }, (_, i) => `Report number ${i}.`),
    ]),
  ],
  [],
);
const settings = { depth: 30, fields: { text: 1, section: 1, title: 1 }, alias: 0.4, related: 0.5 };

function concept(surface: string, over: Partial<Concept>): Concept {
  return {
    surface,
    alternatives: [[surface]],
    related: [],
    pos: 'noun',
    capitalized: false,
    strength: 1,
    position: 0,
    focus: false,
    ...over,
  };
}

function query(concepts: Concept[]): AnalyzedQuery {
  return {
    text: '',
    shape: { kind: 'thing' } as AnalyzedQuery['shape'],
    answerType: 'any',
    concepts,
    corrections: [],
  };
}

describe('queryTerms', () => {
  it('weighs the question’s own words 1, an alias’s words by the alias weight', () => {
    const q = query([concept('drone', { alternatives: [['drone'], ['uav']] })]);
    const terms = queryTerms(index, scoreConcepts(index, q), settings);
    expect(Object.fromEntries(terms)).toEqual({ drone: 1, uav: 0.4 });
  });

  it('keeps the strongest related words, times their relatedness, and leaves common ones out', () => {
    const q = query([
      concept('rocket', {
        related: [
          { terms: ['missil'], weight: 0.8, via: 'lexicon' },
          { terms: ['report'], weight: 0.9, via: 'vector' },
        ],
      }),
    ]);
    const terms = queryTerms(index, scoreConcepts(index, q), settings);
    // "report" is in 60 of 62 paragraphs: it costs its whole posting list and adds nothing
    expect(Object.fromEntries(terms)).toEqual({ rocket: 1, missil: 0.4 });
  });

  it('keeps a term’s highest weight when two concepts ask for it', () => {
    const q = query([concept('drone', {}), concept('uav', { alternatives: [['uav'], ['drone']] })]);
    expect(queryTerms(index, scoreConcepts(index, q), settings).get('drone')).toBe(1);
  });
});
