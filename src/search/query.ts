import { isAcronym, stemWord, type Token, tokenize } from '../language/analyzer.ts';
import { wordsAndTags } from '../language/nlp.ts';
import { normalizeText } from '../language/normalize.ts';
import { type AnswerType, answerTypeOf, classifyQuestion } from '../language/question.ts';
import type { QuestionShape } from '../language/question-shape.ts';
import { chatFiller, isShouted, openingAddress } from '../language/small-talk.ts';
import type { AliasGroup } from './aliases.ts';
import type { PartOfSpeech, RelatedTerm } from './meaning-sources.ts';

/**
 * One informative idea of the question: a word, or a phrase matched to an alias group. It is
 * found in a text when any alternative's terms all occur there.
 */
export interface Concept {
  /** How the question wrote it ("North Korea", "SRBM", "presdent"). */
  surface: string;
  /**
   * alternatives[0] is the question's own wording, as read: where spelling was corrected, the
   * word meant ("presdent" → ['presid'], with the word as written, ['presdent'], last). The rest
   * come from aliases, acronyms and near forms.
   */
  alternatives: string[][];
  /** The word meant where the question misspelt one the corpus has ("president"). */
  corrected?: string;
  /** Corpus terms of about the same meaning (WordNet, word vectors), each weighed. */
  related: RelatedTerm[];
  /** Its part of speech in the question (wink-nlp's tagging), when it has one WordNet knows. */
  pos: PartOfSpeech | null;
  /** Capitalised as a name is: not where the capital only opens a sentence after . ? or ! */
  capitalized: boolean;
  /**
   * How much its absence from the corpus says the corpus cannot answer: 1 for nouns, names and
   * numbers, less for verbs, adjectives and adverbs ("claim", "first"), which paraphrase freely.
   */
  strength: number;
  /** Position of its first token among all the question's tokens (stopwords included). */
  position: number;
  /**
   * The word naming the kind of thing asked for ("religion" in "What religion were the Normans?").
   * The answer usually names an instance instead ("Catholic"), so the word itself weighs less.
   */
  focus: boolean;
}

export interface AnalyzedQuery {
  /**
   * The question as read: as asked, with each corrected word replaced by the word meant ("wht is
   * the presdent" → "what is the president"), so its shape and short answer are read right.
   */
  text: string;
  /** What the question asks for, read once from `text` (language/question.ts). */
  shape: QuestionShape;
  /** `shape`'s kind as ranking reads it. */
  answerType: AnswerType;
  concepts: Concept[];
  /** The words read as others (`ask` and the concepts keep the question's own wording too). */
  corrections: Correction[];
}

/** A question word the corpus lacks read as the word meant. */
export interface Correction {
  /** As written ("presdent"). */
  word: string;
  /** The word meant, lowercase ("president"). */
  meant: string;
}

/**
 * The word a question meant by one the corpus and the lexicon lack, or null (src/language/spelling.ts).
 * `name`: capitalised inside the question.
 */
export type Correct = (word: string, name: boolean) => string | null;

/**
 * The indexed term of a word the corpus writes (as written, or with a plural's s), or null:
 * what two question words joined make when the corpus writes them as one ("gallbladder").
 */
export type Joined = (word: string) => string | null;

/**
 * The corpus term two consecutive question words make written together ("gall bladder" →
 * gallbladder, "web socket" → websocket, "work-week" → workweek), or null: for one reading of a
 * question (`text`, each token's place among all its tokens in `at`). Only words of letters
 * standing next to each other (a space or a hyphen between, no stopword) are joined.
 */
function joiner(
  text: string,
  at: ReadonlyMap<Token, number>,
  joined: Joined,
): (a: Token | undefined, b: Token | undefined) => string | null {
  let normalized: string | undefined;
  return (a, b) => {
    if (!a || !b || a.stop || b.stop || at.get(b) !== (at.get(a) ?? -2) + 1) return null;
    if (!/^\p{L}+$/u.test(a.surface) || !/^\p{L}+$/u.test(b.surface)) return null;
    normalized ??= normalizeText(text);
    if (!/^[\s-]+$/u.test(normalized.slice(a.end, b.start))) return null;
    return joined((a.surface + b.surface).toLowerCase());
  };
}

/**
 * Analyses a question: its informative words (stopwords dropped), grouped into concepts with
 * their aliases, and the expected answer type. `known(term)` tells whether a term is indexed, so
 * a lowercase "uas" can match the acronym "UAS" rather than its stem "ua". `correct` reads a word
 * neither the corpus nor an alias has as the word meant: the question is then read with that word.
 */
export function analyzeQuery(
  asked: string,
  groups: readonly AliasGroup[],
  known: (term: string) => boolean,
  nearForms: (term: string, surface: string) => string[] = () => [],
  relate: (surface: string, stem: string, pos: PartOfSpeech | null) => RelatedTerm[] = () => [],
  correct: Correct = () => null,
  joined: Joined = () => null,
): AnalyzedQuery {
  const { text, all, written, corrections, smallTalk, normalized } = readSpelling(
    isShouted(asked) ? asked.toLowerCase() : asked,
    groups,
    known,
    correct,
    joined,
  );
  const shape = classifyQuestion(text);
  const answerType = answerTypeOf(shape);
  // a capital that opens a sentence says nothing of a name, as the question's first word's does
  // not: "…to Russia? Asking for a school project." names no "Russia Asking"
  const named = (t: Token) =>
    t.capitalized &&
    (isAcronym(t.surface) || !/[.?!]$/u.test(normalized.slice(0, t.start).trimEnd()));
  const tokens = all.filter(
    (t) =>
      !t.stop &&
      !(answerType === 'definition' && DEFINITION_WORDS.test(t.surface)) &&
      // "hey, …", "…? thanks in advance": chat's small talk, not "from hey arnold"
      !smallTalk.has(t),
  );
  const place = new Map(all.map((t, k) => [t, k]));
  const focusAt = focusPosition(all);
  const joinAt = joiner(text, place, joined);
  // tagging costs ~0.5 ms: only when a word is missing or has related words to choose among
  let tagged: ((surface: string) => string | undefined) | undefined;
  const tagOf = (surface: string) => {
    tagged ??= partsOfSpeech(text);
    return tagged(surface);
  };
  const strength = (surface: string) => {
    const tag = tagOf(surface);
    return tag === undefined || STRONG_POS.has(tag) ? 1 : 0.35;
  };
  const posOf = (surface: string): PartOfSpeech | null => LEXICAL_POS[tagOf(surface) ?? ''] ?? null;
  const stems = tokens.map((t) => resolveStem(t, known));
  const concepts: Concept[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = longestAliasMatch(stems, i, groups);
    if (match) {
      const span = tokens.slice(i, i + match.length);
      const own = stems.slice(i, i + match.length);
      concepts.push({
        surface: span.map((t) => written.get(t) ?? t.surface).join(' '),
        alternatives: [own, ...match.group.filter((alt) => alt.join(' ') !== own.join(' '))],
        related:
          span.length === 1
            ? relate(span[0]?.surface ?? '', own[0] ?? '', posOf(span[0]?.surface ?? ''))
            : [],
        pos: span.length === 1 ? posOf(span[0]?.surface ?? '') : 'noun',
        capitalized: span.some(named),
        strength: match.group.some((alt) => alt.every(known))
          ? 1
          : Math.max(...span.map((t) => strength(t.surface))),
        position: place.get(span[0] as Token) ?? i,
        focus: false,
      });
      i += match.length;
    } else {
      const t = tokens[i] as Token;
      const stem = stems[i] as string;
      // an acronym is no word's beginning or end: "QUIC" is not "quick", "NAT" not "NATO"
      const near =
        known(stem) || isAcronym(t.surface) ? [] : nearForms(stem, t.surface).map((v) => [v]);
      // half of two words the corpus writes as one ("gall" of "gall bladder") is held by that word
      for (const join of [joinAt(tokens[i - 1], t), joinAt(t, tokens[i + 1])])
        if (join !== null && join !== stem) near.push([join]);
      // a corrected word keeps its own wording, as written, as its last alternative
      const own = written.get(t);
      concepts.push({
        surface: own ?? t.surface,
        alternatives: own === undefined ? [[stem], ...near] : [[stem], ...near, [stemWord(own)]],
        ...(own === undefined ? {} : { corrected: t.surface.toLowerCase() }),
        related: relate(t.surface, stem, posOf(t.surface)),
        pos: posOf(t.surface),
        capitalized: named(t),
        strength: known(stem) || near.length > 0 ? 1 : strength(t.surface),
        position: place.get(t) ?? i,
        focus: place.get(t) === focusAt,
      });
      i++;
    }
  }
  return { text, shape, answerType, concepts: dedupe(concepts), corrections };
}

/**
 * The question read with each word that neither the corpus nor an alias has, and that `correct`
 * reads as another, replaced by that word (its case kept: "Presdent" → "President"); its tokens,
 * with the word each replaced one was written as.
 */
function readSpelling(
  asked: string,
  groups: readonly AliasGroup[],
  known: (term: string) => boolean,
  correct: Correct,
  joined: Joined,
): {
  text: string;
  all: Token[];
  written: Map<Token, string>;
  corrections: Correction[];
  /** The tokens that are chat's small talk (small-talk.ts, chatFiller): no question word, no typo. */
  smallTalk: Set<Token>;
  /** `text` normalised, as its tokens' offsets read it. */
  normalized: string;
} {
  const all = tokenize(asked);
  const normalized = normalizeText(asked);
  const filler = chatFiller(normalized);
  // "Dossier, who…", "Sam: how…": a name the corpus lacks, addressed, is no word of the question
  const address = openingAddress(normalized);
  const addressed = address ? all.filter((t) => t.start >= address[0] && t.start < address[1]) : [];
  if (
    address &&
    addressed.length > 0 &&
    !addressed.some((t) => known(resolveStem(t, known)) || inAliases(t.stem, groups))
  )
    filler.push(address);
  // the small talk's token positions: a correction keeps them (one word for one)
  const talk = new Set(
    all.flatMap((t, k) =>
      filler.some(([from, to]) => t.start >= from && t.start < to) ? [k] : [],
    ),
  );
  const smallTalk = (tokens: readonly Token[]) => new Set(tokens.filter((_, k) => talk.has(k)));
  const asTyped = {
    text: asked,
    all,
    written: new Map<Token, string>(),
    corrections: [],
    smallTalk: smallTalk(all),
    normalized,
  };
  const written = new Map<Token, string>();
  const fixes: { token: Token; at: number; meant: string }[] = [];
  const joinAt = joiner(asked, new Map(all.map((t, k) => [t, k])), joined);
  all.forEach((t, k) => {
    if (t.stop || !/^\p{L}+$/u.test(t.surface) || isAcronym(t.surface) || talk.has(k)) return;
    if (known(resolveStem(t, known)) || inAliases(t.stem, groups)) return;
    // half of a word the corpus writes as one ("gall" of "gall bladder") is no typo
    if (joinAt(all[k - 1], t) !== null || joinAt(t, all[k + 1]) !== null) return;
    // only a word the text spells as the token does (not "don't" read as "dont")
    if (normalized.slice(t.start, t.end) !== t.surface) return;
    const meant = correct(t.surface, t.capitalized && k > 0);
    if (meant && meant !== t.surface.toLowerCase()) fixes.push({ token: t, at: k, meant });
  });
  if (fixes.length === 0) return asTyped;
  let text = '';
  let from = 0;
  for (const { token, meant } of fixes) {
    text += normalized.slice(from, token.start) + caseOf(token.surface, meant);
    from = token.end;
  }
  text += normalized.slice(from);
  const again = tokenize(text);
  // each correction is one word for one: the tokens stay in step (else read the question as asked)
  if (again.length !== all.length) return asTyped;
  for (const { token, at } of fixes) written.set(again[at] as Token, token.surface);
  return {
    text,
    all: again,
    written,
    corrections: fixes.map((f) => ({ word: f.token.surface, meant: f.meant })),
    smallTalk: smallTalk(again),
    normalized: normalizeText(text),
  };
}

function inAliases(stem: string, groups: readonly AliasGroup[]): boolean {
  return groups.some((g) => g.some((alt) => alt.includes(stem)));
}

/** `word` in the case `like` is written in: "Presdent" → "President", "IRAN" → "IRAN". */
function caseOf(like: string, word: string): string {
  if (like === like.toUpperCase()) return word.toUpperCase();
  if (/^\p{Lu}/u.test(like)) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/** Position of the word after a leading "what"/"which" ("In what country…" → country), or -1. */
function focusPosition(all: readonly Token[]): number {
  for (let k = 0; k < Math.min(all.length - 1, 3); k++) {
    const w = all[k]?.surface.toLowerCase();
    if (w === 'what' || w === 'which') {
      const next = all[k + 1];
      return next && !next.stop ? k + 1 : -1;
    }
  }
  return -1;
}

// The scaffolding of a definition question ("what does X stand for", "what is meant by X").
const DEFINITION_WORDS = /^(?:stand|stands|mean|means|meant|meaning|definition|define)$/iu;

const STRONG_POS = new Set(['NOUN', 'PROPN', 'NUM', 'X', 'SYM']);

const LEXICAL_POS: Record<string, PartOfSpeech> = {
  NOUN: 'noun',
  PROPN: 'noun',
  VERB: 'verb',
  ADJ: 'adj',
  ADV: 'adv',
};

/** Part-of-speech tags from wink-nlp, read once for the whole question (context disambiguates). */
function partsOfSpeech(text: string): (surface: string) => string | undefined {
  const tags = new Map<string, string>();
  const { values, pos } = wordsAndTags(text.slice(0, 1000));
  values.forEach((value, k) => {
    tags.set(String(value).toLowerCase(), String(pos[k]));
  });
  return (surface) => tags.get(surface.toLowerCase());
}

function resolveStem(t: Token, known: (term: string) => boolean): string {
  if (known(t.stem)) return t.stem;
  const lower = t.surface.toLowerCase();
  return known(lower) ? lower : t.stem;
}

function longestAliasMatch(
  stems: string[],
  at: number,
  groups: readonly AliasGroup[],
): { length: number; group: string[][] } | null {
  let best: { length: number; group: string[][] } | null = null;
  for (const group of groups) {
    for (const phrase of group) {
      if (phrase.length === 0 || (best && phrase.length <= best.length)) continue;
      if (phrase.every((s, k) => stems[at + k] === s)) best = { length: phrase.length, group };
    }
  }
  return best;
}

function dedupe(concepts: Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((c) => {
    const key = c.alternatives[0]?.join(' ') ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
