/** The platform-neutral rule for "a question asked in the channel" (/autoanswer questions). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  isQuestionLike,
  prose,
  QUESTION_MAX_CHARS,
  QUESTION_MIN_CHARS,
} from '../../src/interactions/question-like.ts';

const alone = { replyToOther: false, mentionsOthers: false };

describe('isQuestionLike', () => {
  test.each([
    ['How many missiles did Iran send to Russia?', true],
    ['how many drones were delivered', true],
    ['Does anyone know when the accord was signed', true],
    ['Is the drone deal public?', true],
    ['the drones arrived in August?', true],
    ['¿Cuántos misiles envió Irán a Rusia', true],
    ['Irán envió misiles a Rusia？ ', true],
    ["What's an SRBM, exactly?", true],
    ['Who signed it? 🤔', true],
    // the small talk around a question
    ['Hey all, how do I set up a proxy? Thanks, Sam', true],
    ['hi! is there a way to keep the old chunks, thanks in advance', true],
    ['Good morning! Quick question - which port does preview use? Cheers', true],
    ['Thanks!', false],
    ['hey, thanks so much!', false],
    // not questions
    ['good morning everyone', false],
    ['Thanks, that helped a lot!', false],
    ['I think the drones arrived in August.', false],
    ['How it works is explained in the docs.', false],
    ['Do it now!', false],
    // chatter too short to be a question
    ['why?', false],
    ['ok so?', false],
    ['is it?', false],
    // code and links alone are not a question
    ['```how does this work?```', false],
    ['https://example.org/what-is-this?', false],
  ])('%s → %s', (text, expected) => {
    expect(isQuestionLike(text, alone)).toBe(expected);
  });

  test('a reply to someone else, or a message that mentions someone, is a conversation', () => {
    const q = 'How many missiles did Iran send to Russia?';
    expect(isQuestionLike(q, { replyToOther: true, mentionsOthers: false })).toBe(false);
    expect(isQuestionLike(q, { replyToOther: false, mentionsOthers: true })).toBe(false);
  });

  test('too long is a discussion, not a question', () => {
    const long = `Why ${'really '.repeat(60)}?`;
    expect(long.length).toBeGreaterThan(QUESTION_MAX_CHARS);
    expect(isQuestionLike(long, alone)).toBe(false);
  });

  test('property: any text ending with a question mark, of the allowed length and words, is a question', () => {
    // (greetings and thanks are small talk, read apart: the cases above)
    const word = fc
      .stringMatching(/^[a-z]{2,8}$/u)
      .filter(
        (w) =>
          !/^(?:hey|hi|hiya|hello|howdy|yo|good|morning|ok|okay|quick|thanks|thank|thx|ty|tia|cheers|best|regards|kind)$/u.test(
            w,
          ),
      );
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 30 }), (words) => {
        const text = `${words.join(' ')}?`;
        fc.pre(text.length >= QUESTION_MIN_CHARS && text.length <= QUESTION_MAX_CHARS);
        return isQuestionLike(text, alone);
      }),
    );
  });

  test('property: never throws, and never says yes to a reply or past the length bounds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.boolean(), (text, reply) => {
        const result = isQuestionLike(text, { replyToOther: reply, mentionsOthers: false });
        if (reply) return result === false;
        const length = [...prose(text)].length;
        return !result || (length >= QUESTION_MIN_CHARS && length <= QUESTION_MAX_CHARS);
      }),
    );
  });
});
