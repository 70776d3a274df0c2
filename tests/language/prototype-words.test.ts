import { describe, expect, it } from 'vitest';
import { parseDateParts } from '../../src/facts/dates.ts';
import { indexTerms, stemWord } from '../../src/language/analyzer.ts';

// Words that name Object.prototype members must be words like any other (the Python docs are
// full of them), not lookups that find a function.
const names = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];

describe('words that are also Object.prototype members', () => {
  it('stems them as strings', () => {
    for (const n of names) expect(typeof stemWord(n)).toBe('string');
    expect(indexTerms('The constructor calls __proto__ and toString.')).toEqual([
      'constructor',
      'call',
      'proto',
      'tostr',
    ]);
  });

  it('never reads them as months or seasons in a date', () => {
    for (const n of names) {
      const parts = parseDateParts(`${n} 2022`);
      expect(parts?.month ?? null).toBeNull();
    }
  });
});
