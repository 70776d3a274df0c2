import type { Engine } from '../answer/engine.ts';
import { round } from './match.ts';
import { parseSquad } from './squad.ts';

/** What a corpus does with questions it does not cover (one set's questions asked of another corpus). */
export interface OffTopicReport {
  questions: number;
  /** Share declined (not answered): the right thing. */
  declined: number;
  /** How many were answered anyway, and how many of those with a short answer shown. */
  answered: number;
  shortAnswers: number;
}

/**
 * The questions of a file: every question of a SQuAD v2 file (answerable or not), or one JSON
 * object a line with a "question" field (the evaluation sets' JSONL).
 */
export function questionsOf(text: string, path: string): string[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{"version"') || trimmed.startsWith('{"data"')) {
    const set = parseSquad(JSON.parse(text));
    return [...set.questions, ...set.unanswerable].map((q) => q.question);
  }
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`eval: ${path}:${i + 1}: not valid JSON`);
      }
      const q = (value as { question?: unknown } | null)?.question;
      if (typeof q !== 'string')
        throw new Error(`eval: ${path}:${i + 1}: expected {"question": "..."}`);
      return q;
    });
}

/** A question the corpus does not cover that was answered anyway: what a reader was shown. */
export interface OffTopicAnswer {
  question: string;
  /** The decision's calibrated probability that the corpus answers (`Answer.confidence`). */
  confidence: number | null;
  short: string | null;
  /** The first passage's id (`doc#pN`). */
  passage: string | null;
}

/**
 * Asks each question and counts what the engine did with it; `answeredAnyway` receives each one
 * answered (`eval --offtopic --verbose` lists them, most confident first).
 */
export function evaluateOffTopic(
  engine: Pick<Engine, 'ask'>,
  questions: readonly string[],
  answeredAnyway: (answer: OffTopicAnswer) => void = () => {},
): OffTopicReport {
  let answered = 0;
  let shortAnswers = 0;
  for (const q of questions) {
    const a = engine.ask(q);
    if (a.status === 'answered') {
      answered++;
      if (a.short) shortAnswers++;
      answeredAnyway({
        question: q,
        confidence: a.confidence,
        short: a.short?.text ?? null,
        passage: a.passages[0]?.id ?? null,
      });
    }
  }
  return {
    questions: questions.length,
    declined: round(1 - answered / (questions.length || 1)),
    answered,
    shortAnswers,
  };
}
