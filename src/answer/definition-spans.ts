import { learnAcronyms } from '../corpus/acronyms.ts';
import { looksLikeDemonym, TITLE_MODIFIERS, TITLE_WORDS } from '../language/name-words.ts';
import type { ReadSentence, STok } from './sentence-tokens.ts';
import type { Span } from './spans.ts';

const CLAUSE_END = /^[,;:.!?)(–—]$/u;
const ARTICLE = /^(?:a|an|the)$/u;

/** The index of the token starting at UTF-16 offset `at` (or the first one after it), or -1. */
function tokenAt(toks: readonly STok[], at: number): number {
  return toks.findIndex((t) => t.end > at);
}

function tokenEndingAt(toks: readonly STok[], at: number): number {
  let k = -1;
  for (let i = 0; i < toks.length; i++) if ((toks[i] as STok).end <= at) k = i;
  return k;
}

/** From token a, up to the end of the clause (a comma, bracket or full stop), at most `max` tokens. */
function toClauseEnd(toks: readonly STok[], a: number, max: number): number {
  let b = a;
  while (b + 1 < toks.length && b - a < max && !CLAUSE_END.test(toks[b + 1]?.value ?? '')) b++;
  return b;
}

/**
 * Where the sentence spells out an acronym ("Joint Comprehensive Plan of Action (JCPOA)", "the
 * United Kingdom, France, and Germany (E3)"), read by the corpus's own rule (learnAcronyms).
 */
export function acronymExpansions(
  rs: ReadSentence,
  acronym: string,
): { first: number; last: number }[] {
  const { toks, text } = rs;
  const out: { first: number; last: number }[] = [];
  if (!text.includes('(')) return out;
  const defs = learnAcronyms([
    {
      id: 's#p1',
      docSlug: 's',
      n: 1,
      kind: 'body',
      section: null,
      text,
      sentences: [{ text, start: 0, end: text.length }],
      line: 1,
    },
  ]);
  for (const def of defs) {
    if (def.acronym.toLowerCase() !== acronym.toLowerCase()) continue;
    const at = text.indexOf(def.expansion);
    if (at < 0) continue;
    const first = tokenAt(toks, at);
    const last = tokenEndingAt(toks, at + def.expansion.length);
    if (first >= 0 && last >= first) out.push({ first, last });
  }
  return out;
}

/**
 * Spans that define the term at tokens `term` (first..last): an acronym's expansion
 * ("Joint Comprehensive Plan of Action (JCPOA)"), an appositive ("X, a Y,"), a copula
 * ("X is a Y"), "X refers to/means/stands for Y", and for a person the title before the name
 * ("Foreign Minister Hossein Amirabdollahian") or the description after it.
 */
export function definitionSpans(rs: ReadSentence, term: { first: number; last: number }): Span[] {
  const { toks } = rs;
  const out: Span[] = [];
  const add = (first: number, last: number, strength: number) => {
    if (first < 0 || last < first) return;
    // articles at the start add nothing to the phrase
    let a = first;
    while (a < last && ARTICLE.test(toks[a]?.lower ?? '')) a++;
    out.push({ first: a, last, looks: { definition: strength, np: 0.3 }, linked: true });
  };
  const termText = toks
    .slice(term.first, term.last + 1)
    .map((t) => t.value)
    .join('');
  for (const span of acronymExpansions(rs, termText)) add(span.first, span.last, 1);
  const before = toks[term.first - 1];
  const after = toks[term.last + 1];
  // "SRBM (short-range ballistic missile)"
  if (after?.value === '(') {
    const close = toks.findIndex((t, k) => k > term.last && t.value === ')');
    if (close > term.last + 2) add(term.last + 2, close - 1, 0.8);
  }
  // "X, a Y," / "X, the Y of Z,"
  if (after?.value === ',' && ARTICLE.test(toks[term.last + 2]?.lower ?? ''))
    add(term.last + 2, toClauseEnd(toks, term.last + 2, 14), 0.85);
  // "X is a Y", "X was the Y of Z"
  if (/^(?:is|are|was|were)$/u.test(after?.lower ?? '')) {
    const a = term.last + 2;
    if (ARTICLE.test(toks[a]?.lower ?? '') || toks[a]?.pos === 'NOUN' || toks[a]?.pos === 'ADJ')
      add(a, toClauseEnd(toks, a, 16), 0.8);
  }
  // "X refers to Y", "X means Y", "X stands for Y"
  const verb = after?.lower ?? '';
  if (/^(?:refers?|means?|stands?|denotes?)$/u.test(verb)) {
    const a = /^(?:refers?|stands?)$/u.test(verb) ? term.last + 3 : term.last + 2;
    add(a, toClauseEnd(toks, a, 16), 0.85);
  }
  // "Y, known as X" / "Y called X": the phrase before
  if (before && /^(?:as|called|named|dubbed)$/u.test(before.lower)) {
    let e = term.first - 2;
    if (toks[e]?.lower === 'known') e--;
    if (toks[e]?.value === ',') e--;
    let s = e;
    while (s > 0 && !CLAUSE_END.test(toks[s - 1]?.value ?? '') && e - s < 10) s--;
    add(s, e, 0.6);
  }
  // a person: the title before the name ("Iranian Foreign Minister Hossein Amirabdollahian")
  let t = term.first;
  while (t > 0 && isTitleLike(toks[t - 1] as STok)) t--;
  if (t < term.first) {
    // "Iran's supreme leader": the owner reads with the title
    if (toks[t - 1]?.lower === "'s" || toks[t - 1]?.lower === '’s') t = Math.max(0, t - 2);
    add(t, term.first - 1, 0.9);
  }
  return out;
}

function isTitleLike(t: STok): boolean {
  return TITLE_WORDS.has(t.lower) || TITLE_MODIFIERS.has(t.lower) || looksLikeDemonym(t.value);
}
