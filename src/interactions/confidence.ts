/**
 * How sure an answer must be before the bot posts it unasked (/autoanswer questions and forum
 * modes). A mention, a direct message or `/ask` gets whatever the engine found, its doubts
 * included; an answer nobody asked the bot for is posted only when it is likely right.
 */
import type { Answer } from '../answer/types.ts';

/**
 * The calibrated probability (Answer.confidence, 0..1) an unsolicited answer needs: higher than
 * anything `/ask` shows. The one place this threshold lives.
 */
export const AUTO_ANSWER_MIN_CONFIDENCE = 0.7;

/** Distinct question words the best passage must match when no calibrated confidence exists. */
const INTERIM_MIN_MATCHED = 2;

/** The answer's calibrated probability, when the engine gives one (the judgement's `confidence`). */
function calibrated(answer: Answer): number | null {
  if ('confidence' in answer && typeof answer.confidence === 'number') return answer.confidence;
  return null;
}

/**
 * Whether `answer` may be posted unasked: answered, and with a calibrated confidence of at least
 * AUTO_ANSWER_MIN_CONFIDENCE. Until the engine reports one, the best equivalent: answered (the
 * abstention rule passed) and either a short answer (a typed phrase the extractor trusts) or a
 * best passage matching at least two distinct words of the question.
 * @example confidentEnough(engine.ask('How many missiles did Iran send?')) // true
 */
export function confidentEnough(answer: Answer): boolean {
  if (answer.status !== 'answered') return false;
  const probability = calibrated(answer);
  if (probability !== null) return probability >= AUTO_ANSWER_MIN_CONFIDENCE;
  const top = answer.passages[0];
  if (!top) return false;
  if (answer.short !== null) return true;
  const matched = new Set(top.matchedTerms.map((t) => t.toLowerCase()));
  return matched.size >= INTERIM_MIN_MATCHED;
}
