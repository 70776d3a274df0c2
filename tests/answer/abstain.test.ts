import { beforeAll, describe, expect, it } from 'vitest';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
});

describe('abstention when known ideas never meet', () => {
  it('does not answer "the capital of France" from a paragraph that only mentions France', () => {
    const answer = engine.ask('What is the capital of France?');
    expect(answer.status).toBe('not_found');
    expect(answer.missingTerms).toEqual([]);
    expect(answer.passages).toEqual([]);
    expect(answer.related.length).toBeGreaterThan(0);
  });

  it('still answers a one-idea question and a question whose ideas share a paragraph', () => {
    expect(engine.ask('What does UAS stand for?').status).toBe('answered');
    expect(engine.ask('Who is the Foreign Minister of Iran?').passages[0]?.id).toBe(
      'iran-russia-alliance#p7',
    );
  });
});
