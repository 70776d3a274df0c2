/**
 * What a passage is named by (`PassageTerms.nameTerms`): its page's title, then the words of its
 * nearest heading the title lacks; the ranking's title features read it (rank-features.ts). And
 * the words of the passages shown lately (`shownWords`), kept within a bound.
 */
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/corpus/types.ts';
import { wordKeys, wordsWithKeys } from '../../src/language/analyzer.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { SHOWN_WORDS_KEPT } from '../../src/search/passage-terms.ts';
import { rank } from '../../src/search/rank.ts';
import { RANK_FEATURES } from '../../src/search/rank-features.ts';
import { doc } from './helpers.ts';

/** A page whose paragraphs sit under the given heading paths (null: under none). */
function page(slug: string, title: string, sections: (string | null)[]): Document {
  const d = doc(
    slug,
    sections.map((_, i) => `Paragraph ${i + 1} of the page explains the settings in some detail.`),
    title,
  );
  d.paragraphs.forEach((p, i) => {
    p.section = sections[i] ?? null;
  });
  return d;
}

const options = page('server-options', 'Server Options', [
  null,
  'Config › Server Options',
  'Config › Server Options › server.proxy',
  'Config › Server Options › Server Options',
]);
const index = SearchIndex.build([options], []);

describe('PassageTerms.nameTerms', () => {
  it('is the title alone for a paragraph under no heading, or under the title itself', () => {
    expect(index.passages.nameTerms(0)).toEqual(['server', 'option']);
    expect(index.passages.nameTerms(1)).toEqual(['server', 'option']);
    expect(index.passages.nameTerms(3)).toEqual(['server', 'option']);
    // the same array: the ranking reads each name once
    expect(index.passages.nameTerms(1)).toBe(index.passages.nameTerms(0));
  });

  it('adds the words of the nearest heading the title lacks, in order (an identifier also whole)', () => {
    expect(index.passages.nameTerms(2)).toEqual(['server', 'option', 'proxi', 'server.proxy']);
  });

  it('is empty past the last paragraph', () => {
    expect(index.passages.nameTerms(99)).toEqual([]);
  });
});

describe('title features read the name', () => {
  it("credit the paragraph whose heading the question names, not its page's others", () => {
    const hits = rank(index, index.analyze('how do I proxy the settings?'), { limit: 10 });
    const asked = RANK_FEATURES.indexOf('titleAsked');
    const byParagraph = new Map(hits.map((h) => [h.index, h.features[asked]]));
    expect(byParagraph.size).toBe(4);
    expect(byParagraph.get(2)).toBeGreaterThan(0);
    expect(byParagraph.get(0) ?? 0).toBe(0);
  });
});

describe('PassageTerms.shownWords', () => {
  it("is the passage's words with their keys, kept for the passages read lately, the same after eviction", () => {
    const many = doc(
      'many',
      Array.from(
        { length: SHOWN_WORDS_KEPT + 2 },
        (_, i) => `Missiles ${i} and the U.S. sanctions on Iran's drones.`,
      ),
    );
    const big = SearchIndex.build([many], []);
    const first = big.passages.shownWords(0);
    expect(first).toEqual(wordKeys(many.paragraphs[0]?.text ?? ''));
    expect(wordsWithKeys(first, new Set(['missil', 'us', 'iran']))).toEqual([
      'Missiles',
      'US',
      'Iran',
    ]);
    // read again: the same array
    expect(big.passages.shownWords(0)).toBe(first);
    for (let i = 1; i <= SHOWN_WORDS_KEPT + 1; i++) big.passages.shownWords(i);
    // evicted (the least recently read), made again alike
    const again = big.passages.shownWords(0);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
