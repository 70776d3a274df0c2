/**
 * The question's words as the short-answer reader weighs them (`Terms`): names and figures count
 * more, a generic focus less, a misspelt long word still counts; and where the defined term or
 * named person stands in a sentence.
 */
import { indexTerms, tokenize } from '../language/analyzer.ts';
import { editDistance } from '../language/edit-distance.ts';
import { normalizeText } from '../language/normalize.ts';
import type { QuestionShape } from '../language/question-shape.ts';
import type { STok } from './sentence-tokens.ts';

export interface Terms {
  /** Stem → weight of a question word (capitalised and rare-looking words weigh more). */
  weights: Map<string, number>;
  total: number;
  /** The question's own words, normalised and lower-cased, to reject spans it already contains. */
  questionText: string;
  /** Stems of the defined term or named person (definitions). */
  termStems: Set<string>;
  /** Question words a statement of the answer puts before / after it (QuestionShape.order). */
  before: Set<string>;
  after: Set<string>;
  /** The question asks for several ("which countries"): a list answers it best. */
  plural: boolean;
  /** The stem of a specific focus ("tanks", "birds"), which marks the answering sentence. */
  focusStem: string | null;
  /** The preposition of the wh-phrase ("since when", "in which year", "from which countries"). */
  preposition: string | null;
}

/** The question's words with weights: names and numbers count more, a generic focus less. */
export function questionTerms(
  question: string,
  shape: QuestionShape,
  extra: ReadonlySet<string> | undefined,
): Terms {
  const weights = new Map<string, number>();
  for (const t of tokenize(question)) {
    if (t.stop) continue;
    let w = t.capitalized || /\d/u.test(t.surface) ? 1.5 : 1;
    if (shape.focus?.generic && t.stem === shape.focus.stem) w = 0.3;
    if (/^(?:stand|mean|call|name|use|happen)$/u.test(t.stem)) w = 0.3;
    weights.set(t.stem, Math.max(weights.get(t.stem) ?? 0, w));
  }
  if (extra) for (const s of extra) if (!weights.has(s)) weights.set(s, 0.7);
  return finishTerms(weights, question, shape);
}

export function termsFromSet(
  set: ReadonlySet<string>,
  question: string,
  shape: QuestionShape,
): Terms {
  const weights = new Map<string, number>();
  for (const s of set) weights.set(s, 1);
  return finishTerms(weights, question, shape);
}

function finishTerms(weights: Map<string, number>, question: string, shape: QuestionShape): Terms {
  let total = 0;
  for (const w of weights.values()) total += w;
  const termStems = new Set<string>();
  if (shape.kind === 'definition' && shape.focus) {
    for (const s of indexTerms(shape.focus.surface)) termStems.add(s);
    termStems.add(shape.focus.stem);
  }
  return {
    weights,
    total,
    questionText: ` ${foldText(question)} `,
    termStems,
    plural:
      shape.focus !== null && /[^s]s$/u.test(shape.focus.surface) && shape.focus.surface.length > 3,
    focusStem: shape.focus && !shape.focus.generic ? shape.focus.stem : null,
    preposition:
      /\b(since|until|till|by|from|in|at|on|to|for|with|during|after|before|into|near)\s+(?:when|what|which|whom|where)\b/iu
        .exec(question)?.[1]
        ?.toLowerCase() ?? null,
    before: new Set(shape.order?.before ?? []),
    after: new Set(shape.order?.after ?? []),
  };
}

export function foldText(s: string): string {
  return normalizeText(s)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A misspelt name or word ("amirabdolahian", "agianst") still counts, for long words only. */
export function fuzzyWeight(stem: string, terms: Pick<Terms, 'weights'>): number {
  if (stem.length < 6) return 0;
  // the same sentence words come back for every span and sentence: remember the answer per
  // question (keyed by its weights)
  let known = fuzzyMemo.get(terms.weights);
  if (!known) {
    known = new Map();
    fuzzyMemo.set(terms.weights, known);
  }
  const memo = known.get(stem);
  if (memo !== undefined) return memo;
  let out = 0;
  for (const [t, w] of terms.weights) {
    if (
      t.length >= 6 &&
      Math.abs(t.length - stem.length) <= 2 &&
      editDistance(t, stem, 2) <= (t.length >= 9 ? 2 : 1)
    ) {
      out = w * 0.8;
      break;
    }
  }
  known.set(stem, out);
  return out;
}

const fuzzyMemo = new WeakMap<ReadonlyMap<string, number>, Map<string, number>>();

export function termWeight(t: STok, terms: Terms): number {
  if (!/[\p{L}\p{N}]/u.test(t.value)) return 0;
  const w = terms.weights.get(t.stem);
  if (w !== undefined) return w;
  return fuzzyWeight(t.stem, terms);
}

/** Where the defined term (or the named person) stands in the sentence. */
export function termOccurrences(
  toks: readonly STok[],
  terms: Terms,
): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  const term = { weights: new Map([...terms.termStems].map((s) => [s, 1])) };
  let i = 0;
  while (i < toks.length) {
    const t = toks[i] as STok;
    if (!terms.termStems.has(t.stem) && fuzzyWeight(t.stem, term) === 0) {
      i++;
      continue;
    }
    let b = i;
    while (b + 1 < toks.length) {
      const n = toks[b + 1] as STok;
      if (terms.termStems.has(n.stem) || (n.cap && n.pos === 'PROPN' && t.cap)) b++;
      else break;
    }
    // a name's first part: "Hossein" before "Amirabdollahian"
    let a = i;
    while (a > 0 && toks[a - 1]?.pos === 'PROPN' && terms.termStems.has(toks[a - 1]?.stem ?? ''))
      a--;
    out.push({ first: a, last: b });
    i = b + 1;
  }
  return out;
}
