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

/**
 * Whether `answer` may be posted unasked: answered, with the learned decision's calibrated
 * probability that the corpus answers (`Answer.confidence`) at least AUTO_ANSWER_MIN_CONFIDENCE.
 * @example confidentEnough(engine.ask('How many missiles did Iran send?')) // true
 */
export function confidentEnough(answer: Answer): boolean {
  return (
    answer.status === 'answered' &&
    answer.confidence !== null &&
    answer.confidence >= AUTO_ANSWER_MIN_CONFIDENCE
  );
}
