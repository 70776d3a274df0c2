/**
 * What a question asks for, as its readers give it (language/question.ts): the kind of answer,
 * the thing asked about, the role and the answer's order; the tagged token they read; and the
 * kinds that a phrase answers.
 */

/** What kind of phrase answers a question. */
export type AnswerKind =
  | 'person'
  | 'organisation'
  | 'place'
  | 'date'
  | 'number'
  | 'definition'
  | 'reason'
  | 'thing'
  | 'yesno'
  | 'any';

export interface QuestionFocus {
  /** As the question wrote it ("tanks", "SRBMs"). */
  surface: string;
  /** stemWord(surface), or the lower-cased surface for an acronym, as the index holds it. */
  stem: string;
  /** A type word ("year", "country", "name"): the answer names an instance, the word itself may be absent. */
  generic: boolean;
}

export interface QuestionShape {
  kind: AnswerKind;
  /** The thing asked about: "tanks" in "How many tanks…", "capital" in "What is the capital of…"; null when none. */
  focus: QuestionFocus | null;
  /** "who is the president of Ukraine", "Israel's prime minister": the role and whose it is. */
  role: { role: string; of: string } | null;
  /** "how many"/"how much": a count or quantity (years are not counts). */
  countable?: boolean;
  /** "how much did X pay", "how much does it cost": an amount of money, not a count of things. */
  money?: boolean;
  /**
   * Stems of the question's words that a statement of the answer puts before it ("What did Iran
   * supply?" → "Iran supplied X": iran, suppli) and after it ("Who founded X?" → "Y founded X").
   */
  order?: { before: string[]; after: string[] };
}

/** Token of a tagged question. */
export interface QTok {
  value: string;
  lower: string;
  pos: string;
}

export function shape(
  kind: AnswerKind,
  focus: QuestionFocus | null = null,
  role: { role: string; of: string } | null = null,
  countable?: boolean,
): QuestionShape {
  return countable === undefined ? { kind, focus, role } : { kind, focus, role, countable };
}

/** Kinds of answer that a particular phrase must give ("when" a date, "who" a name). */
export const TYPED_KINDS: ReadonlySet<AnswerKind> = new Set<AnswerKind>([
  'date',
  'number',
  'person',
  'organisation',
  'place',
]);

/**
 * Kinds of question a phrase answers: who, when, where, how many, which (of a kind) and what-is.
 * answer/ask.ts gives them a short answer, and answer/key-facts.ts wants their focus in a fact.
 * A "why", "how" or open "what did…" is answered by its passage: on the seed questions a phrase
 * picked for those was wrong more often than right ("move Tehran" for what Iran supplied), at
 * every confidence, and a wrong short answer is worse than none; their focus is often said in
 * other words ("What was Biden's verdict…" → "Biden concluded…").
 */
export const SHORT_KINDS: ReadonlySet<AnswerKind> = new Set<AnswerKind>([
  ...TYPED_KINDS,
  'definition',
]);
