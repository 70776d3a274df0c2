import { describe, expect, it } from 'vitest';
import { classifyQuestion } from '../../src/language/question.ts';
import { isTypeWord } from '../../src/language/question-focus.ts';

describe('isTypeWord', () => {
  it.each([
    ['country', true],
    ['countries', true],
    ['Years', true],
    ['people', true],
    ['ways', true],
    ['drones', false],
    ['president', false],
    ['glass', false],
  ] as const)('%s → %s', (word, type) => {
    expect(isTypeWord(word)).toBe(type);
  });

  it("agrees with a singular focus's generic flag", () => {
    for (const q of ['Which country brokered the deal?', 'What year was it founded?']) {
      const focus = classifyQuestion(q).focus;
      expect(focus?.generic).toBe(true);
      expect(isTypeWord(focus?.surface ?? '')).toBe(true);
    }
  });
});
