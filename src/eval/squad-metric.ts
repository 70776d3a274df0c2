/**
 * SQuAD's official answer metrics (evaluate-v2.0.py): exact match and token F1 after the
 * official normalisation, each the maximum over the gold answers.
 */

// string.punctuation of Python: the characters the official script strips.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/**
 * Lower-case, remove punctuation, drop the articles a/an/the, collapse whitespace, as the official
 * script's normalize_answer does.
 *
 * @example normalizeAnswer('The  Norman-French, dynasty!') // 'normanfrench dynasty'
 */
export function normalizeAnswer(s: string): string {
  // Python's \b is Unicode-aware: an article glued to a non-ASCII letter is not a word
  let out = '';
  for (const ch of s.toLowerCase()) if (!PUNCTUATION.has(ch)) out += ch;
  return out
    .replace(/(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w !== '')
    .join(' ');
}

function tokens(s: string): string[] {
  const n = normalizeAnswer(s);
  return n === '' ? [] : n.split(' ');
}

/** 1 when the normalised strings are equal, else 0. */
export function exactMatch(prediction: string, gold: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(gold) ? 1 : 0;
}

/**
 * Token F1 between the normalised answers (bags of tokens); when either is empty, 1 if both are.
 *
 * @example f1Score('Norman dynasty', 'the Norman dynasty of England') // 0.667
 */
export function f1Score(prediction: string, gold: string): number {
  const p = tokens(prediction);
  const g = tokens(gold);
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best score of a prediction over the gold answers; no prediction scores 0. */
export function maxOverGold(
  metric: (prediction: string, gold: string) => number,
  prediction: string | null,
  golds: readonly string[],
): number {
  if (prediction === null) return 0;
  let best = 0;
  for (const g of golds) best = Math.max(best, metric(prediction, g));
  return best;
}
