import { extractShortAnswer, type ShortAnswerOptions } from '../answer/short.ts';
import type { Answer } from '../answer/types.ts';
import type { Paragraph } from '../corpus/types.ts';
import { classifyQuestion } from '../language/question.ts';
import { containsAnswer, foldForMatch, round } from './match.ts';
import type { EvalQuestion } from './questions.ts';
import { f1Score, normalizeAnswer } from './squad-metric.ts';

/** Questions asking for a fact by name, date, place or amount. */
const FACTOID = /\b(?:who|whom|whose|when|where|which|how many|how much)\b/iu;

export interface ShortAnswerReport {
  /** Covered factoid questions whose gold string some paragraph holds. */
  factoid: number;
  right: number;
  wrong: number;
  abstained: number;
  /** right / factoid */
  accuracy: number;
  abstainRate: number;
}

export interface ShortAnswerOutcome {
  question: string;
  gold: string;
  answer: string | null;
  confidence: number | null;
  right: boolean;
}

/**
 * Whether a short answer is right against a gold passage string: it lies inside the gold string,
 * or overlaps it substantially (token F1 ≥ 0.5 after SQuAD's normalisation).
 *
 * @example isRightShortAnswer('Masoud Pezeshkian', 'led by President Masoud Pezeshkian') // true
 */
export function isRightShortAnswer(answer: string, gold: string): boolean {
  const a = normalizeAnswer(foldForMatch(answer));
  if (a === '') return false;
  if (` ${normalizeAnswer(foldForMatch(gold))} `.includes(` ${a} `)) return true;
  return f1Score(foldForMatch(answer), foldForMatch(gold)) >= 0.5;
}

/**
 * The short answer on the factoid questions (who/when/where/which/how many/how much) of a
 * question set, each taken from the first paragraph that holds its gold string.
 */
export function evaluateShortAnswers(
  paragraphs: readonly Paragraph[],
  questions: readonly EvalQuestion[],
  /** The question's words and focus as retrieval expands them (aliases, near forms), and the
   * paragraph's page title; default: its own words, no title. */
  termsOf?: (question: string, paragraph: Paragraph) => ShortAnswerOptions,
): { report: ShortAnswerReport; outcomes: ShortAnswerOutcome[] } {
  const outcomes: ShortAnswerOutcome[] = [];
  for (const q of questions) {
    if (q.answers.length === 0 || !FACTOID.test(q.question)) continue;
    let paragraph: Paragraph | undefined;
    let gold = '';
    for (const g of q.answers) {
      paragraph = paragraphs.find((p) => containsAnswer(p.text, [g]));
      if (paragraph) {
        gold = g;
        break;
      }
    }
    if (!paragraph) continue;
    const short = extractShortAnswer(
      q.question,
      classifyQuestion(q.question),
      paragraph,
      termsOf ? termsOf(q.question, paragraph) : {},
    );
    outcomes.push({
      question: q.question,
      gold,
      answer: short?.text ?? null,
      confidence: short?.confidence ?? null,
      right: short !== null && q.answers.some((g) => isRightShortAnswer(short.text, g)),
    });
  }
  const factoid = outcomes.length;
  const right = outcomes.filter((o) => o.right).length;
  const abstained = outcomes.filter((o) => o.answer === null).length;
  const div = (a: number, b: number) => (b === 0 ? 0 : round(a / b));
  return {
    report: {
      factoid,
      right,
      wrong: factoid - right - abstained,
      abstained,
      accuracy: div(right, factoid),
      abstainRate: div(abstained, factoid),
    },
    outcomes,
  };
}

/** What the bot shows end to end on the factoid questions: the short answer above its passages. */
export interface ShownShortReport {
  /** Factoid questions the corpus answers (some paragraph holds a gold string). */
  factoid: number;
  /** How many got a short answer. */
  shown: number;
  /** Shown, right (isRightShortAnswer) and cited to a passage that holds a gold string. */
  right: number;
  /** shown / factoid */
  shownShare: number;
  /** right / shown (1 when none is shown: nothing wrong was said) */
  precision: number;
}

export interface ShownShortOutcome {
  question: string;
  gold: string;
  answer: string | null;
  right: boolean;
}

/**
 * The short answers the bot shows for the factoid questions the corpus answers, asked as a user
 * asks (`ask`: ranking, decision, the short-answer gate, agreement with the key facts): how often
 * one is shown and how often a shown one is right and cited to a passage holding the answer.
 */
export function evaluateShownShortAnswers(
  paragraphs: readonly Paragraph[],
  questions: readonly EvalQuestion[],
  ask: (question: string) => Pick<Answer, 'short' | 'passages'>,
): { report: ShownShortReport; outcomes: ShownShortOutcome[] } {
  const outcomes: ShownShortOutcome[] = [];
  for (const q of questions) {
    if (q.answers.length === 0 || !FACTOID.test(q.question)) continue;
    const gold = q.answers.find((g) => paragraphs.some((p) => containsAnswer(p.text, [g])));
    if (gold === undefined) continue;
    const { short, passages } = ask(q.question);
    const cited = passages.find((p) => p.id === short?.passageId);
    const right =
      short !== null &&
      cited !== undefined &&
      containsAnswer(cited.text, q.answers) &&
      q.answers.some((g) => isRightShortAnswer(short.text, g));
    outcomes.push({ question: q.question, gold, answer: short?.text ?? null, right });
  }
  const shown = outcomes.filter((o) => o.answer !== null).length;
  const right = outcomes.filter((o) => o.right).length;
  return {
    report: {
      factoid: outcomes.length,
      shown,
      right,
      shownShare: outcomes.length === 0 ? 0 : round(shown / outcomes.length),
      precision: shown === 0 ? 1 : round(right / shown),
    },
    outcomes,
  };
}
