import { isAcronym, stemWord, type Token } from '../language/analyzer.ts';
import { wordsAndTags } from '../language/nlp.ts';
import { type AnswerType, answerTypeOf, classifyQuestion } from '../language/question.ts';
import type { QuestionShape } from '../language/question-shape.ts';
import { isShouted } from '../language/small-talk.ts';
import type { AliasGroup } from './aliases.ts';
import type { PartOfSpeech, RelatedTerm } from './meaning-sources.ts';
import {
  type Correct,
  type Correction,
  type Joined,
  joiner,
  readSpelling,
  resolveStem,
} from './query-reading.ts';

export type { Correct, Correction, Joined } from './query-reading.ts';

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
