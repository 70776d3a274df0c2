/** The kinds of answer a sentence may hold, and their fast reading of ASCII text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiFolding, TYPE_PATTERNS } from '../../src/search/type-patterns.ts';

describe('asciiFolding', () => {
  const matches = (re: RegExp, text: string) =>
    [...text.matchAll(re)].map((m) => [m.index, m[0]] as const);

  it('finds what the pattern finds, in any text (fast-check)', () => {
    const piece = fc.constantFrom(
      ...['In ', 'MAY ', 'may', 'Spring', 'ſpring', 'SEPTEMBER', 'centuries', 'century', '1999s'],
      ...['2024', '21st', '3,5', 'two', 'Hundreds', 'years', ' ', '.', 'İ', 'ı', 'ß', 'K', 'k'],
      ...['😀', '\uD83D', 'because', 'due to', 'Due To', 'é', '_', '-', 'ﬁ', 'several months'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        for (const re of Object.values(TYPE_PATTERNS))
          expect(matches(asciiFolding(re, text), text)).toEqual(matches(re, text));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a text with ſ or K (Kelvin) with the pattern itself, and keeps Unicode-only patterns', () => {
    const date = TYPE_PATTERNS.date as RegExp;
    expect(asciiFolding(date, 'in the ſpring')).toBe(date);
    expect(asciiFolding(date, 'in the spring').unicode).toBe(false);
    expect(matches(asciiFolding(date, 'in the ſpring'), 'in the ſpring')).toEqual([[7, 'ſpring']]);
    const person = TYPE_PATTERNS.person as RegExp;
    expect(asciiFolding(person, 'said Ali Khamenei')).toBe(person);
  });
});
