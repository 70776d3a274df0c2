import { describe, expect, it } from 'vitest';
import { foldDocs, parseDocsQuestions } from '../../src/eval/docs.ts';

describe('the docs question sets', () => {
  it('fold as their README says: case, quotes, dashes, `*_ removed, whitespace', () => {
    expect(foldDocs('Use `import.meta.env`  —  **it’s** “__VITE__”')).toBe(
      'use import.meta.env - it\'s "vite"',
    );
  });

  it('read file and kind, and name a bad line', () => {
    const text =
      '{"question": "q?", "answers": ["a"], "file": "guide/x.md", "kind": "covered"}\n' +
      '{"question": "r?", "answers": [], "file": null, "kind": "off-topic"}\n';
    expect(parseDocsQuestions(text, 'q.jsonl')).toEqual([
      { question: 'q?', answers: ['a'], file: 'guide/x.md', kind: 'covered' },
      { question: 'r?', answers: [], file: null, kind: 'off-topic' },
    ]);
    expect(() => parseDocsQuestions('{"question": 1}\n', 'q.jsonl')).toThrow('eval: q.jsonl:1:');
  });
});
