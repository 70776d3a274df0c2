/**
 * What the rerank reads of a candidate paragraph: the named features (PARAGRAPH_FEATURES,
 * SENTENCE_FEATURES) and their computation (`candidateFeatures`), the BM25F candidates they are
 * computed over (RankOptions, CandidateSettings, the weighted query), and how a set of terms
 * holds each of the question's concepts (own words, aliases, related words, word families). The
 * model that weighs the features, and the scoring, are in rank.ts.
 */
import type { AnswerType } from '../language/question.ts';
import type { Entry, SearchIndex } from './index.ts';
import { gistSimilarity, type RelatedTerm } from './meaning.ts';
import type { AnalyzedQuery, Concept } from './query.ts';

export interface RankOptions {
  limit: number;
  /** How many BM25 candidates to rerank (default: the model's). */
  depth?: number;
  filter?: ((entry: Entry) => boolean) | undefined;
}

/**
 * Every signal the rerank reads of a candidate paragraph, by name. The first group describes the
 * paragraph (its BM25 score, how much of the question its text, title and headings hold, and how);
 * the second its best sentence (the one shown in bold). A fitted linear model (`npm run fit --
 * rank`, src/models/rank.json) weighs them: nothing here is weighed by hand.
 */
export const PARAGRAPH_FEATURES = [
  /** BM25F over text, headings and title (with the question's aliases and related words), relative to the best candidate's. */
  'bm25',
  /** Share of the question (idf-weighted) whose own words are in the paragraph. */
  'own',
  /** … reached only through an alias, a learned acronym or a near form. */
  'alias',
  /** … only through a related word (WordNet, word vectors), times how related. */
  'related',
  /** … only through a word of the same family ("religion"/"religious"). */
  'family',
  /** Share of the question the passage's name holds (soft): its page's title and nearest heading. */
  'title',
  /** Share the paragraph's heading path holds (soft). */
  'section',
  /** Share held anywhere: text, headings or title, whichever holds each idea best. */
  'union',
  /** Share only the previous paragraph of the same document holds ("The move…" leans on it). */
  'context',
  /** Share of the question's names and figures found in the text, headings or title. */
  'names',
  /** How far the question's focus ("tanks" in "how many tanks") is present (0 when it has none). */
  'focus',
  /** Share of the name's words the question repeats: the question names the page or section. */
  'titleAsked',
  /** Paragraph length, log-scaled to 0..1. */
  'length',
  /** Longest run of the name's words the question repeats in order, over the name's length. */
  'titlePhrase',
  /**
   * How near the question's subject is to the paragraph's, whatever words either uses: the cosine
   * of their gists (word vectors less what all words share, `CorpusMeaning.gist`), 0 when
   * opposite, ½ without word vectors.
   */
  'gist',
] as const;

export const SENTENCE_FEATURES = [
  /** Share of the question the best sentence holds (soft). */
  'sentence',
  /** … through the question's own words and aliases only. */
  'sentenceOwn',
  /** Share of neighbouring question words that stand close together in it. */
  'bigram',
  /** 1 when it holds a phrase of the kind asked for (a date for "when") the question did not bring. */
  'typed',
  /** Longest run of the question's words (two or more) it repeats in order, over the question's length. */
  'phrase',
] as const;

export const RANK_FEATURES = [...PARAGRAPH_FEATURES, ...SENTENCE_FEATURES] as const;
export type RankFeature = (typeof RANK_FEATURES)[number];

/** How candidates are fetched before the rerank: fitted with the weights (see the model file). */
export interface CandidateSettings {
  /** How many BM25 candidates the model reranks. */
  depth: number;
  /** BM25F field boosts. */
  fields: { text: number; section: number; title: number };
  /** Weight of an alias's terms in the BM25 query (the question's own words weigh 1). */
  alias: number;
  /** Weight of a related word in the BM25 query, times its relatedness. */
  related: number;
}

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december';
/** The phrases of each kind of answer a sentence may hold (the rerank's `typed` feature). */
export const TYPE_PATTERNS: Partial<Record<AnswerType, RegExp>> = {
  date: new RegExp(
    `\\b(?:1[0-9]{3}|20[0-9]{2})s?\\b|\\b(?:${MONTHS})\\b|\\b(?:spring|summer|fall|autumn|winter)\\b|\\bcentur(?:y|ies)\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b`,
    'giu',
  ),
  // counts, not years, and not durations ("several months")
  number:
    /\b(?!(?:1[0-9]{3}|20[0-9]{2})\b)\d+(?:[.,]\d+)*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|several|few|percent)\b(?!\s+(?:days?|weeks?|months?|years?|decades?|hours?|minutes?|times)\b)/giu,
  person: /(?<=\S\s+)\p{Lu}\p{Ll}+(?:\s+(?:al|bin|de|van|von|Al)?\s*\p{Lu}\p{Ll}+)+/gu,
  place: /\b(?:in|at|from|to|near|across|of)\s+(?:the\s+)?(?:\p{Ll}+\s+)?\p{Lu}\p{Ll}+/gu,
  definition:
    /\(\p{Lu}[\p{Lu}\p{N}]+|\b(?:is|are) (?:a|an|the)\b|\bmeans?\b|\brefers? to\b|\bstands? for\b|\bknown as\b/gu,
  reason:
    /\b(?:because|due to|in order to|so that|as a result|led to|driven by|motivated by|to close|to (?:help|secure|avoid|limit|address|enable))\b/giu,
};

export interface ScoredConcept {
  concept: Concept;
  idf: number;
  /** Terms of the same word family (partial credit, weighed by the model's `family`). */
  family: ReadonlySet<string>;
  /** A name or a figure ("North Korea", "2024"). */
  name: boolean;
  /** Its related words that earn credit (weight above 0), the strongest first. */
  related: readonly RelatedTerm[];
  /** Every term of those words; null when one has none (a set of any terms holds that one). */
  relatedTerms: ReadonlySet<string> | null;
}

/** Related words in more paragraphs than this (and this share) leave the BM25 query. */
const RELATED_DF_FLOOR = 50;
const RELATED_DF_SHARE = 0.01;
const RELATED_IN_QUERY = 4;
/** A family word earns this much of a match where a single credit is needed (coverage, decisions). */
const FAMILY_CREDIT = 0.3;
/** Paragraph length (in terms) at which the length feature reaches 1. */
const LONG_PARAGRAPH = 500;

/** One candidate paragraph: its features, and those of each of its sentences. */
export interface CandidateFeatures {
  index: number;
  /** PARAGRAPH_FEATURES values. */
  paragraph: Float64Array;
  /** SENTENCE_FEATURES values, one array per sentence. */
  sentences: Float64Array[];
  /** Soft coverage of the paragraph's text alone. */
  coverage: number;
  covered: number;
  matched: Set<string>;
  /** Its BM25F score as fetched. */
  bm25: number;
}

/** The question's concepts with their weights and word families. */
export function scoreConcepts(index: SearchIndex, query: AnalyzedQuery): ScoredConcept[] {
  return query.concepts.map((concept) => {
    const related = concept.related.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
    return {
      concept,
      idf: conceptWeight(index, concept),
      family: new Set(
        concept.alternatives[0]?.length === 1
          ? index.family(concept.alternatives[0][0] as string)
          : [],
      ),
      name: isName(concept),
      related,
      relatedTerms: related.some((r) => r.terms.length === 0)
        ? null
        : new Set(related.flatMap((r) => r.terms)),
    };
  });
}

/** A name or a figure ("North Korea", "2024"): capitalised past the first word, or with a digit. */
export function isName(c: Concept): boolean {
  return (c.capitalized && c.position > 0) || /\p{N}/u.test(c.surface);
}

/** The weighted BM25 query: the question's words, aliases and strongest related words. */
function queryTerms(
  index: SearchIndex,
  concepts: readonly ScoredConcept[],
  settings: CandidateSettings,
): Map<string, number> {
  const weighted = new Map<string, number>();
  const weigh = (term: string, w: number) => {
    if (w > 0 && (weighted.get(term) ?? 0) < w) weighted.set(term, w);
  };
  for (const { concept } of concepts) {
    concept.alternatives.forEach((alt, k) => {
      for (const term of alt) weigh(term, k === 0 ? 1 : settings.alias);
    });
    // the strongest few reach the BM25 query (related is sorted); the rerank credits them all
    for (const r of concept.related.slice(0, RELATED_IN_QUERY)) {
      for (const term of r.terms) {
        // A common related word adds little to BM25 and costs its whole posting list (on the
        // Python docs, 0.8 ms a question); the rerank still credits it in every candidate.
        if (index.docFrequency(term) > Math.max(RELATED_DF_FLOOR, index.size * RELATED_DF_SHARE))
          continue;
        weigh(term, settings.related * r.weight);
      }
    }
  }
  return weighted;
}

/** What a passage's name holds of a question: its words asked for, their share, the longest run. */
interface TitleSignals {
  /** How the name holds each concept, and the credit each earns (`credit`). */
  held: Holding[];
  credit: number[];
  /** Share of the question the name holds (soft). */
  share: number;
  asked: number;
  phrase: number;
}

/** BM25F candidates and the named features of each (see RANK_FEATURES). */
export function candidateFeatures(
  index: SearchIndex,
  query: AnalyzedQuery,
  opts: Omit<RankOptions, 'limit'>,
  settings: CandidateSettings,
): CandidateFeatures[] {
  const concepts = scoreConcepts(index, query);
  const candidates = index.candidates(
    queryTerms(index, concepts, settings),
    opts.depth ?? settings.depth,
    opts.filter,
    settings.fields,
  );
  if (candidates.length === 0) return [];
  // Only the question's own terms matter in a sentence: filter to them before building sets.
  const wanted = new Set<string>();
  for (const c of concepts) {
    for (const alt of c.concept.alternatives) for (const t of alt) wanted.add(t);
    for (const r of c.concept.related) for (const t of r.terms) wanted.add(t);
    for (const f of c.family) wanted.add(f);
  }
  const top = candidates[0]?.score || 1;
  const totalIdf = concepts.reduce((s, c) => s + c.idf, 0) || 1;
  const names = concepts.filter((c) => c.name);
  const focus = concepts.find((c) => c.concept.focus);
  const typePattern = TYPE_PATTERNS[query.answerType];
  const questionWords = new Set(query.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const asked = new Set<string>();
  for (const c of concepts)
    for (const alt of c.concept.alternatives) for (const t of alt) asked.add(t);
  // the question's own terms in order, for runs of words it shares with a title or a sentence
  const questionSeq = concepts.flatMap((c) => c.concept.alternatives[0] ?? []);
  const asking = questionGist(index, query);

  // what a passage's name (its page's title and nearest heading, `SearchIndex.nameTerms`) holds
  // of the question, once per name (candidates often share one)
  const byTitle = new Map<readonly string[], TitleSignals>();
  const titleSignals = (i: number): TitleSignals => {
    const words = index.nameTerms(i);
    let signals = byTitle.get(words);
    if (!signals) {
      const title = new Set(words);
      let titleAsked = 0;
      for (const t of title) if (asked.has(t)) titleAsked++;
      const inTitle = new Set([...title].filter((t) => wanted.has(t)));
      const held = holdings(concepts, inTitle);
      const credits = held.map(creditOf);
      signals = {
        held,
        credit: credits,
        share: weighted(concepts, credits) / totalIdf,
        asked: title.size ? titleAsked / title.size : 0,
        phrase: words.length ? longestRun(questionSeq, words) / words.length : 0,
      };
      byTitle.set(words, signals);
    }
    return signals;
  };

  return candidates.map(({ index: i, score }) => {
    const entry = index.entries[i] as Entry;
    const all = index.sentenceTerms(i);
    // each sentence's terms that the question wants, and all of them in the paragraph
    const inParagraph = new Set<string>();
    const sentences = all.map((terms) => {
      const kept: string[] = [];
      for (const t of terms) {
        if (!wanted.has(t)) continue;
        kept.push(t);
        inParagraph.add(t);
      }
      return kept;
    });
    const title = titleSignals(i);
    const inSection = new Set<string>();
    for (const t of index.sectionTerms(i)) if (wanted.has(t)) inSection.add(t);
    // A paragraph often leans on the one before it ("The move…")
    const prev = index.entries[i - 1];
    const inPrevious = new Set<string>();
    if (prev && prev.document === entry.document) {
      for (const s of index.sentenceTerms(i - 1))
        for (const t of s) if (wanted.has(t) && !inParagraph.has(t)) inPrevious.add(t);
    }
    // how each set holds each concept, read once (the features below read them several times)
    const here = holdings(concepts, inParagraph);
    const section = holdings(concepts, inSection);
    const hereCredit = here.map(creditOf);
    const sectionCredit = section.map(creditOf);
    const titleCredit = title.credit;
    const parts = { own: 0, alias: 0, related: 0, family: 0 };
    let union = 0;
    let context = 0;
    let namesFound = 0;
    let covered = 0;
    concepts.forEach((c, k) => {
      const h = here[k] as Holding;
      if (h.own) parts.own += c.idf;
      else if (h.alias) parts.alias += c.idf;
      else if (h.related > 0) parts.related += c.idf * h.related;
      else if (h.family) parts.family += c.idf;
      const credited = hereCredit[k] as number;
      const anywhere = Math.max(credited, titleCredit[k] as number, sectionCredit[k] as number);
      union += c.idf * anywhere;
      context += c.idf * Math.max(0, credit(c, inPrevious) - credited);
      if (c.name && (exact(h) || exact(title.held[k] as Holding) || exact(section[k] as Holding)))
        namesFound++;
      if (credited >= 0.5) covered++;
    });
    let length = 0;
    for (const s of all) length += s.length;
    const text = entry.paragraph.sentences;
    const at = focus ? concepts.indexOf(focus) : -1;
    const paragraph = Float64Array.of(
      score / top,
      parts.own / totalIdf,
      parts.alias / totalIdf,
      parts.related / totalIdf,
      parts.family / totalIdf,
      title.share,
      weighted(concepts, sectionCredit) / totalIdf,
      union / totalIdf,
      context / totalIdf,
      names.length ? namesFound / names.length : 0,
      focus
        ? Math.max(hereCredit[at] as number, titleCredit[at] as number, sectionCredit[at] as number)
        : 0,
      title.asked,
      Math.min(1, Math.log1p(length) / Math.log1p(LONG_PARAGRAPH)),
      title.phrase,
      gistSimilarity(asking, index.gist(i)),
    );
    return {
      index: i,
      paragraph,
      sentences: sentences.map((terms, k) => {
        if (terms.length === 0) return new Float64Array(SENTENCE_FEATURES.length);
        const held = holdings(concepts, new Set(terms));
        const sentenceText = text[k]?.text ?? entry.paragraph.text;
        let exactIdf = 0;
        concepts.forEach((c, j) => {
          if (exact(held[j] as Holding)) exactIdf += c.idf;
        });
        return Float64Array.of(
          weighted(concepts, held.map(creditOf)) / totalIdf,
          exactIdf / totalIdf,
          adjacency(concepts, all[k] ?? []),
          typePattern && hasNewEntity(sentenceText, typePattern, questionWords) ? 1 : 0,
          // a run of two needs two of the question's terms here (`terms` holds every one)
          terms.length < 2 ? 0 : phraseShare(questionSeq, all[k] ?? []),
        );
      }),
      coverage: weighted(concepts, hereCredit) / totalIdf,
      covered,
      matched: inParagraph,
      bm25: score,
    };
  });
}

/**
 * The question's gist (`CorpusMeaning.gist`): its words as written, each as strong as its concept
 * (a noun or name 1, a common verb less), those the corpus lacks included ("paint" says what a
 * question is about even where no passage has it).
 */
export function questionGist(index: SearchIndex, query: AnalyzedQuery): Float32Array | null {
  return index.meaning.gist(
    query.concepts.flatMap((c) =>
      c.surface.split(/\s+/).map((w) => [w.toLowerCase(), c.strength] as const),
    ),
  );
}

/** Whether some wording of the concept occurs in the corpus at all. */
export function isKnown(index: SearchIndex, concept: Concept): boolean {
  return concept.alternatives.some((alt) => alt.length > 0 && alt.every((t) => index.has(t)));
}

/**
 * A concept's weight: the idf of its own wording; when the corpus lacks it entirely, the
 * highest idf there is, scaled by how telling its absence is (nouns and names fully).
 */
export function conceptWeight(index: SearchIndex, concept: Concept): number {
  if (!isKnown(index, concept)) return index.maxIdf() * concept.strength;
  return Math.max(...(concept.alternatives[0] ?? []).map((t) => index.idf(t)), 0);
}

function holds(alt: readonly string[], terms: ReadonlySet<string>): boolean {
  if (alt.length === 0) return false;
  for (const t of alt) if (!terms.has(t)) return false;
  return true;
}

/** Every one of `some` is in `terms` (true for none, as `every` is). */
function allIn(some: readonly string[], terms: ReadonlySet<string>): boolean {
  for (const t of some) if (!terms.has(t)) return false;
  return true;
}

/**
 * How a set of terms holds a concept: by its own wording, else an alias, else the weight of its
 * best related word there (0 when none), and whether a word of its family is there (read only
 * when the related words earn less than a family word would).
 */
interface Holding {
  own: boolean;
  alias: boolean;
  related: number;
  family: boolean;
}

function holding(c: ScoredConcept, terms: ReadonlySet<string>): Holding {
  const alts = c.concept.alternatives;
  const own = alts[0] !== undefined && holds(alts[0], terms);
  let alias = false;
  if (!own)
    for (let k = 1; k < alts.length && !alias; k++) alias = holds(alts[k] as string[], terms);
  let related = 0;
  let family = false;
  if (!own && !alias) {
    // the strongest related word held (best first, those above 0 only: see scoreConcepts); none
    // is when the set has none of their terms, the usual case, found without walking them
    if (c.relatedTerms === null || intersects(c.relatedTerms, terms))
      for (const r of c.related) {
        if (allIn(r.terms, terms)) {
          related = r.weight;
          break;
        }
      }
    if (related < FAMILY_CREDIT) family = intersects(c.family, terms);
  }
  return { own, alias, related, family };
}

/** Whether two sets share a member (the smaller one walked). */
function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size > b.size) return intersects(b, a);
  for (const t of a) if (b.has(t)) return true;
  return false;
}

function holdings(concepts: readonly ScoredConcept[], terms: ReadonlySet<string>): Holding[] {
  return concepts.map((c) => holding(c, terms));
}

/** Its own wording or an alias is there. */
function exact(h: Holding): boolean {
  return h.own || h.alias;
}

/** The credit a holding earns (see `credit`). */
function creditOf(h: Holding): number {
  if (h.own || h.alias) return 1;
  return h.family ? FAMILY_CREDIT : h.related;
}

/**
 * How much of a concept a set of terms holds: 1 for its own wording or an alias, a related
 * term's weight (WordNet, vectors), or partial credit for a word of its family.
 */
export function credit(c: ScoredConcept, terms: ReadonlySet<string>): number {
  return creditOf(holding(c, terms));
}

/** The idf-weighted sum of the concepts' credits (in the concepts' order). */
function weighted(concepts: readonly ScoredConcept[], credits: readonly number[]): number {
  let sum = 0;
  concepts.forEach((c, k) => {
    sum += c.idf * (credits[k] as number);
  });
  return sum;
}

/** Share of consecutive question concepts that also stand within three words of each other here. */
function adjacency(concepts: readonly ScoredConcept[], terms: readonly string[]): number {
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
function within(terms: readonly string[], a: string, b: string, gap: number): boolean {
  for (let i = 0; i < terms.length; i++) {
    if (terms[i] !== a) continue;
    const end = Math.min(terms.length - 1, i + gap);
    for (let j = Math.max(0, i - gap); j <= end; j++) if (terms[j] === b) return true;
  }
  return false;
}

/** Characters outside ASCII that Unicode case folding reads as ASCII letters: ſ (s) and K (k). */
const FOLDS_TO_ASCII = /[\u017F\u212A]/u;
const asciiFolded = new WeakMap<RegExp, RegExp | null>();

/**
 * The pattern itself, or, for a text without ſ or K (Kelvin), the same pattern without the u
 * flag when it has i: V8 runs case-insensitive Unicode patterns about seven times slower, and
 * for an ASCII pattern with no Unicode escapes both read such a text alike (the only letters
 * Unicode case folding maps to ASCII are those two, and \b and \d then agree). The date and
 * count patterns were a seventh of an answer's time on long news paragraphs.
 */
export function asciiFolding(pattern: RegExp, text: string): RegExp {
  let fast = asciiFolded.get(pattern);
  if (fast === undefined) {
    fast =
      pattern.unicode && pattern.ignoreCase && readsAlikeWithoutU(pattern.source)
        ? new RegExp(pattern.source, pattern.flags.replace('u', ''))
        : null;
    asciiFolded.set(pattern, fast);
  }
  return fast && !FOLDS_TO_ASCII.test(text) ? fast : pattern;
}

/**
 * Whether a pattern reads a text the same with or without the u flag, given it has no ſ or K:
 * printable ASCII only, no escape but \b, \d, \s and escaped punctuation, and nothing that
 * could take half of a surrogate pair (a "." or a negated class).
 */
function readsAlikeWithoutU(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c < ' ' || c > '~') return false;
    if (c === '\\') {
      const next = source[++i] ?? '';
      if (!/^[bds.,()[\]{}?*+|\\/^$-]$/u.test(next)) return false;
    } else if (c === '[') {
      if (source[i + 1] === '^') return false;
      inClass = true;
    } else if (c === ']') inClass = false;
    else if (c === '.' && !inClass) return false;
  }
  return true;
}

/** Whether the sentence (patterns carry the g flag, for matchAll) holds an answer of the wanted kind that the question itself did not bring. */
function hasNewEntity(text: string, pattern: RegExp, questionWords: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(asciiFolding(pattern, text))) {
    const words = m[0].toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    if (
      words.some(
        (w) =>
          !questionWords.has(w) &&
          !['in', 'at', 'from', 'to', 'near', 'across', 'of', 'the'].includes(w),
      )
    )
      return true;
  }
  return false;
}

/** Length of the longest run of words two sequences share in the same order. */
function longestRun(a: readonly string[], b: readonly string[]): number {
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

function phraseShare(question: readonly string[], sentence: readonly string[]): number {
  const run = longestRun(question, sentence);
  return run >= 2 && question.length > 0 ? run / question.length : 0;
}
