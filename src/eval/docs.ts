/**
 * The documentation question sets (shared/eval/docs/README.md): besides the usual hit@k, whether
 * the right *page* comes first, the scoring rule's own folding (backquotes, asterisks and
 * underscores removed, so `import.meta.env` in a passage matches "import.meta.env" in an answer),
 * passages over the 1,500-character bound, pages not loaded, and how each kind of uncovered
 * question fared (near-miss, other tool, off-topic).
 */
import { z } from 'zod';
import type { Engine } from '../answer/engine.ts';
import { round } from './match.ts';

/** The passage bound of issue 16: no passage's text is longer. */
export const PASSAGE_BOUND = 1500;

const DocsQuestionLine = z.object({
  question: z.string(),
  answers: z.array(z.string()),
  file: z.string().nullable().optional(),
  kind: z.string().optional(),
});
export type DocsQuestion = z.infer<typeof DocsQuestionLine>;

/** Parses a docs question file (JSONL with `file` and `kind`); a bad line names its number. */
export function parseDocsQuestions(text: string, path: string): DocsQuestion[] {
  const out: DocsQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`eval: ${path}:${i + 1}: not valid JSON`);
    }
    const parsed = DocsQuestionLine.safeParse(value);
    if (!parsed.success)
      throw new Error(`eval: ${path}:${i + 1}: expected {"question", "answers", "file", "kind"}`);
    out.push(parsed.data);
  });
  return out;
}

/**
 * The docs set's folding: lower-case; typographic quotes to straight ones; en and em dashes to
 * `-`; `` ` ``, `*` and `_` removed; whitespace runs to one space.
 */
export function foldDocs(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019]/gu, "'")
    .replace(/[\u201C\u201D]/gu, '"')
    .replace(/[\u2013\u2014]/gu, '-')
    .replace(/[`*_]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

export interface DocsReport {
  /** Document files in the corpus folder with a problem and no document loaded from them. */
  pagesNotLoaded: number;
  passages: number;
  /** Passages whose text is over PASSAGE_BOUND characters, and the longest. */
  passagesOverBound: number;
  longestPassage: number;
  /** Covered questions, scored with the docs folding. */
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  /** Covered questions whose first passage (answer or closest reading) is from the answering page. */
  rightPageFirst: number;
  /**
   * Retrieval alone, whatever the decision: hit@k over the passages shown, answers or the closest
   * reading of a declined question (the decision is the judgement's; these measure the passages).
   */
  retrievalHitAt1: number;
  retrievalHitAt3: number;
  /** Covered questions the bot declined. */
  falseDeclines: number;
  /** Uncovered questions declined, by kind: [declined, asked]. */
  declined: Record<string, [number, number]>;
}

export interface DocsOutcome {
  question: string;
  kind: string;
  status: string;
  rank: number | null;
  page: string | null;
  expected: string | null;
}

/** Asks every question and scores it by the docs rule. */
export function evaluateDocs(
  engine: Engine,
  questions: readonly DocsQuestion[],
): { report: DocsReport; outcomes: DocsOutcome[] } {
  const pathOf = new Map(engine.corpus.documents.map((d) => [d.slug, d.path]));
  const loaded = new Set(engine.corpus.documents.map((d) => d.path));
  const lengths = engine.corpus.paragraphs.map((p) => p.text.length);
  let answerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let page1 = 0;
  let shown1 = 0;
  let shown3 = 0;
  let falseDeclines = 0;
  const declined: Record<string, [number, number]> = {};
  const outcomes: DocsOutcome[] = [];
  for (const q of questions) {
    const answer = engine.ask(q.question);
    const kind = q.kind ?? (q.answers.length > 0 ? 'covered' : 'uncovered');
    const shown = answer.status === 'answered' ? answer.passages : answer.related;
    const page = shown[0] ? (pathOf.get(shown[0].docSlug) ?? null) : null;
    let rank: number | null = null;
    if (q.answers.length > 0) {
      answerable++;
      const answers = q.answers.map(foldDocs);
      const i = answer.passages.findIndex((p) => {
        const text = foldDocs(p.text);
        return answers.some((a) => text.includes(a));
      });
      if (i >= 0) rank = i + 1;
      const inShown = shown.findIndex((p) => {
        const text = foldDocs(p.text);
        return answers.some((a) => text.includes(a));
      });
      if (inShown === 0) shown1++;
      if (inShown >= 0 && inShown < 3) shown3++;
      if (rank === 1) hit1++;
      if (rank !== null && rank <= 3) hit3++;
      if (q.file && page === q.file) page1++;
      if (answer.status !== 'answered') falseDeclines++;
    } else {
      const entry = declined[kind] ?? [0, 0];
      entry[1]++;
      if (answer.status !== 'answered') entry[0]++;
      declined[kind] = entry;
    }
    outcomes.push({
      question: q.question,
      kind,
      status: answer.status,
      rank,
      page,
      expected: q.file ?? null,
    });
  }
  const div = (a: number, b: number) => (b === 0 ? 0 : round(a / b));
  return {
    report: {
      pagesNotLoaded: new Set(
        engine.problems
          .map((p) => p.path)
          .filter((path) => /\.(?:md|markdown|mdx|txt|html?)$/iu.test(path) && !loaded.has(path)),
      ).size,
      passages: lengths.length,
      passagesOverBound: lengths.filter((n) => n > PASSAGE_BOUND).length,
      longestPassage: lengths.reduce((m, n) => Math.max(m, n), 0),
      answerable,
      hitAt1: div(hit1, answerable),
      hitAt3: div(hit3, answerable),
      rightPageFirst: div(page1, answerable),
      retrievalHitAt1: div(shown1, answerable),
      retrievalHitAt3: div(shown3, answerable),
      falseDeclines: div(falseDeclines, answerable),
      declined,
    },
    outcomes,
  };
}
