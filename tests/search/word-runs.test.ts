import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScoredConcept } from '../../src/search/holding.ts';
import { adjacency, longestRun, phraseShare, within } from '../../src/search/word-runs.ts';

const word = fc.constantFrom('a', 'b', 'c', 'd');
const words = fc.array(word, { maxLength: 12 });

/** The longest run of equal neighbours, by trying every pair of starting places. */
function runByHand(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let n = 0;
      while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
      best = Math.max(best, n);
    }
  return best;
}

const concept = (...alternative: string[]) =>
  ({ concept: { alternatives: [alternative] } }) as unknown as ScoredConcept;

describe('longestRun', () => {
  it('finds the longest run the two share in the same order', () => {
    expect(longestRun(['read', 'file', 'line'], ['to', 'read', 'file', 'line', 'by'])).toBe(3);
    expect(longestRun(['read', 'file'], ['file', 'read'])).toBe(1);
    expect(longestRun([], ['a'])).toBe(0);
  });

  it('gives what trying every pair of places gives, either way round', () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        expect(longestRun(a, b)).toBe(runByHand(a, b));
        expect(longestRun(b, a)).toBe(longestRun(a, b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('phraseShare', () => {
  it('is the run over the question, and 0 below a run of two', () => {
    expect(phraseShare(['read', 'file', 'line'], ['read', 'file', 'now'])).toBeCloseTo(2 / 3);
    expect(phraseShare(['read', 'file'], ['file', 'read'])).toBe(0);
    expect(phraseShare([], ['a', 'b'])).toBe(0);
  });

  it('stays within 0..1 and is 1 when the sentence holds the whole question in order', () => {
    fc.assert(
      fc.property(words, words, words, (q, before, after) => {
        const share = phraseShare(q, [...before, ...after]);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
        if (q.length >= 2) expect(phraseShare(q, [...before, ...q, ...after])).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('within', () => {
  it('tells whether two words stand at most `gap` places apart, in either order', () => {
    const terms = ['iran', 'sent', 'many', 'drone', 'russia'];
    expect(within(terms, 'iran', 'drone', 3)).toBe(true);
    expect(within(terms, 'drone', 'iran', 3)).toBe(true);
    expect(within(terms, 'iran', 'russia', 3)).toBe(false);
    expect(within(terms, 'iran', 'tank', 3)).toBe(false);
  });

  it('gives what comparing every pair of places gives', () => {
    fc.assert(
      fc.property(words, word, word, fc.integer({ min: 0, max: 4 }), (terms, a, b, gap) => {
        let near = false;
        terms.forEach((x, i) => {
          terms.forEach((y, j) => {
            if (x === a && y === b && Math.abs(i - j) <= gap) near = true;
          });
        });
        expect(within(terms, a, b, gap)).toBe(near);
      }),
      { numRuns: 300 },
    );
  });
});

describe('adjacency', () => {
  it('is the share of neighbouring concepts that stand close together', () => {
    const concepts = [concept('iran'), concept('drone'), concept('russia')];
    expect(adjacency(concepts, ['iran', 'drone', 'x', 'x', 'x', 'x', 'russia'])).toBe(0.5);
    expect(adjacency(concepts, ['iran', 'drone', 'russia'])).toBe(1);
    expect(adjacency(concepts.slice(0, 1), ['iran'])).toBe(0);
  });

  it('reads a two-word concept by its last word and the next by its first', () => {
    const concepts = [concept('north', 'korea'), concept('missil')];
    expect(adjacency(concepts, ['korea', 'sent', 'missil'])).toBe(1);
    expect(adjacency(concepts, ['north', 'x', 'x', 'x', 'x', 'missil', 'korea'])).toBe(1);
    expect(adjacency(concepts, ['north', 'x', 'x', 'x', 'x', 'missil'])).toBe(0);
  });
});
