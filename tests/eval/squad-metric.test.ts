import { describe, expect, it } from 'vitest';
import { exactMatch, f1Score, maxOverGold, normalizeAnswer } from '../../src/eval/squad-metric.ts';

// Behaviour of the official evaluate-v2.0.py (normalize_answer, compute_exact, compute_f1).
describe('SQuAD answer metrics', () => {
  it('normalises as the official script does', () => {
    expect(normalizeAnswer('The  Quick, Brown fox!')).toBe('quick brown fox');
    expect(normalizeAnswer('an apple a day')).toBe('apple day');
    // articles go only as whole words; ASCII punctuation only (string.punctuation)
    expect(normalizeAnswer('Theatre and Athens')).toBe('theatre and athens');
    expect(normalizeAnswer('1,000')).toBe('1000');
    expect(normalizeAnswer('Cobham–Edmonds')).toBe('cobham–edmonds');
    expect(normalizeAnswer('Cobham-Edmonds')).toBe('cobhamedmonds');
    expect(normalizeAnswer('the')).toBe('');
  });

  it('scores exact match after normalisation', () => {
    expect(exactMatch('Normans', 'the Normans')).toBe(1);
    expect(exactMatch('US$1,000,000', '$1,000,000')).toBe(0);
    expect(exactMatch('10th century', 'the 10th century.')).toBe(1);
  });

  it('scores token F1 over bags of tokens', () => {
    expect(f1Score('the cat sat', 'a cat sat on the mat')).toBeCloseTo(2 / 3, 5);
    expect(f1Score('cat cat', 'cat')).toBeCloseTo(2 / 3, 5);
    expect(f1Score('dog', 'cat')).toBe(0);
    // empty after normalisation: right only when both are
    expect(f1Score('the', 'a')).toBe(1);
    expect(f1Score('the', 'cat')).toBe(0);
  });

  it('takes the best gold answer; no prediction scores 0', () => {
    expect(maxOverGold(f1Score, 'Norman dynasty', ['Vikings', 'the Norman dynasty'])).toBe(1);
    expect(maxOverGold(exactMatch, null, ['Vikings'])).toBe(0);
    expect(maxOverGold(f1Score, 'x', [])).toBe(0);
  });
});
