import { z } from 'zod';
import type { Answer } from '../answer/types.ts';
import { containsAnswer, round } from './match.ts';

const FollowupLine = z.object({
  turns: z.array(z.string()).min(1),
  answers: z.array(z.string()),
  kind: z.string().optional(),
});
export type FollowupConversation = z.infer<typeof FollowupLine>;

/** Parses a JSONL file of conversations; a bad line is an error naming its line number. */
export function parseFollowups(text: string, path: string): FollowupConversation[] {
  const out: FollowupConversation[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`eval: ${path}:${i + 1}: not valid JSON`);
    }
    const parsed = FollowupLine.safeParse(value);
    if (!parsed.success)
      throw new Error(
        `eval: ${path}:${i + 1}: expected {"turns": ["...", ...], "answers": [...], "kind": "..."}`,
      );
    out.push(parsed.data);
  });
  return out;
}

export interface FollowupScores {
  conversations: number;
  answerable: number;
  /** The first passage holds an answer string (over conversations the documents answer). */
  hitAt1: number;
  hitAt3: number;
  offTopic: number;
  /** Declined, over the conversations whose last turn the documents do not answer. */
  abstainRate: number;
  /** Declined, over those they answer. */
  falseAbstainRate: number;
}

export interface FollowupReport extends FollowupScores {
  /** How the last turn was asked: with the conversation before it, or alone. */
  mode: 'conversation' | 'alone';
  kinds: Record<string, FollowupScores>;
}

export interface FollowupOutcome {
  turns: string[];
  kind: string;
  /** What was asked for the last turn. */
  asked: string;
  covered: boolean;
  status: Answer['status'];
  rank: number | null;
}

/**
 * Scores the last turn of each conversation as seed-dev is scored (see ../shared/eval/README.md):
 * a hit when the first passage contains an answer string; a conversation with no answers is
 * right when the bot declines. `answerLast` asks the last turn (with its conversation, or alone).
 */
export async function evaluateFollowups(
  conversations: readonly FollowupConversation[],
  answerLast: (turns: string[]) => Promise<Answer>,
  mode: FollowupReport['mode'],
): Promise<{ report: FollowupReport; outcomes: FollowupOutcome[] }> {
  const outcomes: FollowupOutcome[] = [];
  for (const c of conversations) {
    const answer = await answerLast(c.turns);
    const covered = c.answers.length > 0;
    const i = covered ? answer.passages.findIndex((p) => containsAnswer(p.text, c.answers)) : -1;
    outcomes.push({
      turns: c.turns,
      kind: c.kind ?? (covered ? 'unlabelled' : 'uncovered'),
      asked: answer.question,
      covered,
      status: answer.status,
      rank: i >= 0 ? i + 1 : null,
    });
  }
  const kinds: Record<string, FollowupScores> = {};
  for (const kind of [...new Set(outcomes.map((o) => o.kind))].sort())
    kinds[kind] = scores(outcomes.filter((o) => o.kind === kind));
  return { report: { mode, ...scores(outcomes), kinds }, outcomes };
}

function scores(outcomes: readonly FollowupOutcome[]): FollowupScores {
  const covered = outcomes.filter((o) => o.covered);
  const uncovered = outcomes.filter((o) => !o.covered);
  const share = (n: number, of: number) => (of === 0 ? 0 : round(n / of));
  return {
    conversations: outcomes.length,
    answerable: covered.length,
    hitAt1: share(covered.filter((o) => o.rank === 1).length, covered.length),
    hitAt3: share(covered.filter((o) => o.rank !== null && o.rank <= 3).length, covered.length),
    offTopic: uncovered.length,
    abstainRate: share(uncovered.filter((o) => o.status !== 'answered').length, uncovered.length),
    falseAbstainRate: share(covered.filter((o) => o.status !== 'answered').length, covered.length),
  };
}
