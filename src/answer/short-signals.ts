/**
 * What a candidate span's place in its sentence says, for the short-answer model: how near the
 * question's words stand (a window decaying with distance), on which side of the span, whether
 * a copula or a linking word joins them to it, and whether the question's focus stands beside it.
 */
import { TITLE_WORDS } from '../language/name-words.ts';
import type { QuestionShape } from '../language/question-shape.ts';
import type { STok } from './sentence-tokens.ts';
import { fuzzyWeight, type Terms } from './short-terms.ts';
import type { Span } from './spans.ts';

const LINKERS = new Set([
  ',',
  '(',
  ')',
  ':',
  '-',
  '–',
  '—',
  'is',
  'was',
  'are',
  'were',
  'be',
  'been',
  'called',
  'named',
  'known',
  'as',
  'by',
  'of',
  'the',
  'a',
  'an',
  'to',
]);

/**
 * Whether the thing a typed question counts or names ("how many tanks", "the capital of") is
 * absent from the sentence; what-questions are left alone, their focus is often paraphrased.
 */
export function isFocusMissing(
  toks: readonly STok[],
  shape: QuestionShape,
  _terms: Terms,
): boolean {
  const focus = shape.focus;
  if (!focus || focus.generic || shape.kind === 'thing' || shape.kind === 'any') return false;
  if (shape.kind === 'definition' || shape.role) return false;
  const one = { weights: new Map([[focus.stem, 1]]) };
  return !toks.some((t) => t.stem === focus.stem || fuzzyWeight(t.stem, one) > 0);
}

/** Question words around the span, each counted once at its nearest occurrence, nearer weighing more. */
export function windowScore(
  toks: readonly STok[],
  s: Span,
  positions: readonly number[],
  weight: readonly number[],
  terms: Terms,
  /** The window credit of a question word halves every this many tokens. */
  decay: number,
): number {
  const best = new Map<string, number>();
  for (const p of positions) {
    if (p >= s.first && p <= s.last) continue;
    const d = p < s.first ? s.first - p : p - s.last;
    const v = (weight[p] ?? 0) * 0.5 ** ((d - 1) / decay);
    const key = toks[p]?.stem ?? '';
    if (v > (best.get(key) ?? 0)) best.set(key, v);
  }
  let sum = 0;
  for (const v of best.values()) sum += v;
  return Math.min(1, sum / (terms.total || 1));
}

/**
 * Whether the question's words stand on the side of the span that the question's word order
 * predicts (0.5 when it predicts nothing). A span right after "by" answers an active question
 * put passively ("Who founded X?" → "X was founded by Y").
 */
export function sideScore(
  toks: readonly STok[],
  s: Span,
  weight: readonly number[],
  terms: Terms,
): number {
  if (terms.before.size + terms.after.size === 0) return 0.5;
  const passive = toks[s.first - 1]?.lower === 'by';
  let agree = 0;
  let total = 0;
  const seen = new Set<string>();
  for (let p = 0; p < toks.length; p++) {
    if ((weight[p] ?? 0) === 0 || (p >= s.first && p <= s.last)) continue;
    const stem = toks[p]?.stem ?? '';
    if (seen.has(stem)) continue;
    const isBefore = terms.before.has(stem);
    const isAfter = terms.after.has(stem);
    if (!isBefore && !isAfter) continue;
    seen.add(stem);
    const w = weight[p] ?? 0;
    total += w;
    const left = p < s.first;
    if ((isBefore && left) || (isAfter && (!left || passive))) agree += w;
  }
  return total === 0 ? 0.5 : agree / total;
}

export function nearestDistance(s: Span, positions: readonly number[]): number {
  let d = Infinity;
  for (const p of positions) {
    if (p >= s.first && p <= s.last) continue;
    d = Math.min(d, p < s.first ? s.first - p : p - s.last);
  }
  return d;
}

const COPULAS = new Set(['is', 'are', 'was', 'were']);

/** "The Caspian Sea is the largest enclosed body of water": the span and question words face each other across a copula. */
export function acrossCopula(toks: readonly STok[], s: Span, weight: readonly number[]): boolean {
  const within = (from: number, step: number) => {
    for (let k = from, n = 0; k >= 0 && k < toks.length && n < 4; k += step, n++)
      if ((weight[k] ?? 0) > 0) return true;
    return false;
  };
  // span, copula, question words
  let k = s.last + 1;
  if (COPULAS.has(toks[k]?.lower ?? '')) return within(k + 1, 1);
  // question words, copula, (article) span
  k = s.first - 1;
  if (/^(?:a|an|the)$/u.test(toks[k]?.lower ?? '')) k--;
  return COPULAS.has(toks[k]?.lower ?? '') && within(k - 1, -1);
}

/** Joined to a question word by nothing but a comma, bracket, copula or "called"/"known as". */
export function linkedToQuestion(
  toks: readonly STok[],
  s: Span,
  weight: readonly number[],
): boolean {
  for (let k = s.first - 1, n = 0; k >= 0 && n < 4; k--, n++) {
    if ((weight[k] ?? 0) > 0) return true;
    // "led by President X": a title between is no distance
    if (!LINKERS.has(toks[k]?.lower ?? '') && !TITLE_WORDS.has(toks[k]?.lower ?? '')) break;
  }
  for (let k = s.last + 1, n = 0; k < toks.length && n < 3; k++, n++) {
    if ((weight[k] ?? 0) > 0) return true;
    if (!LINKERS.has(toks[k]?.lower ?? '')) break;
  }
  return false;
}

/** The focus word right next to the span ("the Port of Long Beach", "Metrolink, the commuter rail system"). */
export function focusScore(toks: readonly STok[], s: Span, shape: QuestionShape): number {
  const focus = shape.focus;
  if (!focus || focus.generic) return 0;
  for (let k = Math.max(0, s.first - 3); k <= Math.min(toks.length - 1, s.last + 3); k++) {
    if (toks[k]?.stem !== focus.stem) continue;
    if (k >= s.first && k <= s.last) return s.last > s.first ? 0.7 : 0;
    return 1;
  }
  return 0;
}
