/**
 * The follow-up rule: how a turn is read in the light of the turns before it. Platform-neutral and
 * pure (given the engine's analysis); see readTurn.
 *
 * What marks a turn as leaning on the conversation is read from its own words with the engine's
 * tools: wink-nlp's parts of speech (the same tagger the question reader uses), the index's
 * analysis of its informative words and whether the corpus knows them, and classifyQuestion's
 * reading of what it asks for. Only the discourse markers people put in front of a follow-up
 * ("and…", "what about…", "no, I meant…", "only…", markers.ts) and the pronouns (syntax.ts) are
 * listed: no tagger names them, and they are closed classes of English.
 */
import { MAX_QUESTION_CHARS } from '../answer/ask.ts';
import { tokenize } from '../language/analyzer.ts';
import { classifyQuestion } from '../language/question.ts';
import { isShouted, withoutSmallTalk } from '../language/small-talk.ts';
import { CONTINUATION, stripCorrection, stripNarrowing } from './markers.ts';
import {
  hasAnaphor,
  hasWh,
  isFragment,
  NEUTER,
  opensWithWh,
  PERSONAL,
  PLURAL,
  tag,
} from './syntax.ts';
import type { ReaderEngine, Reading, Turn, TurnKind } from './types.ts';
import { namesOf, namesSomethingNew, ownWords, subjectOf, without, wordsOf } from './words.ts';

/** At most this many words are carried into a turn from the conversation. */
export const MAX_CARRIED = 12;

/**
 * Reads a turn with the conversation before it (oldest first) and returns what to ask. A turn
 * that is a complete question of its own is asked exactly as typed; a pronoun or an ellipsis
 * takes the subject of the previous question ("and the drones?" → "What did Iran send to Russia?
 * drones"); a correction replaces it; a narrowing adds to it. The question is built only from the
 * conversation's own words: the turns, and the short answer or passage shown when a pronoun has
 * nothing else to stand for.
 *
 * @example readTurn([whatDidIranSend], 'and the drones?', engine).question // 'What did Iran send to Russia? drones'
 */
export function readTurn(previous: readonly Turn[], text: string, engine: ReaderEngine): Reading {
  // read as asked: without the greetings and thanks around it ("ok thanks. what about drones";
  // its frame, "just…", "and…", is the turn's own), in lowercase when shouted (what it borrows
  // is not)
  const plain = withoutSmallTalk(text, false) || text.trim();
  const typed = isShouted(plain) ? plain.toLowerCase() : plain;
  const fresh: Reading = { question: text, kind: 'fresh', frame: text, context: [], own: [] };
  const last = previous.at(-1);
  if (!last || typed === '') return { ...fresh, own: ownWords(engine, typed, null) };

  const correction = stripCorrection(typed);
  if (correction !== null) return correct(last, correction, engine) ?? fresh;
  const narrowing = stripNarrowing(typed);
  if (narrowing !== null) return addTo(last, narrowing, 'narrowing', engine) ?? fresh;
  const continued = CONTINUATION.exec(typed);
  if (continued && continued[0].length < typed.length) {
    const rest = typed.slice(continued[0].length);
    const toks = tag(rest);
    return hasWh(toks)
      ? lean(last, rest, 'ellipsis', engine)
      : (addTo(last, rest, 'ellipsis', engine) ?? fresh);
  }

  const toks = tag(typed);
  if (hasAnaphor(toks)) return lean(last, typed, 'pronoun', engine);
  if (isFragment(toks)) {
    return opensWithWh(toks)
      ? lean(last, typed, 'ellipsis', engine)
      : (addTo(last, typed, 'ellipsis', engine) ?? fresh);
  }
  const own = ownWords(engine, typed, null);
  if (subjectOf(engine, typed).length === 0) return lean(last, typed, 'ellipsis', engine);
  return { ...fresh, own };
}

/**
 * A turn with its own question shape that leans on the previous one for its subject ("when did
 * they do that?", "when?"): asked with the previous question's words after it.
 */
function lean(last: Turn, frame: string, kind: TurnKind, engine: ReaderEngine): Reading {
  const own = ownWords(engine, frame, null);
  if (namesSomethingNew(engine, frame)) return asTyped(frame, own);
  const carried = [...(pronounReferent(frame, last, engine) ?? []), ...wordsOf(engine, last)];
  return build(frame, kind, without(carried, own), own);
}

/**
 * A turn without a question shape of its own ("and the drones?", "only in 2023"): the previous
 * question's shape, with this turn's words added before the words it carried.
 */
function addTo(last: Turn, rest: string, kind: TurnKind, engine: ReaderEngine): Reading | null {
  const own = ownWords(engine, rest, null);
  if (own.length === 0) return null;
  if (namesSomethingNew(engine, rest)) return asTyped(rest, own);
  // "and the drones?" then "and the missiles?": the second replaces the first; a narrowing adds
  const parallel = kind === 'ellipsis' && last.kind === 'ellipsis' && ownInContext(last);
  const carried = parallel ? without(last.context, last.own) : last.context;
  const reading = build(last.frame, kind, [...own, ...without(carried, own)], own);
  if (kind !== 'narrowing') return reading;
  const names = namesOf(engine, last.question);
  if (names.length === 0) return reading;
  const fallback = build(own.join(' '), kind, without(names, own), own).question;
  return { ...reading, fallback };
}

/**
 * Whether a passage holds each of `words` (as the index reads them: the word or one of its
 * aliases), e.g. whether the passage answering "only the missiles?" mentions missiles.
 */
export function passageHolds(
  engine: ReaderEngine,
  text: string,
  words: readonly string[],
): boolean {
  if (words.length === 0) return true;
  const terms = new Set(tokenize(text).map((t) => t.stem));
  return engine.index
    .analyze(words.join(' '))
    .concepts.every((c) =>
      c.alternatives.some((alt) => alt.length > 0 && alt.every((t) => terms.has(t))),
    );
}

/**
 * "No, I meant the missiles": the correction replaces what the previous turn asked about. A
 * correction that is a question of its own ("I meant where the factories would be") replaces the
 * previous question and keeps what the conversation was about (the words the previous turn
 * carried, or else its names); one that names a thing replaces the previous turn's own subject.
 */
function correct(last: Turn, content: string, engine: ReaderEngine): Reading | null {
  const own = ownWords(engine, content, null);
  if (own.length === 0) return null;
  if (namesSomethingNew(engine, content)) return asTyped(content, own);
  const toks = tag(content);
  if (hasWh(toks)) {
    const topic = last.context.length > 0 ? last.context : namesOf(engine, last.frame);
    return build(content, 'correction', without(topic, own), own);
  }
  // the previous turn's own subject gives way: among the words it carried, or as the thing its
  // question asked about ("which drones…?" "no, the missiles")
  let frame = last.frame;
  if (!ownInContext(last)) {
    const focus = classifyQuestion(last.frame).focus;
    if (focus) frame = removeWord(frame, focus.surface);
  }
  const kept = ownInContext(last) ? without(last.context, last.own) : last.context;
  return build(frame, 'correction', [...own, ...without(kept, own)], own);
}

/** Whether a turn's own words went after the question it borrowed ("and the drones?"). */
function ownInContext(turn: Turn): boolean {
  return turn.own.length > 0 && turn.own.every((w) => turn.context.includes(w));
}

function asTyped(text: string, own: string[]): Reading {
  return { question: text, kind: 'fresh', frame: text, context: [], own };
}

/** The question: the frame, then as many carried words as fit under the question length cap. */
function build(frame: string, kind: TurnKind, context: string[], own: string[]): Reading {
  const base = frame.trim();
  const kept: string[] = [];
  let length = base.length;
  for (const word of context.slice(0, MAX_CARRIED)) {
    if (length + 1 + word.length > MAX_QUESTION_CHARS) break;
    kept.push(word);
    length += 1 + word.length;
  }
  const question = kept.length > 0 ? `${base} ${kept.join(' ')}` : base;
  return { question, kind, frame: base, context: kept, own };
}

/**
 * What a pronoun stands for when the previous answer named it: a person's short answer for
 * "he"/"she" ("How old is he?" after "Who is Iran's supreme leader?"), any short answer for
 * "it"/"they"; else, when the previous turn carried nothing, the names in the passage shown.
 */
function pronounReferent(frame: string, last: Turn, engine: ReaderEngine): string[] | null {
  const toks = tag(frame);
  const personal = toks.some((t) => PERSONAL.has(t.lower));
  const neuter = toks.some((t) => NEUTER.has(t.lower));
  const plural = toks.some((t) => PLURAL.has(t.lower));
  if (!personal && !neuter && !plural) return null;
  if (last.short !== null) {
    // "he" stands for the person a who-question was answered with, "it" for anything else
    const person = classifyQuestion(last.frame).kind === 'person';
    if (plural || (personal && person) || (neuter && !person))
      return ownWords(engine, last.short, null);
  }
  const top = last.passageIds[0];
  const paragraph = top === undefined ? undefined : engine.corpus.byId.get(top);
  if (!paragraph || wordsOf(engine, last).length > 0) return null;
  return ownWords(engine, paragraph.text, (c) => c.capitalized && c.position > 0).slice(0, 3);
}

/** The text with one occurrence of a word taken out (the words around it kept as written). */
function removeWord(text: string, word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return text
    .replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'u'), '$1')
    .replace(/\s{2,}/gu, ' ')
    .trim();
}
