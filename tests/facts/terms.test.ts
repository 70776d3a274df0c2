import { describe, expect, it } from 'vitest';
import { extractFacts, extractParagraphFacts } from '../../src/facts/extract.ts';
import { corpusOf, para } from './helpers.ts';

const terms = (text: string) =>
  extractParagraphFacts(para(text))
    .filter((f) => f.kind === 'definition')
    .map((f) => [f.subject, f.value]);

describe('definitions', () => {
  it('"X is a Y" at the start of a sentence', () => {
    expect(terms('Hezbollah is a Lebanese militant group. It is armed by Iran.')).toEqual([
      ['Hezbollah', 'a Lebanese militant group'],
    ]);
  });

  it('"X, a Y," appositives', () => {
    expect(terms('The Wagner Group, a private militia, rebelled against the army.')).toEqual([
      ['Wagner Group', 'a private militia'],
    ]);
  });

  it('no definition from a list of names or a clause', () => {
    expect(
      terms('Unlike Turkey, India, China, and other powers, Tehran aligned with Moscow.'),
    ).toEqual([]);
    expect(terms('Iran, a move Tehran denied.')).toEqual([]);
    expect(terms('On Unix, a library is loaded at start.')).toEqual([]);
  });

  it('acronyms come from learnAcronyms, once each, cited where defined', () => {
    const corpus = corpusOf([
      {
        slug: 'a',
        paragraphs: [
          'Iran sent a short-range ballistic missile (SRBM) to Russia.',
          'The United States, together with the United Kingdom, France, and Germany (E3) imposed sanctions. The SRBM was fired.',
        ],
      },
      {
        slug: 'b',
        paragraphs: ['Iran supplied armed unmanned aerial systems (UAS, armed drones).'],
      },
    ]);
    const defs = extractFacts(corpus)
      .filter((f) => f.kind === 'definition')
      .map((f) => [f.subject, f.value, f.paragraphId]);
    expect(defs).toEqual([
      ['SRBM', 'short-range ballistic missile', 'a#p1'],
      ['E3', 'the United Kingdom, France, and Germany', 'a#p2'],
      ['UAS', 'unmanned aerial systems', 'b#p1'],
    ]);
  });

  it('the first worded definition of a term wins', () => {
    const corpus = corpusOf([
      {
        slug: 'a',
        paragraphs: ['Hezbollah is a Lebanese militant group.', 'Hezbollah is a political party.'],
      },
    ]);
    expect(extractFacts(corpus).filter((f) => f.kind === 'definition')).toHaveLength(1);
  });
});
