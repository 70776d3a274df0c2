import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isOrdinal,
  isSuperlative,
  missingQualifiers,
  qualifiers,
} from '../../src/language/qualifiers.ts';

describe('qualifiers: the words that pick one out of many', () => {
  it.each([
    ['Who is the sixth president of the United States?', ['sixth']],
    ['Who was the youngest president to be elected?', ['youngest']],
    ['Where is wind power used most?', ['most']],
    ['What is the largest and busiest port of the 21st century?', ['largest', 'busiest', '21st']],
    ['best film of the twentieth century', ['best', 'twentieth']],
    ['When did Iran supply drones to Russia?', []],
  ])('%s → %j', (question, expected) => {
    expect(qualifiers(question)).toEqual(expected);
  });

  it('is not fooled by words that only end like a superlative or an ordinal', () => {
    for (const w of [
      'honest',
      'modest',
      'interest',
      'forest',
      'west',
      'test',
      'nest',
      'month',
      'health',
    ])
      expect(isSuperlative(w) || isOrdinal(w), w).toBe(false);
    for (const w of ['biggest', 'happiest', 'latest', 'earliest', 'fewest', 'least'])
      expect(isSuperlative(w), w).toBe(true);
    for (const w of ['first', 'eighth', '2nd', '103rd', 'thirteenth', 'fortieth'])
      expect(isOrdinal(w), w).toBe(true);
  });

  it('a passage holds a qualifier only as a form of the same word', () => {
    const q = 'Who is the sixth and youngest president?';
    expect(missingQualifiers(q, 'Newly elected President Masoud Pezeshkian')).toEqual([
      'sixth',
      'youngest',
    ]);
    expect(missingQualifiers(q, 'The Sixth president, the youngest ever, was X.')).toEqual([]);
    // "large" is not "largest"
    expect(missingQualifiers('the largest city', 'a large city')).toEqual(['largest']);
  });

  it('a passage holding the question’s own words misses none of its qualifiers (fast-check)', () => {
    const word = fc.constantFrom(
      'the',
      'sixth',
      'youngest',
      'largest',
      'president',
      'city',
      'most',
      '21st',
      'drones',
      'first',
      'best',
      'honest',
      'of',
      'Iran',
    );
    const question = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(question, fc.string({ maxLength: 40 }), (q, noise) => {
        expect(missingQualifiers(q, `${noise} ${q.toUpperCase()} ${noise}`)).toEqual([]);
        for (const w of missingQualifiers(q, noise)) expect(qualifiers(q)).toContain(w);
      }),
    );
  });
});
