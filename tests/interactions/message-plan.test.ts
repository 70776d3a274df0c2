/**
 * What the message path plans to post, read on its own: what a forum post asks. (The plans
 * themselves, answer, unsure notice, note or nothing, are tested through the path, in
 * messages.test.ts.)
 */
import { describe, expect, test } from 'vitest';
import { askedText } from '../../src/interactions/message-plan.ts';

const QUESTION = 'How many missiles did Iran send to Russia?';

describe('askedText: what a forum post asks', () => {
  test.each([
    [null, QUESTION, QUESTION],
    [
      'How many missiles did Iran send?',
      'I could not find it in the report.',
      'How many missiles did Iran send?',
    ],
    ['Help!', QUESTION, QUESTION],
    ['Drones', 'the Shahed deliveries', 'Drones\nthe Shahed deliveries'],
    ['What is an SRBM?', '', 'What is an SRBM?'],
  ])('title %s, message %s → %s', (title, text, expected) => {
    expect(askedText({ title, text })).toBe(expected);
  });
});
