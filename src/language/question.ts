import { sentencesAndTags, wordsAndTags } from './nlp.ts';
import { normalizeText } from './normalize.ts';
import {
  definedTerm,
  focusAfter,
  focusBefore,
  isBareTerm,
  isClauseWord,
  kindOfFocus,
} from './question-focus.ts';
import { answerOrder } from './question-order.ts';
import { personShape, roleOf } from './question-person.ts';
import { type AnswerKind, type QTok, type QuestionShape, shape } from './question-shape.ts';
import { AUX, COPULA, CURRENCY_ASKED, LEAD_IN, MONEY_ASKED, WH } from './question-words.ts';

/**
 * Reads what a question asks for: the kind of answer, the thing asked about and, for "who is the
 * president of X", the role and its owner.
 *
 * @example classifyQuestion('How many tanks did Germany send?') // { kind: 'number', focus: { surface: 'tanks', stem: 'tank', generic: false }, role: null, countable: true }
 * @example classifyQuestion('Who is the president of Iran?').role // { role: 'president', of: 'Iran' }
 */
export function classifyQuestion(question: string): QuestionShape {
  const text = askingSentence(normalizeText(question).trim().replace(/\s+/gu, ' '))
    .replace(LEAD_IN, '')
    // "whats", "whos" typed without the apostrophe: "what is", "who is"
    .replace(/\b(what|who|where|when|how)s\b/giu, '$1 is');
  const toks = tag(text);
  const result = classify(text, toks);
  const order = answerOrder(toks);
  return order ? { ...result, order } : result;
}

/**
 * The sentence that asks, when a message tells its story first: "after every deploy a few users
 * get 'TypeError …' when they click around, a hard refresh fixes it. what causes this??" asks
 * what causes it, not when (the story's "when" joins two clauses). The last sentence ending in a
 * question mark; else the last sentence when it opens with a question word; else the whole.
 */
function askingSentence(text: string): string {
  if (!/[.!?]\s+\S/u.test(text)) return text;
  // wink's sentences: "Who is the U.S. president?" is one
  const sentences = (sentencesAndTags().readDoc(text).sentences().out() as string[]).filter((x) =>
    /[\p{L}\p{N}]/u.test(x),
  );
  if (sentences.length < 2) return text;
  const asked = sentences.findLast((x) => /\?\W*$/u.test(x));
  if (asked) return asked;
  const last = sentences[sentences.length - 1] as string;
  const first = last.toLowerCase().match(/[\p{L}]+/u)?.[0] ?? '';
  return WH.has(first) || AUX.has(first) ? last : text;
}

function classify(text: string, toks: QTok[]): QuestionShape {
  const lower = text.toLowerCase();
  const words = toks.map((t) => t.lower);
  const whAt = askingWh(words);
  const wh = whAt >= 0 ? (words[whAt] ?? '') : '';
  const next = words[whAt + 1] ?? '';

  // "Does Iran admit…", "is the EU expected…", "did X say when…": answered yes or no first
  if (AUX.has(words[0] ?? '')) return shape('yesno');
  if (/^(?:define|definition of|meaning of)\b/u.test(lower) || /\bstands? for\b/u.test(lower))
    return shape('definition', definedTerm(toks));
  if (/\bwhat (?:does|do|did) .+ mean\b|\bwhat is meant by\b/u.test(lower))
    return shape('definition', definedTerm(toks));

  if (wh === 'why' || /\b(?:for what reason|how come)\b/u.test(lower)) return shape('reason');
  if (wh === 'when' || /\bsince when\b|\bhow long ago\b|\buntil when\b/u.test(lower))
    return shape('date', null, null, false);
  if (wh === 'how') {
    if (next === 'many' || next === 'much') {
      const focus = focusAfter(toks, whAt + 2);
      const asked = shape('number', focus, null, true);
      // "how much did X pay": a sum of money; "how many dollars", but not "how many pay-TV customers"
      const rest = lower.slice(lower.indexOf(`how ${next}`) + 4 + next.length);
      const money = next === 'much' ? MONEY_ASKED.test(rest) : CURRENCY_ASKED.test(rest);
      return money ? { ...asked, money: true } : asked;
    }
    if (
      /^(?:long|old|far|big|large|tall|high|deep|wide|often|fast|heavy|much|frequently)$/u.test(
        next,
      )
    )
      return shape('number', null, null, false);
    return shape('any');
  }
  if (wh === 'where') return shape('place');
  if (wh === 'who' || wh === 'whom' || wh === 'whose') return personShape(toks, whAt);

  if (wh === 'what' || wh === 'which') {
    // "what is the capital of…", "what was Iran's population": the noun after the copula
    let focus = focusAfter(toks, whAt + 1);
    let copular = false;
    if (!focus && COPULA.has(next)) {
      focus = focusAfter(toks, whAt + 2, true);
      copular = true;
    }
    if (!focus && whAt > 0) focus = focusBefore(toks, whAt);
    const head = focus?.surface.toLowerCase() ?? '';
    const kind = kindOfFocus(head);
    if (kind)
      return shape(
        kind,
        focus,
        kind === 'person' ? roleOf(toks) : null,
        kind === 'number' ? true : kind === 'date' ? false : undefined,
      );
    if (copular && !focus) {
      // "what is an SRBM", "what was the JCPOA": a term to define, when short and not a description
      const rest = toks.slice(whAt + 2).filter((t) => t.pos !== 'PUNCT');
      const noDeterminer = rest.filter((t) => !/^(?:a|an|the)$/u.test(t.lower));
      if (noDeterminer.length > 0 && noDeterminer.length <= 4 && !rest.some(isClauseWord))
        return shape('definition', definedTerm(rest));
    }
    if (copular && focus && isBareTerm(toks, whAt + 2)) return shape('definition', focus);
    return shape('thing', focus);
  }
  if (wh === '' && /^(?:name|list|give|identify)\b/u.test(lower)) {
    const focus = focusAfter(toks, 1);
    return shape(kindOfFocus(focus?.surface.toLowerCase() ?? '') ?? 'thing', focus);
  }
  return shape('any');
}

/**
 * Which question word asks, of several: one that opens the sentence or a clause, or comes before
 * an auxiliary ("how do I…", "when did…", "how many"), not a "when" or "where" joining a story's
 * clauses ("I get a CORS error when calling my API, how do I proxy it?" asks how, not when). The
 * first such, else the first question word; -1 when there is none.
 */
function askingWh(words: readonly string[]): number {
  const at = words.flatMap((w, i) => (WH.has(w) ? [i] : []));
  if (at.length < 2) return at[0] ?? -1;
  const asking = at.find(
    (i) =>
      i === 0 ||
      words[i - 1] === ',' ||
      AUX.has(words[i + 1] ?? '') ||
      /^(?:many|much)$/u.test(words[i + 1] ?? ''),
  );
  return asking ?? (at[0] as number);
}

function tag(text: string): QTok[] {
  const { values, pos } = wordsAndTags(text.slice(0, 400));
  return values.map((value, i) => ({
    value,
    lower: value.toLowerCase(),
    pos: fixPos(value, pos[i] ?? 'X'),
  }));
}

// wink reads some lower-case question words as nouns ("use", "export", "head") after a noun; a
// word ending the run before "to"/"at" is better taken as the verb it usually is.
function fixPos(value: string, pos: string): string {
  if (/^(?:what|which)$/iu.test(value)) return 'DET';
  return pos;
}

/**
 * What kind of answer the question asks for, as ranking reads it (search/rank-features.ts favours
 * sentences holding a phrase of that kind) and the query analysis (a definition's scaffolding is
 * dropped).
 */
export type AnswerType = 'date' | 'number' | 'person' | 'place' | 'definition' | 'reason' | 'any';

// An organisation is named like a person; a thing, a yes/no or an open question asks for no
// particular phrase.
const ANSWER_TYPE: Record<AnswerKind, AnswerType> = {
  person: 'person',
  organisation: 'person',
  place: 'place',
  date: 'date',
  number: 'number',
  definition: 'definition',
  reason: 'reason',
  thing: 'any',
  yesno: 'any',
  any: 'any',
};

/**
 * The answer type of a question: the kind classifyQuestion reads, coarsened for ranking, so that
 * ranking, the decision and the short answer read a question one way.
 *
 * @example answerTypeOf('Which country supplied missiles?') // 'place'
 */
export function answerTypeOf(question: string | QuestionShape): AnswerType {
  return ANSWER_TYPE[(typeof question === 'string' ? classifyQuestion(question) : question).kind];
}
