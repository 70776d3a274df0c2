import { describe, expect, it } from 'vitest';
import type { Answer, Passage } from '../../src/answer/types.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Paragraph } from '../../src/corpus/types.ts';
import {
  evaluateShortAnswers,
  evaluateShownShortAnswers,
  isRightShortAnswer,
} from '../../src/eval/short-answers.ts';

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

describe('short answers as shown to a user', () => {
  const paragraphs = [
    paragraph(1, 'The fleet sailed at dawn.'),
    paragraph(2, 'The company was founded by Maria Lopez in 1990.'),
  ];
  const cite = (p: Paragraph) => ({ id: p.id, text: p.text }) as Passage;
  it('counts a shown answer right only when it is right and its cited passage holds the answer', () => {
    const [fleet, company] = paragraphs as [Paragraph, Paragraph];
    const shown: Record<string, Pick<Answer, 'short' | 'passages'>> = {
      // right, cited to the paragraph that says it
      'Who founded the company?': {
        short: { text: 'Maria Lopez', passageId: company.id, kind: 'person' },
        passages: [cite(company)],
      },
      // right words, cited to a passage that does not say them
      'When was the company founded?': {
        short: { text: '1990', passageId: fleet.id, kind: 'date' },
        passages: [cite(fleet), cite(company)],
      },
      // none shown
      'Who founded the firm?': { short: null, passages: [cite(company)] },
      // wrong
      'When did the company start?': {
        short: { text: 'dawn', passageId: fleet.id, kind: 'date' },
        passages: [cite(fleet)],
      },
    };
    const { report, outcomes } = evaluateShownShortAnswers(
      paragraphs,
      [
        { question: 'Who founded the company?', answers: ['Maria Lopez'] },
        { question: 'When was the company founded?', answers: ['1990'] },
        { question: 'Who founded the firm?', answers: ['Maria Lopez'] },
        { question: 'When did the company start?', answers: ['1990'] },
        { question: 'Who won the cup?', answers: ['not in any paragraph'] },
        { question: 'What is the company like?', answers: ['Maria Lopez'] },
      ],
      (q) => shown[q] ?? { short: null, passages: [] },
    );
    expect(outcomes.map((o) => o.right)).toEqual([true, false, false, false]);
    expect(report).toEqual({ factoid: 4, shown: 3, right: 1, shownShare: 0.75, precision: 0.333 });
  });

  it('has precision 1 when nothing is shown', () => {
    const { report } = evaluateShownShortAnswers(
      paragraphs,
      [{ question: 'Who founded the company?', answers: ['Maria Lopez'] }],
      () => ({ short: null, passages: [] }),
    );
    expect(report).toMatchObject({ factoid: 1, shown: 0, precision: 1, shownShare: 0 });
  });
});
