import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Paragraph } from '../../src/corpus/types.ts';
import { evaluateShortAnswers, isRightShortAnswer } from '../../src/eval/short-answers.ts';

function paragraph(n: number, text: string): Paragraph {
  return {
    id: `doc#p${n}`,
    docSlug: 'doc',
    n,
    kind: 'body',
    section: null,
    text,
    sentences: splitSentences(text),
    line: n,
  };
}

describe('short answers on factoid questions', () => {
  it('counts an answer inside the gold string, or overlapping it substantially, as right', () => {
    expect(isRightShortAnswer('Maria Lopez', 'founded by Maria Lopez in 1990')).toBe(true);
    expect(isRightShortAnswer('March 1941', 'the siege began in March 1941')).toBe(true);
    expect(isRightShortAnswer('the siege of the old port', 'siege of the port')).toBe(true);
    expect(isRightShortAnswer('Tom Hale', 'founded by Maria Lopez in 1990')).toBe(false);
    expect(isRightShortAnswer('Maria Lopez, Tom Hale and friends of hers', 'Maria Lopez')).toBe(
      false,
    );
    expect(isRightShortAnswer('', 'Maria Lopez')).toBe(false);
  });

  it('asks only the covered factoid questions, in the paragraph holding the gold string', () => {
    const paragraphs = [
      paragraph(1, 'The fleet sailed at dawn.'),
      paragraph(2, 'The company was founded by Maria Lopez in 1990.'),
    ];
    const { report, outcomes } = evaluateShortAnswers(paragraphs, [
      { question: 'Who founded the company?', answers: ['founded by Maria Lopez'] },
      { question: 'When was the company founded?', answers: ['Maria Lopez in 1990'] },
      { question: 'What is the company like?', answers: ['Maria Lopez'] },
      { question: 'Who won the cup?', answers: [] },
      { question: 'Who sank the fleet?', answers: ['not in any paragraph'] },
    ]);
    expect(outcomes.map((o) => [o.answer, o.right])).toEqual([
      ['Maria Lopez', true],
      ['1990', true],
    ]);
    expect(report).toEqual({
      factoid: 2,
      right: 2,
      wrong: 0,
      abstained: 0,
      accuracy: 1,
      abstainRate: 0,
    });
  });
});
