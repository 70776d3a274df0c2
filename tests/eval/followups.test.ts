import { describe, expect, it } from 'vitest';
import type { Answer, Passage } from '../../src/answer/types.ts';
import { evaluateFollowups, parseFollowups } from '../../src/eval/followups.ts';

const passage = (text: string): Passage => ({
  id: 'd#p1',
  docSlug: 'd',
  documentTitle: 'D',
  publisher: null,
  url: null,
  section: null,
  kind: 'body',
  n: 1,
  text,
  sentence: { text, start: 0, end: text.length },
  matchedTerms: [],
  score: 1,
});
const answered = (question: string, ...texts: string[]): Answer => ({
  question,
  status: 'answered',
  reason: null,
  missingTerms: [],
  short: null,
  confidence: 0.9,
  passages: texts.map(passage),
  related: [],
  truncated: false,
});
const declined = (question: string): Answer => ({
  ...answered(question),
  status: 'not_found',
  reason: 'absent',
});

describe('parseFollowups', () => {
  it('reads one conversation a line and names a bad line', () => {
    const text =
      '{"turns": ["a?", "b?"], "answers": ["x"], "kind": "pronoun"}\n\n{"turns": ["c?"], "answers": []}\n';
    expect(parseFollowups(text, 'f.jsonl')).toEqual([
      { turns: ['a?', 'b?'], answers: ['x'], kind: 'pronoun' },
      { turns: ['c?'], answers: [] },
    ]);
    expect(() => parseFollowups('{"turns": []', 'f.jsonl')).toThrow(
      'eval: f.jsonl:1: not valid JSON',
    );
    expect(() => parseFollowups('\n{"turns": [], "answers": []}', 'f.jsonl')).toThrow(
      'eval: f.jsonl:2: expected {"turns"',
    );
  });
});

describe('evaluateFollowups', () => {
  it('scores the last turn overall and per kind: first passage, top three, declines', async () => {
    const set = [
      { turns: ['q1', 'hit'], answers: ['gold'], kind: 'pronoun' },
      { turns: ['q1', 'second'], answers: ['gold'], kind: 'pronoun' },
      { turns: ['q1', 'declined'], answers: ['gold'], kind: 'ellipsis' },
      { turns: ['q1', 'uncovered declined'], answers: [], kind: 'uncovered' },
      { turns: ['q1', 'uncovered answered'], answers: [] },
    ];
    const asked: string[][] = [];
    const { report, outcomes } = await evaluateFollowups(
      set,
      async (turns) => {
        asked.push(turns);
        const last = turns.at(-1) ?? '';
        if (last === 'hit') return answered(`${last}!`, 'the Gold answer', 'other');
        if (last === 'second') return answered(last, 'other', 'gold');
        if (last === 'uncovered answered') return answered(last, 'something');
        return declined(last);
      },
      'conversation',
    );
    expect(asked).toEqual(set.map((c) => c.turns));
    expect(report).toMatchObject({
      mode: 'conversation',
      conversations: 5,
      answerable: 3,
      hitAt1: 0.333,
      hitAt3: 0.667,
      offTopic: 2,
      abstainRate: 0.5,
      falseAbstainRate: 0.333,
    });
    expect(report.kinds.pronoun).toMatchObject({ conversations: 2, hitAt1: 0.5, hitAt3: 1 });
    expect(report.kinds.ellipsis).toMatchObject({ hitAt1: 0, falseAbstainRate: 1 });
    expect(report.kinds.uncovered).toMatchObject({ offTopic: 2, abstainRate: 0.5 });
    expect(outcomes[0]).toMatchObject({ asked: 'hit!', rank: 1, covered: true });
  });
});
