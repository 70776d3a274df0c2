/**
 * What the abstention rule reads of a passage for a question (`signals`): how much of the
 * question it holds, whether its answering sentence has a phrase of the kind asked for (found by
 * the short-answer reader), and whether the question's words are in the corpus at all
 * (`matched`, `anchorLike`). ask.ts decides with them.
 */
import { type QuestionShape, SHORT_KINDS, TYPED_KINDS } from '../language/question-shape.ts';
import { credit, isKnown, isName, type ScoredConcept } from '../search/holding.ts';
import type { Entry, SearchIndex } from '../search/index.ts';
import type { AnalyzedQuery, Concept } from '../search/query.ts';
import type { Hit } from '../search/rank.ts';
import { ABSTAIN, type AnswerSignals } from './abstain.ts';
import { extractShortAnswer, sentencesByOverlap } from './short.ts';
import type { ShortAnswer } from './types.ts';

/** A related word this strong stands in for a question word the corpus lacks. */
export const STANDS_IN = 0.5;

/**
 * Whether the corpus has the concept (a misspelt word as corrected), or a word that stands in for
 * it. Word vectors never stand in for a name: they put Belarus as near Ukraine (0.85) as Riyadh is
 * to Saudi (0.75), so only WordNet can (Riyadh is part of Saudi Arabia).
 */
export function matched(index: SearchIndex, c: Concept): boolean {
  if (isKnown(index, c)) return true;
  const name = nameLike(index, c);
  return c.related.some((r) => r.weight >= STANDS_IN && !(name && r.via === 'vector'));
}

/** A name or a figure ("North Korea", "2024", "greenland"): only WordNet may stand in for it. */
function nameLike(index: SearchIndex, c: Concept): boolean {
  return isName(c) || typedName(index, c);
}

/**
 * A name typed in lowercase, or first in the question: "is greenland part of europe", "which
 * state was returned to spain". Real queries are often all lowercase (Natural Questions'), so
 * capitals cannot be what tells a name; WordNet can: a noun whose commonest sense is a named
 * instance (Spain a European country, Greenland an island). Measured: Natural Questions dev asked
 * of the bundled corpus, answered 34 → 31 of 898; no development set's answers changed.
 */
function typedName(index: SearchIndex, c: Concept): boolean {
  return (
    (!c.capitalized || c.position === 0) &&
    c.pos === 'noun' &&
    !c.surface.includes(' ') &&
    index.meaning.isProperName(c.surface)
  );
}

/**
 * A name, or a figure that pins the question down: its absence says the corpus cannot answer. A
 * year ("2024", "the 1990s"), an ordinal ("the 14th century"), a precise value ("a population of
 * 3,792,261", "magnitude 8.7", four digits or more). Other figures describe the asker's case more
 * often than they anchor the question ("20k images", "re-exports like 80 files",
 * "/assets/index-abc123.js", "upgrading to v8"): their absence is left to the learned decision's
 * share of missing words. Measured: Vite false declines 7 → 2 of 38 (with the asking sentence),
 * SQuAD 2.0 unanswerable questions declined as before.
 */
export function anchorLike(index: SearchIndex, c: Concept, question: string): boolean {
  if ((c.capitalized && c.position > 0) || typedName(index, c)) return true;
  const s = c.surface;
  if (!/\p{N}/u.test(s)) return false;
  if (/^(?:1\d{3}|20\d{2})s?$/u.test(s) || /^\d+(?:st|nd|rd|th)$/iu.test(s)) return true;
  if (/^\d{4,}$/u.test(s) || /^\d+[.,]\d+$/u.test(s)) return true;
  // one group of a number written with separators: "261" of "3,792,261" (digits only here)
  return (
    /^\d+$/u.test(s) && new RegExp(`\\d[.,]${s}(?!\\d)|(?<!\\d)${s}[.,]\\d`, 'u').test(question)
  );
}

/**
 * What the abstention rule reads of a hit, from what the question brings once: its concepts as
 * scored (scoreConcepts), those nothing in the corpus matches, and how many of them are names.
 */
export function signals(
  index: SearchIndex,
  asked: {
    query: AnalyzedQuery;
    concepts: readonly ScoredConcept[];
    unmatched: readonly Concept[];
    missingNames: number;
  },
  best: Hit,
): AnswerSignals & { short: ShortAnswer | null; shortSure: number; hedged: boolean } {
  const { query, concepts, unmatched, missingNames } = asked;
  const shape = query.shape;
  const absent = unmatched.reduce((sum, c) => sum + c.strength, 0);
  const known = query.concepts.length - unmatched.length;
  const focus =
    shape.focus && !shape.focus.generic
      ? concepts.find((c) => c.concept.alternatives[0]?.includes(shape.focus?.stem ?? ''))
      : undefined;
  const entry = index.entries[best.index] as Entry;
  const typed = typedAnswer(shape, query.text, entry, best.sentence, retrievalTerms(query));
  // "Which UAV models did Russia get?": a category the answer ("Shahid and Mohajer") need not
  // name; its absence says nothing when two other nouns or names of the question are there.
  // "What currency is used in Iran?" has only Iran besides it: then the focus is the question.
  const mustAppear = focusMustAppear(shape, query.text);
  const othersThere = concepts.filter(
    (c) =>
      c !== focus &&
      (c.concept.pos === 'noun' || c.concept.capitalized) &&
      credit(c, best.matched) >= STANDS_IN,
  ).length;
  return {
    missingNames,
    focusAbsent:
      focus !== undefined &&
      unmatched.includes(focus.concept) &&
      (mustAppear || othersThere < ABSTAIN.categoryContext),
    missingShare: absent / (absent + known || 1),
    coverage: best.coverage,
    covered: best.covered,
    known,
    // what the passage lacks first: whether a word is a name asks the dictionary
    namesElsewhere: concepts.filter(
      (c) =>
        credit(c, best.matched) < STANDS_IN &&
        !unmatched.includes(c.concept) &&
        anchorLike(index, c.concept, query.text),
    ).length,
    // "which UAV models…" names a category its answer ("Shahid and Mohajer") need not repeat;
    // "how many tanks", "the capital of…", "Israel's prime minister" name what must be there
    focusCredit: focus && mustAppear ? credit(focus, best.matched) : null,
    typed: typed === null ? null : typed.found !== null,
    short: typed?.found ?? null,
    shortSure: typed?.sure ?? 0,
    hedged: typed?.hedged ?? false,
  };
}

/** A counted thing ("how many tanks") or an attribute ("the capital of X", "Iran's population"). */
function focusMustAppear(shape: QuestionShape, question: string): boolean {
  if (shape.countable) return true;
  const focus = shape.focus?.surface.toLowerCase();
  // "What was Biden's verdict?" is answered by "Biden concluded…": only an attribute with a value
  // of a kind (a number, a place, a person) must be named beside it ("Iran's population is…")
  if (!focus || !TYPED_KINDS.has(shape.kind)) return false;
  const q = question.toLowerCase();
  return (
    q.includes(`${focus} of `) ||
    new RegExp(`['’]s\\s+(?:\\w+\\s+)?${escapeRegExp(focus)}\\b`, 'u').test(q)
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * Whether the answering sentence holds a phrase of the kind the question asks for that the
 * question does not already contain: a date for "when", a count for "how many" (a year or a
 * duration is not a count), a name for "who"; for a role ("the president of Iran") a person who
 * holds that role. Null when the kind needs no particular phrase.
 */
function typedAnswer(
  shape: QuestionShape,
  question: string,
  { paragraph, document }: Entry,
  sentence: number,
  terms: ReadonlySet<string>,
): { found: ShortAnswer | null; sure: number; hedged: boolean } | null {
  if (!TYPED_KINDS.has(shape.kind)) return null;
  // the extractor's own judgement: a count must be of the thing asked about ("several months"
  // is no number of drones), a person must hold the role asked about; what it finds in the
  // answering sentence is also the short answer shown, inside the sentence shown in bold
  const found = extractShortAnswer(question, shape, paragraph, {
    sentences: [sentence],
    questionTerms: terms,
    title: document.meta.title,
  });
  return {
    found: found ? { text: found.text, passageId: paragraph.id, kind: found.kind } : null,
    sure: found?.sure ?? 0,
    hedged: found?.hedged ?? false,
  };
}

/**
 * The stems retrieval counts as the question's words: its own, their aliases and near forms, and
 * related words worth at least `minWeight` of a match (WordNet's base forms, derivations and
 * commonest synonyms; vector neighbours made the short answer worse on SQuAD: F1 0.399 with
 * those from 0.5 up, 0.41 from 0.8 up or with none).
 */
export function retrievalTerms(query: AnalyzedQuery, minWeight = 0.8): Set<string> {
  const out = new Set<string>();
  for (const c of query.concepts) {
    for (const alt of c.alternatives) for (const t of alt) out.add(t);
    for (const r of c.related) if (r.weight >= minWeight) for (const t of r.terms) out.add(t);
  }
  return out;
}

/**
 * The short answer ask() gives from a ranked passage, with the reader's probability that it is
 * right: for a date, number or name, the phrase in its answering sentence (the one shown in bold);
 * for a definition, the best phrase in that sentence or those sharing most words with the question;
 * none for other kinds (SHORT_KINDS).
 */
export function shortFor(
  index: SearchIndex,
  query: AnalyzedQuery,
  shape: QuestionShape,
  hit: Pick<Hit, 'index' | 'sentence'>,
): { short: ShortAnswer; sure: number } | null {
  if (!SHORT_KINDS.has(shape.kind)) return null;
  if (!TYPED_KINDS.has(shape.kind)) return shortFromSentences(index, query, shape, hit);
  const entry = index.entries[hit.index] as Entry;
  const typed = typedAnswer(shape, query.text, entry, hit.sentence, retrievalTerms(query));
  return typed?.found ? { short: typed.found, sure: typed.sure } : null;
}

/**
 * The phrase of the asked kind in the hit's answering sentence, then in the sentences that share
 * most words with the question, or null when unsure.
 */
function shortFromSentences(
  index: SearchIndex,
  query: AnalyzedQuery,
  shape: QuestionShape,
  hit: Pick<Hit, 'index' | 'sentence'>,
): { short: ShortAnswer; sure: number } | null {
  const { paragraph, document } = index.entries[hit.index] as Entry;
  const sentences = [
    hit.sentence,
    ...sentencesByOverlap(query.text, shape, paragraph).filter((i) => i !== hit.sentence),
  ];
  const found = extractShortAnswer(query.text, shape, paragraph, {
    sentences,
    questionTerms: retrievalTerms(query),
    title: document.meta.title,
  });
  return found
    ? {
        short: { text: found.text, passageId: paragraph.id, kind: found.kind },
        sure: found.sure,
      }
    : null;
}
