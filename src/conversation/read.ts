/**
 * The follow-up rule: how a turn is read in the light of the turns before it. Platform-neutral and
 * pure (given the engine's analysis); see readTurn.
 *
 * What marks a turn as leaning on the conversation is read from its own words with the engine's
 * tools: wink-nlp's parts of speech (the same tagger the question reader uses), the index's
 * analysis of its informative words and whether the corpus knows them, and classifyQuestion's
 * reading of what it asks for. Only the discourse markers people put in front of a follow-up
 * ("and…", "what about…", "no, I meant…", "only…", markers.ts) and the pronouns (below) are
 * listed: no tagger names them, and they are closed classes of English.
 */
import { MAX_QUESTION_CHARS } from '../answer/ask.ts';
import { STANDS_IN } from '../answer/passage-signals.ts';
import { tokenize } from '../language/analyzer.ts';
import { type TaggedToken, tagText } from '../language/nlp.ts';
import { classifyQuestion, isTypeWord } from '../language/question.ts';
import { isKnown } from '../search/holding.ts';
import type { Concept } from '../search/query.ts';
import { CONTINUATION, stripCorrection, stripNarrowing } from './markers.ts';
import type { ReaderEngine, Reading, Turn, TurnKind } from './types.ts';

/** At most this many words are carried into a turn from the conversation. */
export const MAX_CARRIED = 12;

const WH = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
// Third-person pronouns by what they can stand for.
const PERSONAL = new Set(['he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself']);
const NEUTER = new Set(['it', 'its', 'itself']);
const PLURAL = new Set(['they', 'them', 'their', 'theirs', 'themselves']);
const DEMONSTRATIVE = new Set(['this', 'that', 'these', 'those']);
const NOMINAL = new Set(['NOUN', 'PROPN']);
// a possessive may stand for its own clause's subject ("what does the ECFR say about its…")
const POSSESSIVE = new Set(['his', 'its', 'their', 'theirs', 'hers']);
// "the ones in 2022", "which one": a pro-form, not a thing named
const PRO_FORMS = new Set(['one', 'ones']);

interface Tok {
  value: string;
  lower: string;
  pos: string;
}

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
  const typed = text.trim();
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

/** The informative words of a text as the index reads them (its concepts' surfaces). */
function ownWords(engine: ReaderEngine, text: string, only: ((c: Concept) => boolean) | null) {
  if (text.trim() === '') return [];
  const concepts = engine.index.analyze(text).concepts;
  return concepts.filter((c) => only === null || only(c)).map((c) => c.surface);
}

/** The words a turn passes on: those of the question it asked, in their order. */
function wordsOf(engine: ReaderEngine, turn: Turn): string[] {
  return ownWords(engine, turn.question, null);
}

/** The names (capitalised words after the first) of a question. */
function namesOf(engine: ReaderEngine, text: string): string[] {
  return ownWords(engine, text, (c) => c.capitalized && c.position > 0);
}

/** `words` without those already in `present` (compared case-insensitively). */
function without(words: readonly string[], present: readonly string[]): string[] {
  const seen = new Set(present.map((w) => w.toLowerCase()));
  const out: string[] = [];
  for (const w of words) {
    const key = w.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  return out;
}

/**
 * Whether a turn names a thing the corpus does not know (a noun, name or figure with no word in
 * the documents and nothing that stands in for it): then it is about something new, and carrying
 * the earlier subject into it would make an uncovered question look covered.
 */
function namesSomethingNew(engine: ReaderEngine, text: string): boolean {
  // in a turn without a verb, the noun of its wh-phrase is what it asks for ("for what purpose?")
  const asked = isFragment(tag(text)) ? classifyQuestion(text).focus?.surface.toLowerCase() : null;
  const concepts = engine.index
    .analyze(text)
    .concepts.filter(
      (c) =>
        !typeWord(c) &&
        !PRO_FORMS.has(c.surface.toLowerCase()) &&
        c.surface.toLowerCase() !== asked,
    );
  const unknown = concepts.filter(
    (c) => !isKnown(engine.index, c) && !c.related.some((r) => r.weight >= STANDS_IN),
  );
  // a thing named (a noun, name or figure), or every word the turn has of its own ("how much did
  // they cost?"); one verb among others the corpus lacks is often a paraphrase ("what earlier
  // claim did they undercut?" of "…deny that it was supplying the drones")
  return (
    unknown.some((c) => c.strength === 1) ||
    (unknown.length > 0 && unknown.length === concepts.length)
  );
}

/**
 * A type word ("month", "kind", "countries") names no thing: the answer is an instance of it. The
 * question reader's own list decides (language/question.ts).
 */
function typeWord(c: Concept): boolean {
  return !c.capitalized && isTypeWord(c.surface);
}

/**
 * The turn's own subject: its nouns, names and figures, except a type word it asks for ("which
 * year", "what kind") and, in a turn without a verb, the thing it asks for ("for what purpose?").
 */
function subjectOf(engine: ReaderEngine, text: string): Concept[] {
  const definition = classifyQuestion(text).kind === 'definition';
  return engine.index
    .analyze(text)
    .concepts.filter(
      (c) =>
        (c.pos === 'noun' || (c.capitalized && c.position > 0) || /\p{N}/u.test(c.surface)) &&
        !PRO_FORMS.has(c.surface.toLowerCase()) &&
        (definition || !typeWord(c)),
    );
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

function tag(text: string): Tok[] {
  return tagText(text.slice(0, MAX_QUESTION_CHARS)).tokens.map((t: TaggedToken) => ({
    value: t.value,
    lower: t.value.toLowerCase(),
    pos: t.pos,
  }));
}

/**
 * A fragment that opens with its wh-phrase ("when?", "for what purpose?") asks a new question of
 * the old subject; one whose wh-word comes after other words ("compared to whom?") extends the
 * previous question instead.
 */
function opensWithWh(toks: readonly Tok[]): boolean {
  const words = toks.filter((t) => t.pos !== 'PUNCT');
  const at = words.findIndex((t) => WH.has(t.lower));
  return at >= 0 && words.slice(0, at).every((t) => t.pos === 'ADP');
}

function hasWh(toks: readonly Tok[]): boolean {
  return toks.some((t) => WH.has(t.lower));
}

/** Where the wh-phrase ends: the wh-word and what follows it up to the first verb. */
function whPhraseEnd(toks: readonly Tok[]): number {
  const at = toks.findIndex((t) => WH.has(t.lower));
  if (at < 0 || at > 2) return -1;
  let k = at + 1;
  while (k < toks.length && toks[k]?.pos !== 'AUX' && toks[k]?.pos !== 'VERB') k++;
  return k - 1;
}

/**
 * Whether a third-person pronoun or a demonstrative points outside the turn: "when did they do
 * that?" does, "whose views does the article say it does not reflect?" does not (the article
 * comes before "it"). A word of the wh-phrase is never the antecedent: it is what is asked.
 */
function hasAnaphor(toks: readonly Tok[]): boolean {
  const whEnd = whPhraseEnd(toks);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    // an object pronoun is never its own clause's subject or co-argument ("did Tehran admit it?"):
    // only a noun before a clause boundary ("…and", a comma, "that") can be what it stands for
    const from = isObject(toks, i) ? clauseStart(toks, whEnd + 1, i) : whEnd + 1;
    const before = toks.slice(from, Math.max(i, from)).filter((b) => NOMINAL.has(b.pos));
    if (PERSONAL.has(t.lower)) {
      if (!before.some((b) => b.pos === 'PROPN')) return true;
    } else if (NEUTER.has(t.lower)) {
      if (!before.some((b) => !isPlural(b))) return true;
    } else if (PLURAL.has(t.lower)) {
      if (!before.some(isPlural) && !coordinated(toks, whEnd + 1, i)) return true;
    } else if (DEMONSTRATIVE.has(t.lower)) {
      if (demonstrativePointsBack(toks, i)) return true;
    } else if (PRO_FORMS.has(t.lower) && isProForm(toks, i)) {
      return true;
    } else if (t.lower === 'there' || t.lower === 'then') {
      // "what happened there?", "what did Iran do then?" (not "there is…")
      const next = toks[i + 1];
      if (!next || next.pos === 'PUNCT') return true;
    }
  }
  return false;
}

/** A pronoun right after a verb or preposition, not the subject of a clause of its own. */
function isObject(toks: readonly Tok[], i: number): boolean {
  if (POSSESSIVE.has(toks[i]?.lower ?? '')) return false;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  const opensClause = next !== undefined && (next.pos === 'AUX' || next.pos === 'VERB');
  return (prev?.pos === 'VERB' || prev?.pos === 'ADP') && !opensClause;
}

/** Where the clause holding token `i` begins: after the last "and", comma or subordinator. */
function clauseStart(toks: readonly Tok[], from: number, i: number): number {
  for (let k = i - 1; k >= from; k--) {
    const t = toks[k] as Tok;
    if (t.lower === 'and' || t.value === ',' || t.pos === 'SCONJ' || t.lower === 'that')
      return k + 1;
  }
  return i;
}

/** "the ones in 2022", "which one": "one" standing for a noun of an earlier turn. */
function isProForm(toks: readonly Tok[], i: number): boolean {
  const prev = toks[i - 1];
  return prev !== undefined && (prev.pos === 'DET' || prev.pos === 'ADJ' || WH.has(prev.lower));
}

/** "that deal", "after that", "do that?", "was that…": not "the deal that Iran signed". */
function demonstrativePointsBack(toks: readonly Tok[], i: number): boolean {
  const t = toks[i] as Tok;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  if (t.lower !== 'that') return true;
  if (!next || next.pos === 'PUNCT') return true;
  if (prev && (NOMINAL.has(prev.pos) || prev.pos === 'VERB')) return false;
  return t.pos === 'DET' || i === 0 || prev?.pos === 'ADP' || prev?.pos === 'AUX';
}

function isPlural(t: Tok): boolean {
  return t.pos === 'NOUN' && /[^s]s$/u.test(t.lower);
}

/** "Iran and Russia … they": two nominals joined by "and" between `from` and `to`. */
function coordinated(toks: readonly Tok[], from: number, to: number): boolean {
  for (let k = Math.max(from + 1, 1); k < to - 1; k++) {
    if (
      toks[k]?.lower === 'and' &&
      NOMINAL.has(toks[k - 1]?.pos ?? '') &&
      (NOMINAL.has(toks[k + 1]?.pos ?? '') || toks[k + 1]?.pos === 'DET')
    )
      return true;
  }
  return false;
}

/**
 * A turn without a clause of its own: no verb at all ("for what purpose?", "when?"), or a wh-word
 * left at the end with no auxiliary ("compared to whom?").
 */
function isFragment(toks: readonly Tok[]): boolean {
  const words = toks.filter((t) => t.pos !== 'PUNCT');
  // "who controls…": the word after a leading "who" is its verb, whatever the tagger says
  if (words[0]?.lower === 'who' && words.length > 1) return false;
  const aux = words.some((t) => t.pos === 'AUX');
  if (!aux && !words.some((t) => t.pos === 'VERB')) return true;
  const lastWord = words.at(-1);
  return !aux && lastWord !== undefined && WH.has(lastWord.lower) && words.length > 1;
}

/** The text with one occurrence of a word taken out (the words around it kept as written). */
function removeWord(text: string, word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return text
    .replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'u'), '$1')
    .replace(/\s{2,}/gu, ' ')
    .trim();
}
