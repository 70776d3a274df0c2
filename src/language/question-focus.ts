import { stemWord } from './analyzer.ts';
import type { AnswerKind, QTok, QuestionFocus } from './question-shape.ts';
import {
  DATE_WORDS,
  GENERIC,
  NUMBER_WORDS,
  OF_WORDS,
  ORG_WORDS,
  PERSON_WORDS,
  PLACE_WORDS,
  REASON_WORDS,
} from './question-words.ts';

/**
 * The thing a question asks about (its focus): the head noun after the wh-word or before it, the
 * term a definition question names, and the kind of answer the focus asks for ("which country":
 * a place).
 */

export function makeFocus(t: QTok): QuestionFocus {
  const acronym = /^\p{Lu}[\p{Lu}\p{N}]+s?$/u.test(t.value);
  const surface = t.value;
  const stem = acronym ? surface.replace(/s$/u, '').toLowerCase() : stemWord(surface);
  return { surface, stem, generic: GENERIC.has(surface.toLowerCase()) };
}

/** "countries" → "country", "ways" → "way" (not "glass" → "glas"): enough for the word lists here. */
function singular(word: string): string {
  return word.replace(/(?:ies)$/u, 'y').replace(/(?<=[^s])s$/u, '');
}

/**
 * Whether a word is a type word, singular or plural ("country", "countries", "years"): what
 * answers names an instance of it, so the word itself may be absent. A focus's `generic` marks the
 * singular only: the short answer reads a plural as the word to find beside the answer, and
 * marking plurals generic there gave two more wrong short answers on SQuAD dev (a "regional
 * language" for "From which countries did the Norse originate?") and none more right.
 *
 * @example isTypeWord('countries') // true
 */
export function isTypeWord(word: string): boolean {
  const lower = word.toLowerCase();
  return GENERIC.has(lower) || GENERIC.has(singular(lower));
}

export const NOMINAL = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'X']);

/**
 * The head noun of the noun phrase starting at `i` ("iranian UAV models" → models), following
 * "kind of"/"name of" to the word after it. With `skipDeterminer`, a leading article or
 * possessive ("the capital", "Iran's population") is passed over.
 */
export function focusAfter(
  toks: readonly QTok[],
  i: number,
  skipDeterminer = false,
): QuestionFocus | null {
  let k = i;
  if (skipDeterminer) {
    if (toks[k]?.pos === 'DET') k++;
    // "Iran's population", "Israel's prime minister"
    while (toks[k + 1]?.lower === "'s" || toks[k + 1]?.lower === "'") k += 2;
  }
  let head: QTok | null = null;
  let j = k;
  for (; j < toks.length; j++) {
    const t = toks[j] as QTok;
    if (t.value === '-' && head) continue;
    if (!NOMINAL.has(t.pos)) break;
    // an adverb-like adjective right before the verb ("which big UN meeting should") is fine;
    // a following possessive ends the run ("Iran's")
    if (toks[j + 1]?.lower === "'s") break;
    if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'X') head = t;
  }
  if (!head) return null;
  // "which countries border the Black Sea": a noun run cannot take an object, so its last word
  // before "the" is the verb wink read as a noun
  if (head === toks[j - 1] && toks[j]?.pos === 'DET' && j - 1 > k) {
    for (let m = j - 2; m >= k; m--) {
      const t = toks[m] as QTok;
      if (t.pos === 'NOUN' || t.pos === 'PROPN') {
        head = t;
        break;
      }
    }
  }
  // "what kind of drones", "the name of the system": the complement names the thing
  if (OF_WORDS.has(head.lower) && toks[j]?.lower === 'of') {
    const inner = focusAfter(toks, j + 1, true);
    if (inner) return inner;
  }
  return makeFocus(head);
}

/** "…belonging to which sport": a trailing wh-word's noun is after it, else the subject. */
export function focusBefore(toks: readonly QTok[], whAt: number): QuestionFocus | null {
  for (let k = whAt - 1; k >= 0; k--) {
    const t = toks[k] as QTok;
    if (t.pos === 'NOUN') return makeFocus(t);
  }
  return null;
}

export function kindOfFocus(head: string): AnswerKind | null {
  if (head === '') return null;
  const one = singular(head);
  const has = (set: ReadonlySet<string>) => set.has(head) || set.has(one);
  if (has(DATE_WORDS)) return 'date';
  if (has(PLACE_WORDS)) return 'place';
  if (has(PERSON_WORDS)) return 'person';
  if (has(ORG_WORDS)) return 'organisation';
  if (has(NUMBER_WORDS)) return 'number';
  if (has(REASON_WORDS)) return 'reason';
  return null;
}

export function isClauseWord(t: QTok): boolean {
  return t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'ADP' || t.pos === 'SCONJ';
}

/** "what is SRBM", "what is the JCPOA": a name or acronym after the copula, not "the capital of…". */
export function isBareTerm(toks: readonly QTok[], i: number): boolean {
  const rest = toks.slice(i).filter((t) => t.pos !== 'PUNCT' && t.pos !== 'DET');
  return (
    rest.length > 0 &&
    rest.length <= 3 &&
    !rest.some(isClauseWord) &&
    rest.every((t) => /^\p{Lu}/u.test(t.value) || t.pos === 'PROPN')
  );
}

/** The term of "what does JCPOA stand for", "what is an SRBM", "define X". */
export function definedTerm(toks: readonly QTok[]): QuestionFocus | null {
  const skip =
    /^(?:what|which|who|does|do|did|is|are|was|were|stand|stands|for|mean|means|meant|by|define|definition|meaning|of|a|an|the|term|word|acronym|abbreviation)$/u;
  const content = toks.filter((t) => t.pos !== 'PUNCT' && !skip.test(t.lower));
  if (content.length === 0) return null;
  if (content.length === 1) return makeFocus(content[0] as QTok);
  const acronym = content.find((t) => /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(t.value));
  if (acronym) return makeFocus(acronym);
  const last = content[content.length - 1] as QTok;
  return { ...makeFocus(last), surface: content.map((t) => t.value).join(' ') };
}
