import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/language/edit-distance.ts';

describe('editDistance', () => {
  it.each([
    ['personel', 'personnel', 1],
    ['agianst', 'against', 1],
    ['kyiv', 'kiev', 2],
    ['same', 'same', 0],
    ['abc', 'xyz', 3],
  ])('%s → %s is %i (swaps count one)', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  it('gives up above the bound', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdefg', 2)).toBe(3);
  });
});
