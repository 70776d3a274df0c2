import { z } from 'zod';
import type { Engine } from '../answer/engine.ts';
import { containsAnswer, round } from './match.ts';

const QuestionLine = z.object({ question: z.string(), answers: z.array(z.string()) });
export type EvalQuestion = z.infer<typeof QuestionLine>;

/** Parses a JSONL question file; a bad line is an error naming its line number. */
export function parseQuestions(text: string, path: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`eval: ${path}:${i + 1}: not valid JSON`);
    }
    const parsed = QuestionLine.safeParse(value);
    if (!parsed.success)
      throw new Error(`eval: ${path}:${i + 1}: expected {"question": "...", "answers": [...]}`);
    out.push(parsed.data);
  });
  return out;
}

export interface QuestionReport {
  questions: number;
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  offTopic: number;
  abstainRate: number;
  falseAbstainRate: number;
}

export interface QuestionOutcome {
  question: string;
  covered: boolean;
  status: string;
  rank: number | null;
}

/** Asks every question and scores the answers by the hit rule (see ../shared/eval/README.md). */
export function evaluateQuestions(
  engine: Pick<Engine, 'ask'>,
  questions: readonly EvalQuestion[],
): { report: QuestionReport; outcomes: QuestionOutcome[] } {
  let answerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let offTopic = 0;
  let abstained = 0;
  let falseAbstain = 0;
  const outcomes: QuestionOutcome[] = [];
  for (const q of questions) {
    const answer = engine.ask(q.question);
    const covered = q.answers.length > 0;
    let rank: number | null = null;
    if (covered) {
      answerable++;
      const i = answer.passages.findIndex((p) => containsAnswer(p.text, q.answers));
      if (i >= 0) rank = i + 1;
      if (rank === 1) hit1++;
      if (rank !== null && rank <= 3) hit3++;
      if (rank !== null) rr += 1 / rank;
      if (answer.status !== 'answered') falseAbstain++;
    } else {
      offTopic++;
      if (answer.status !== 'answered') abstained++;
    }
    outcomes.push({ question: q.question, covered, status: answer.status, rank });
  }
  const div = (a: number, b: number) => (b === 0 ? 0 : round(a / b));
  return {
    report: {
      questions: questions.length,
      answerable,
      hitAt1: div(hit1, answerable),
      hitAt3: div(hit3, answerable),
      mrr: div(rr, answerable),
      offTopic,
      abstainRate: div(abstained, offTopic),
      falseAbstainRate: div(falseAbstain, answerable),
    },
    outcomes,
  };
}
