import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { containsAnswer, foldForMatch } from '../../src/eval/match.ts';
import { parseQuestions } from '../../src/eval/questions.ts';
import { evaluateSquad, parseSquad, scoreAnswers, scoreRetrieval } from '../../src/eval/squad.ts';

describe('eval question files', () => {
  it('parses JSONL, skipping blank lines', async () => {
    const text = await readFile('tests/fixtures/questions.jsonl', 'utf8');
    expect(parseQuestions(text, 'q.jsonl')).toEqual([
      { question: 'What is an SRBM?', answers: ['short-range ballistic missile'] },
      { question: 'What does UAS stand for?', answers: ['unmanned aerial systems'] },
      { question: 'What is the GDP of Japan?', answers: [] },
    ]);
  });

  it('names the bad line', () => {
    expect(() => parseQuestions('{"question": "a", "answers": []}\n{oops', 'q.jsonl')).toThrow(
      'eval: q.jsonl:2: not valid JSON',
    );
    expect(() => parseQuestions('\n{"question": "a"}', 'q.jsonl')).toThrow(
      'eval: q.jsonl:2: expected {"question": "...", "answers": [...]}',
    );
  });
});

describe('the hit rule', () => {
  it('matches case-insensitively with whitespace, quotes and dashes folded', () => {
    expect(foldForMatch('  Iran’s  “short–range”\n missile ')).toBe(`iran's "short-range" missile`);
    expect(containsAnswer('An Iranian short-range ballistic missile', ['SHORT–RANGE'])).toBe(true);
    expect(containsAnswer('nothing here', ['missile', 'drone'])).toBe(false);
  });
});

describe('SQuAD evaluation', () => {
  it('reads a SQuAD file: contexts in order, answerable questions only', async () => {
    const set = parseSquad(JSON.parse(await readFile('tests/fixtures/squad-tiny.json', 'utf8')));
    expect(set.documents.map((d) => [d.slug, d.paragraphs.length])).toEqual([
      ['black-sea', 2],
      ['caspian-sea', 2],
    ]);
    expect(set.contexts).toHaveLength(4);
    expect(set.questions).toHaveLength(6);
    expect(set.questions.map((q) => q.paragraph)).toEqual([0, 0, 1, 1, 2, 3]);
    const report = evaluateSquad(set);
    expect(report).toMatchObject({ paragraphs: 4, questions: 6 });
    expect(report.recallAt1).toBeGreaterThanOrEqual(0.8);
    expect(() => parseSquad({ data: [{ title: 1 }] })).toThrow();
  });

  it('scores the short answer given each paragraph and end to end', async () => {
    const set = parseSquad(JSON.parse(await readFile('tests/fixtures/squad-tiny.json', 'utf8')));
    const report = evaluateSquad(set);
    expect(report.shortAnswer.em).toBeGreaterThan(0);
    expect(report.shortAnswer.f1).toBeGreaterThanOrEqual(report.shortAnswer.em);
    expect(report.endToEnd.f1).toBeLessThanOrEqual(1);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['shortAnswer', 'endToEnd']));
  });

  it('keeps SQuAD 2.0 unanswerable questions apart and reports what ask declines', async () => {
    const set = parseSquad(JSON.parse(await readFile('tests/fixtures/squad-tiny.json', 'utf8')));
    expect(set.unanswerable).toEqual([
      { question: 'What is the capital of the Caspian?', answers: [], paragraph: 2 },
    ]);
    const report = evaluateSquad(set);
    // "capital" is nowhere in the corpus: declined; the answerable questions are answered
    expect(report.unanswerable).toEqual({ questions: 1, declined: 1 });
    expect(report.falseDecline).toBeGreaterThanOrEqual(0);
    expect(report.falseDecline).toBeLessThanOrEqual(0.5);
  });

  it('scores answers with the official metrics, max over gold, none as 0', () => {
    const questions = [
      { question: 'a', answers: ['the Normans', 'Normans'], paragraph: 0 },
      { question: 'b', answers: ['a cat sat on the mat'], paragraph: 0 },
      { question: 'c', answers: ['x'], paragraph: 0 },
    ];
    const predictions: Record<string, string | null> = { a: 'Normans', b: 'the cat sat', c: null };
    expect(scoreAnswers(questions, (q) => predictions[q.question] ?? null)).toEqual({
      em: 0.333,
      f1: 0.556,
      // two of three given: the scores over those alone
      given: 0.667,
      givenEm: 0.5,
      givenF1: 0.833,
    });
  });

  it('scores recall@1, recall@3 and MRR of a ranker', () => {
    const questions = [
      { question: 'a', answers: ['x'], paragraph: 0 },
      { question: 'b', answers: ['x'], paragraph: 1 },
      { question: 'c', answers: ['x'], paragraph: 2 },
    ];
    const ranked: Record<string, number[]> = { a: [0, 1], b: [0, 2, 1], c: [] };
    expect(scoreRetrieval(questions, (q) => ranked[q] ?? [])).toEqual({
      recallAt1: 0.333,
      recallAt3: 0.667,
      mrr: 0.444,
    });
  });
});
