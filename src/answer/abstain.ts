/**
 * Whether the documents answer a question: a decision over a few measured signals, with its
 * thresholds in one place (fitted on the seed question sets, both wordings; `npm run eval`).
 */

/** Why a question is not answered: the documents lack what it names, or they are near but not exact. */
export type AbstainReason = 'absent' | 'weak' | 'inexact';

/** What the decision reads, measured on the question and its best passage. */
export interface AnswerSignals {
  /** Names or figures the question gives that the corpus never mentions, and that have no counterpart. */
  missingNames: number;
  /** The question's focus ("tanks" in "How many tanks…") when the corpus lacks it entirely. */
  focusAbsent: boolean;
  /** Share of the question's words (nouns fully, verbs and adverbs less) that nothing in the corpus matches. */
  missingShare: number;
  /** How much of the question the best paragraph covers (idf-weighted; related words earn their weight). */
  coverage: number;
  /** How many of the question's ideas the best paragraph holds, and how many the corpus holds at all. */
  covered: number;
  known: number;
  /**
   * The question's names and figures the corpus has but the best paragraph does not ("France" in
   * "What is the capital of France?" against a paragraph on European capitals).
   */
  namesElsewhere: number;
  /** The focus's credit in the best paragraph (1 for its own word), or null when there is no specific focus. */
  focusCredit: number | null;
  /** Whether the answering sentence holds a phrase of the kind asked for (a date for "when"…); null when any will do. */
  typed: boolean | null;
}

export const ABSTAIN = {
  /** At or above this share of unmatched words, the question is about something else. */
  missingShare: 0.4,
  /** Below this, the focus is not what the passage is about ("tanks" against "artillery"). */
  minFocus: 0.6,
  /**
   * When the best passage lacks the kind of phrase asked for, the first of the next ones (down to
   * this rank, and scoring at least this share of the best) that has it answers instead.
   */
  typedDepth: 5,
  typedScore: 0.6,
  /** Other nouns or names of the question a passage must hold for an absent category to pass. */
  categoryContext: 2,
};

export type Decision = { answered: true } | { answered: false; reason: AbstainReason };

/**
 * The rule, in order: a name or focus the corpus never mentions ("North Korea", "currency") is
 * absent; so is a question most of whose words nothing matches. A passage holding only one of
 * several ideas the corpus has, when a name or figure of the question is among those it lacks
 * ("the capital of France" from a paragraph on European capitals), is weak; a word the passage
 * may say in other words ("who owns youtube" over the YouTube page, which says Google bought it)
 * is left to the fitted decision (declining those declined 4 % of NQ dev's answerable questions
 * and 7 % of WikiQA's whose page ranked first: README, "Answer or decline, learned"). A passage that matches but lacks the focus or an answer of the asked kind (no number for
 * "how many") is inexact: near, but it does not say. How much of the question a passage must
 * cover is not the rule's: the fitted decision (decision.ts) weighs coverage with the rest and
 * declines a thin match as weak (a hand-set floor of a quarter of the question declined answerable
 * questions the model answers, and no more of the others: README, "Answer or decline, learned").
 *
 * @example decide({ missingNames: 1, ... }) // { answered: false, reason: 'absent' }
 */
export function decide(s: AnswerSignals, t: typeof ABSTAIN = ABSTAIN): Decision {
  if (s.missingNames > 0 || s.focusAbsent || s.missingShare >= t.missingShare)
    return { answered: false, reason: 'absent' };
  if (s.covered < 2 && s.known >= 2 && s.namesElsewhere > 0)
    return { answered: false, reason: 'weak' };
  if ((s.focusCredit !== null && s.focusCredit < t.minFocus) || s.typed === false)
    return { answered: false, reason: 'inexact' };
  return { answered: true };
}
