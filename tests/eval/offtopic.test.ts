import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.ts';
import { evaluateOffTopic, questionsOf } from '../../src/eval/offtopic.ts';

const squad = JSON.stringify({
  version: 'v2.0',
  data: [
    {
      title: 'Sea',
      paragraphs: [
        {
          context: 'The sea is salty.',
          qas: [
            {
              id: '1',
              question: 'Is the sea salty?',
              answers: [{ text: 'salty', answer_start: 11 }],
            },
            { id: '2', question: 'Who owns the sea?', answers: [], is_impossible: true },
          ],
        },
      ],
    },
  ],
});

describe('off-topic questions', () => {
  it('reads every question of a SQuAD file, answerable or not, and of a JSONL file', () => {
    expect(questionsOf(squad, 'x.json')).toEqual(['Is the sea salty?', 'Who owns the sea?']);
    expect(questionsOf('{"question":"a?"}\n\n{"question":"b?","answers":[]}\n', 'q.jsonl')).toEqual(
      ['a?', 'b?'],
    );
  });

  it('names the file and line of a bad question line', () => {
    expect(() => questionsOf('{"question":"a?"}\nnot json\n', 'q.jsonl')).toThrow(
      'eval: q.jsonl:2: not valid JSON',
    );
    expect(() => questionsOf('{"q":"a?"}\n', 'q.jsonl')).toThrow('q.jsonl:1: expected {"question"');
  });

  it('counts the share declined and the short answers shown anyway', () => {
    const replies: Record<string, Partial<Answer>> = {
      a: {
        status: 'answered',
        short: { text: 'x', passageId: 'd#p1', kind: 'thing' },
        passages: [],
        confidence: 0.3,
      },
      b: { status: 'answered', short: null, passages: [], confidence: 0.3 },
      c: { status: 'not_found', short: null },
      d: { status: 'needs_keyword', short: null },
    };
    const engine = { ask: (q: string) => replies[q] as Answer };
    expect(evaluateOffTopic(engine, ['a', 'b', 'c', 'd'])).toEqual({
      questions: 4,
      declined: 0.5,
      answered: 2,
      shortAnswers: 1,
    });
    expect(evaluateOffTopic(engine, [])).toMatchObject({ questions: 0, declined: 1 });
  });

  it('hands over each question answered anyway, with what its reader was shown', () => {
    const passage = { id: 'doc#p3' } as Answer['passages'][number];
    const replies: Record<string, Partial<Answer>> = {
      a: { status: 'answered', confidence: 0.4, passages: [passage], short: null },
      b: { status: 'not_found', confidence: 0.1, passages: [], short: null },
      c: {
        status: 'answered',
        confidence: 0.3,
        passages: [passage],
        short: { text: 'x', passageId: 'doc#p3', kind: 'thing' },
      },
    };
    const seen: unknown[] = [];
    evaluateOffTopic({ ask: (q: string) => replies[q] as Answer }, ['a', 'b', 'c'], (x) =>
      seen.push(x),
    );
    expect(seen).toEqual([
      { question: 'a', confidence: 0.4, short: null, passage: 'doc#p3' },
      { question: 'c', confidence: 0.3, short: 'x', passage: 'doc#p3' },
    ]);
  });
});
