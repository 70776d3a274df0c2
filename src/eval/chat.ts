/**
 * The question sets asked as people write in a chat: each question wrapped in a greeting, thanks,
 * shorthand, a contraction, an address by name, a hedge or a channel's lead-in (`eval --questions FILE --chat`). A question's answer should not
 * depend on the small talk around it; this measures how far it does.
 */
import type { Engine } from '../answer/engine.ts';
import { type EvalQuestion, evaluateQuestions, type QuestionReport } from './questions.ts';

/** How a chat message wraps a question: what real channels show, one habit each. */
export const CHAT_WRAPPERS: readonly { name: string; wrap: (question: string) => string }[] = [
  { name: 'greeting, thanks', wrap: (q) => `hey, ${q} thx` },
  { name: 'greeting, thanks in advance', wrap: (q) => `hi all. ${q} thanks in advance` },
  { name: 'shorthand', wrap: (q) => `${q} idk, pls help lol` },
  { name: 'contractions', wrap: (q) => `ok so I'm wondering: ${q} btw I don't get it` },
  { name: 'signed', wrap: (q) => `Good morning! Quick question - ${q} Cheers, Sam` },
  { name: 'addressed', wrap: (q) => `Dossier, ${q}` },
  {
    name: 'hedged',
    wrap: (q) => `sorry if this is a dumb question but ${q} any help appreciated`,
  },
  {
    name: 'asking a channel',
    wrap: (q) => `long time lurker. does anyone here know ${q} asking for a friend`,
  },
];

export interface ChatReport {
  /** The questions as written. */
  plain: QuestionReport;
  /** Each wrapper's questions, by its name. */
  wrapped: Record<string, QuestionReport>;
}

/** The set's report as written and as each chat wrapper writes it. */
export function evaluateChat(
  engine: Pick<Engine, 'ask'>,
  questions: readonly EvalQuestion[],
): ChatReport {
  const wrapped: Record<string, QuestionReport> = {};
  for (const { name, wrap } of CHAT_WRAPPERS)
    wrapped[name] = evaluateQuestions(
      engine,
      questions.map((q) => ({ ...q, question: wrap(q.question) })),
    ).report;
  return { plain: evaluateQuestions(engine, questions).report, wrapped };
}
