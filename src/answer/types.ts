import type { CalloutSpan, CodeBlock, LinkSpan, ParagraphKind, Sentence } from '../corpus/types.ts';
import type { AnswerKind } from '../language/question-shape.ts';
import type { AbstainReason } from './abstain.ts';

export type AnswerStatus = 'answered' | 'not_found' | 'needs_keyword';

/** A retrieved paragraph with everything needed to cite and highlight it. */
export interface Passage {
  id: string;
  docSlug: string;
  documentTitle: string;
  publisher: string | null;
  url: string | null;
  section: string | null;
  kind: ParagraphKind;
  /** Paragraph number within its document (the n of `doc#pN`). */
  n: number;
  text: string;
  /** The sentence that best answers the question, with offsets into `text`. */
  sentence: Sentence;
  /** Surface forms in `text` that matched the question, for highlighting. */
  matchedTerms: string[];
  score: number;
  /** PDF only: the page the passage starts on (citations show "p. 4"). */
  page?: number | undefined;
  /**
   * Documentation passages (see src/answer/passage.ts): the code blocks the passage introduces,
   * each at an offset of `text`; its links and admonitions. Absent on articles.
   */
  code?: CodeBlock[] | undefined;
  links?: LinkSpan[] | undefined;
  callouts?: CalloutSpan[] | undefined;
}

/**
 * The phrase that answers a factoid question ("Masoud Pezeshkian", "February 2022"), taken from
 * one of the answer's passages and shown first; null when unsure or when the question is not one
 * a phrase answers.
 */
export interface ShortAnswer {
  text: string;
  /** The cited passage it comes from: one of `passages`. */
  passageId: string;
  kind: AnswerKind;
}

/** The platform-neutral result of asking a question. */
export interface Answer {
  question: string;
  status: AnswerStatus;
  /**
   * Why a question is not answered: 'absent' (the documents do not mention what it names),
   * 'weak' (nothing covers it well), 'inexact' (a passage is close but does not say); null otherwise.
   */
  reason: AbstainReason | null;
  /** Informative question terms the corpus does not contain at all. */
  missingTerms: string[];
  short: ShortAnswer | null;
  /**
   * The learned decision's calibrated probability that the corpus answers the question (see
   * src/answer/decision.ts), when it judged one: null when the question had no word to search
   * or the abstention rule declined before the model was asked.
   */
  confidence: number | null;
  /** Answering passages, best first (empty unless status is 'answered'). */
  passages: Passage[];
  /** Closest passages shown as related reading when the corpus does not answer. */
  related: Passage[];
  /** The question was over the length cap and only its start was used. */
  truncated: boolean;
}
