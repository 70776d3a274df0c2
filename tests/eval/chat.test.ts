import { describe, expect, it } from 'vitest';
import type { Answer, Passage } from '../../src/answer/types.ts';
import { CHAT_WRAPPERS, evaluateChat } from '../../src/eval/chat.ts';

const passage = (text: string) => ({ id: 'p', text }) as Passage;

/** A fake engine: it answers from one passage, and declines any message naming "Sam". */
function ask(question: string): Answer {
  const declined = /\bSam\b/u.test(question);
  return {
    question,
    status: declined ? 'not_found' : 'answered',
    reason: declined ? 'absent' : null,
    missingTerms: declined ? ['Sam'] : [],
    short: null,
    confidence: declined ? null : 0.9,
    passages: declined ? [] : [passage('Tehran is the capital of Iran.')],
    related: [],
    truncated: false,
  };
}

describe('evaluateChat', () => {
  it('wraps every question in each chat habit, keeping the question whole inside it', () => {
    for (const { wrap } of CHAT_WRAPPERS)
      expect(wrap('what is the capital?')).toContain('what is the capital?');
    expect(new Set(CHAT_WRAPPERS.map((w) => w.name)).size).toBe(CHAT_WRAPPERS.length);
  });

  it('reports the set as written and as each wrapper writes it', () => {
    const report = evaluateChat({ ask }, [
      { question: 'What is the capital of Iran?', answers: ['Tehran'] },
      { question: 'What is the GDP of Japan?', answers: [] },
    ]);
    expect(report.plain).toMatchObject({ answerable: 1, hitAt1: 1, falseAbstainRate: 0 });
    expect(Object.keys(report.wrapped)).toEqual(CHAT_WRAPPERS.map((w) => w.name));
    // the signed message names someone the fake engine declines for
    expect(report.wrapped.signed).toMatchObject({ hitAt1: 0, falseAbstainRate: 1, abstainRate: 1 });
    expect(report.wrapped.shorthand).toMatchObject({ hitAt1: 1, falseAbstainRate: 0 });
  });
});
