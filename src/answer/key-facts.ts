import { stems } from '../facts/keys.ts';
import { analyzeTopic, conceptMatch } from '../facts/topic.ts';
import type { Fact, FactKind } from '../facts/types.ts';
import { isTypeWord } from '../language/question-focus.ts';
import { type AnswerKind, type QuestionFocus, SHORT_KINDS } from '../language/question-shape.ts';
import type { Concept } from '../search/query.ts';
import type { Engine } from './engine.ts';
import type { Answer } from './types.ts';

/**
 * A fact is shown under an answer when the question's ideas it holds weigh at least this share of
 * all of them (each idea weighed by its strength: nouns and names fully, verbs less). Two ideas of
 * two ("president" and "Iran") must both be there; two of three ("Russia", "Ukraine", not "invade")
 * are enough.
 */
export const KEY_FACT_COVERAGE = 0.6;

/**
 * The kinds of fact that answer each kind of question (language/question-shape.ts's AnswerKind);
 * a kind not listed takes facts of any kind. "Who is Masoud Pezeshkian?" asks for a definition,
 * and a person's role defines them. An organisation is not an actor: actor facts are people with a
 * role (facts/actors.ts leaves institutions out), so "which agency…" takes any fact naming the
 * agency. No fact kind holds a place, a reason or a thing either.
 */
const FACT_KINDS_FOR: Partial<Record<AnswerKind, readonly FactKind[]>> = {
  date: ['date'],
  number: ['figure'],
  person: ['actor'],
  definition: ['definition', 'actor'],
};

/**
 * The facts to show under an answer: facts of the cited passages that share the question's
 * focus and answer its kind (a date for "when", a figure for "how many", a person for "who", a
 * definition for "what is X" or "who is <name>"; any kind otherwise), the kind and focus read by
 * language/question.ts as for ranking and the short answer. A fact qualifies when the question's
 * ideas, as /ask analyses them (aliases and related words included), are found in it weighing at
 * least KEY_FACT_COVERAGE of the question, one of them in its subject or value, and the focus
 * among them: the thing counted, the role or the term defined; for a question no phrase answers,
 * or whose focus is a type word ("which countries…"), the question's rarest idea. An actor's
 * ideas are looked for next to the name only ("Russian President Vladimir Putin" is no answer to
 * "Who is the president of Iran?" because its sentence mentions Iran). Best first; none when
 * nothing fits.
 *
 * @example keyFacts(engine, 'When did Russia invade Ukraine?', answer) // [the February 2022 launch]
 */
export function keyFacts(
  engine: Pick<Engine, 'index' | 'facts'>,
  question: string,
  answer: Answer,
  limit = 4,
): Fact[] {
  if (answer.status !== 'answered' || limit <= 0) return [];
  // the question read as `ask` reads it (spelling corrected), with the shape ranking, the decision
  // and the short answer read from it
  const { shape, concepts } = analyzeTopic(question, engine.index);
  const wanted = FACT_KINDS_FOR[shape.kind];
  if (concepts.length === 0) return [];
  const total = concepts.reduce((s, c) => s + c.strength, 0);
  // the focus a phrase answers (the thing counted, the role, the term defined, the capital of…)
  // is named beside it; a what-question's ("verdict", "models", "purpose") is often said in other
  // words ("Biden concluded…"), as the short answer reads it too; a type word ("which countries
  // form the E3") is not said at all, but what is counted is ("how many countries")
  const asked = shape.focus;
  const typeWord = asked !== null && !shape.countable && isTypeWord(asked.surface);
  const focusWord =
    asked && !asked.generic && !typeWord && SHORT_KINDS.has(shape.kind) ? asked : null;
  const named = focusWord ? focusConcept(concepts, focusWord) : null;
  // without a focus word, the question is about its rarest noun or name ("Ukraine" in "When
  // did Russia invade Ukraine?"), which the fact itself must say, not only its sentence
  const focus = named ?? rarest(engine.index, concepts);
  const focusInSubject = named === null || shape.kind === 'number' || shape.kind === 'definition';
  const seen = new Set<string>();
  const scored: { f: Fact; coverage: number; inSubject: number; order: number }[] = [];
  let order = 0;
  for (const passage of answer.passages) {
    for (const f of engine.facts.byParagraph(passage.id)) {
      order++;
      if (seen.has(f.id) || (wanted && !wanted.includes(f.kind))) continue;
      seen.add(f.id);
      const parts = engine.facts.stemsOf(f);
      if (!parts) continue;
      const context = f.kind === 'actor' ? nearName(f) : parts.quote;
      let covered = 0;
      let inSubject = 0;
      let focusFound = focus === null;
      for (const c of concepts) {
        const own = Math.max(conceptMatch(c, parts.subject), conceptMatch(c, parts.value));
        const found = Math.max(own, conceptMatch(c, context));
        covered += c.strength * found;
        inSubject += own;
        if (c === focus) {
          // what is counted or defined is what the fact is about; a role asked about may be in
          // its sentence; a person's context is the words around the name
          const near = f.kind === 'actor' ? found : own;
          focusFound = focusInSubject ? near > 0 : found > 0;
        }
      }
      const coverage = total > 0 ? covered / total : 0;
      if (!focusFound || inSubject === 0 || coverage < KEY_FACT_COVERAGE) continue;
      scored.push({ f, coverage, inSubject, order });
    }
  }
  scored.sort((a, b) => b.coverage - a.coverage || b.inSubject - a.inSubject || a.order - b.order);
  return scored.slice(0, limit).map((x) => x.f);
}

/** The question's rarest noun or name in the corpus (highest idf), or null. */
function rarest(
  index: Pick<Engine, 'index'>['index'],
  concepts: readonly Concept[],
): Concept | null {
  let best: Concept | null = null;
  let bestIdf = -1;
  for (const c of concepts) {
    if (c.strength < 1) continue;
    const own = c.alternatives[0] ?? [];
    if (own.length === 0 || !own.every((t) => index.has(t))) continue;
    const idf = Math.max(...own.map((t) => index.idf(t)));
    if (idf > bestIdf) {
      best = c;
      bestIdf = idf;
    }
  }
  return best;
}

/** The question's concept for its focus word, or null when the analysis dropped it. */
function focusConcept(concepts: readonly Concept[], focus: QuestionFocus): Concept | null {
  return (
    concepts.find(
      (c) =>
        c.surface.toLowerCase() === focus.surface.toLowerCase() ||
        (c.alternatives[0] ?? []).includes(focus.stem),
    ) ?? null
  );
}

/**
 * The stems written next to an actor's name in its quote: the title and the words before it
 * ("Iran’s supreme leader Ali Khamenei", "the Iranian government led by President …").
 */
function nearName(f: Fact): Set<string> {
  const at = f.quote.indexOf(f.subject);
  if (at < 0) return new Set(stems(f.quote));
  const before = f.quote.slice(0, at).split(/\s+/u).slice(-7).join(' ');
  const after = f.quote
    .slice(at + f.subject.length)
    .split(/\s+/u)
    .slice(0, 4)
    .join(' ');
  return new Set(stems(`${before} ${f.subject} ${after}`));
}

/** How many facts an answer lists: enough to help, few enough to stay a glance. */
export const KEY_FACTS = 4;

// the kind of fact that states what a short answer of each kind states
const FACT_OF_SHORT: Partial<Record<AnswerKind, FactKind>> = {
  date: 'date',
  number: 'figure',
  person: 'actor',
};

// words that frame a date or an amount without being it ("in 2018", "since 2016", "about 300")
const FRAME = new Set(['in', 'on', 'at', 'of', 'since', 'by', 'the', 'about', 'around', 'some']);

function valueWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !FRAME.has(w));
}

/**
 * Whether a short answer and a fact's value say the same thing: one's words are all among the
 * other's ("February 2022" and "2022", "Since 2016" and "2016", "Masoud Pezeshkian" and
 * "President Masoud Pezeshkian").
 */
export function sameValue(short: string, value: string): boolean {
  const a = valueWords(short);
  const b = valueWords(value);
  if (a.length === 0 || b.length === 0) return false;
  const [small, large] = a.length <= b.length ? [a, new Set(b)] : [b, new Set(a)];
  return small.every((w) => large.has(w));
}

/**
 * The answer with its short answer kept only when the key facts listed under it do not say
 * otherwise: a listed fact of the short answer's kind (a date for a date, a figure for a number, a
 * person for a person) quoting the very sentence the short answer comes from states what that
 * sentence says of the question; when such facts are listed and none of them says the short
 * answer, the bold answer would contradict them ("February 2022" above "2018: the Trump
 * Administration exited the … nuclear deal", both from one sentence), so it is not shown; the
 * passages and the facts still are. Facts from other sentences are about other events and
 * contradict nothing ("the summer: Moscow's battlefield fortunes declined" under "February 2022"
 * for when Russia invaded). Measured on NQ and SQuAD dev: the short answers dropped this way were
 * right 22 % and 25 % of the time (EM), against 30 % and 59 % for all shown; counting facts from
 * any sentence dropped twice as many, right ones among them.
 *
 * @example agreeWithKeyFacts(engine, 'When did Trump quit the nuclear deal?', answer).short // null when the facts say 2018 and the reader said February 2022
 */
export function agreeWithKeyFacts(
  engine: Pick<Engine, 'index' | 'facts'>,
  question: string,
  answer: Answer,
): Answer {
  const short = answer.short;
  const kind = short ? FACT_OF_SHORT[short.kind] : undefined;
  if (!short || !kind) return answer;
  const listed = keyFacts(engine, question, answer, KEY_FACTS).filter(
    (f) => f.kind === kind && f.quote.includes(short.text),
  );
  if (listed.length === 0) return answer;
  const agrees = listed.some((f) => sameValue(short.text, kind === 'actor' ? f.subject : f.value));
  return agrees ? answer : { ...answer, short: null };
}
