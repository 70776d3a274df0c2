/**
 * Runs of words two texts share: whether neighbouring question words stand close together in a
 * sentence (`adjacency`), and the longest run of words in the same order (`longestRun`,
 * `phraseShare`). The ranking's `bigram`, `phrase` and `titlePhrase` features read them
 * (rank-features.ts).
 */
import type { ScoredConcept } from './holding.ts';

/** Share of consecutive question concepts that also stand within three words of each other here. */
export function adjacency(concepts: readonly ScoredConcept[], terms: readonly string[]): number {
  if (concepts.length < 2) return 0;
  let near = 0;
  for (let k = 0; k + 1 < concepts.length; k++) {
    const a = (concepts[k] as ScoredConcept).concept.alternatives[0]?.at(-1) ?? '';
    const b = (concepts[k + 1] as ScoredConcept).concept.alternatives[0]?.[0] ?? '';
    if (within(terms, a, b, 3)) near++;
  }
  return near / (concepts.length - 1);
}

/** Whether `a` and `b` both occur in `terms` at most `gap` places apart. */
export function within(terms: readonly string[], a: string, b: string, gap: number): boolean {
  for (let i = 0; i < terms.length; i++) {
    if (terms[i] !== a) continue;
    const end = Math.min(terms.length - 1, i + gap);
    for (let j = Math.max(0, i - gap); j <= end; j++) if (terms[j] === b) return true;
  }
  return false;
}

/** Length of the longest run of words two sequences share in the same order. */
export function longestRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : 0;
      if ((cur[j] as number) > best) best = cur[j] as number;
    }
    [prev, cur] = [cur, prev];
  }
  return best;
}

/**
 * The longest run of the question's terms a sentence repeats in order, over the question's length;
 * 0 below a run of two (one shared word is no phrase).
 */
export function phraseShare(question: readonly string[], sentence: readonly string[]): number {
  const run = longestRun(question, sentence);
  return run >= 2 && question.length > 0 ? run / question.length : 0;
}
