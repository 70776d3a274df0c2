/**
 * The question as read before its words are analysed: each word the corpus and the lexicon lack
 * read as the word meant (spelling), two words the corpus writes as one joined, and chat's small
 * talk set apart. analyzeQuery (query.ts) then groups the words it reads into concepts.
 */
import { isAcronym, type Token, tokenize } from '../language/analyzer.ts';
import { normalizeText } from '../language/normalize.ts';
import { chatFiller, openingAddress } from '../language/small-talk.ts';
import type { AliasGroup } from './aliases.ts';

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
export function joiner(
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
 * The question read with each word that neither the corpus nor an alias has, and that `correct`
 * reads as another, replaced by that word (its case kept: "Presdent" → "President"); its tokens,
 * with the word each replaced one was written as.
 */
export function readSpelling(
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

/** The term a token is indexed by: its stem, or its lowercase word where only that is indexed. */
export function resolveStem(t: Token, known: (term: string) => boolean): string {
  if (known(t.stem)) return t.stem;
  const lower = t.surface.toLowerCase();
  return known(lower) ? lower : t.stem;
}
