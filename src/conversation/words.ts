/**
 * A turn's words as the index reads them (its concepts): the informative words of a text, its
 * names, its subject, and whether it names a thing the corpus does not know.
 */
import { STANDS_IN } from '../answer/passage-signals.ts';
import { classifyQuestion } from '../language/question.ts';
import { isTypeWord } from '../language/question-focus.ts';
import { isKnown } from '../search/holding.ts';
import type { Concept } from '../search/query.ts';
import { isFragment, PRO_FORMS, tag } from './syntax.ts';
import type { ReaderEngine, Turn } from './types.ts';

/** The informative words of a text as the index reads them (its concepts' surfaces). */
export function ownWords(
  engine: ReaderEngine,
  text: string,
  only: ((c: Concept) => boolean) | null,
) {
  if (text.trim() === '') return [];
  const concepts = engine.index.analyze(text).concepts;
  return concepts.filter((c) => only === null || only(c)).map((c) => c.surface);
}

/** The words a turn passes on: those of the question it asked, in their order. */
export function wordsOf(engine: ReaderEngine, turn: Turn): string[] {
  return ownWords(engine, turn.question, null);
}

/** The names (capitalised words after the first) of a question. */
export function namesOf(engine: ReaderEngine, text: string): string[] {
  return ownWords(engine, text, (c) => c.capitalized && c.position > 0);
}

/** `words` without those already in `present` (compared case-insensitively). */
export function without(words: readonly string[], present: readonly string[]): string[] {
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
export function namesSomethingNew(engine: ReaderEngine, text: string): boolean {
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
export function subjectOf(engine: ReaderEngine, text: string): Concept[] {
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
