import { describe, expect, it } from 'vitest';
import {
  FeedbackRepository,
  normalizeQuestion,
  UnansweredRepository,
} from '../../src/storage/index.ts';
import { engines, useDatabases } from '../support/storage.ts';

function clock() {
  let t = Date.parse('2025-06-01T12:00:00Z');
  return () => {
    t += 1000;
    return new Date(t);
  };
}

describe.each(engines)('FeedbackRepository on $name', (engine) => {
  const dbs = useDatabases(engine);

  it('keeps one vote per user per message; a second vote replaces the first', async () => {
    const repo = new FeedbackRepository(await dbs.open(), clock());
    const vote = {
      platform: 'discord' as const,
      messageId: 'm1',
      userId: 'u1',
      question: 'How many missiles?',
      passageIds: ['doc#p1', 'doc#p4'],
      vote: 1 as const,
    };
    const first = await repo.vote(vote);
    const second = await repo.vote({ ...vote, vote: -1 });
    expect(second).toMatchObject({ vote: -1, passageIds: ['doc#p1', 'doc#p4'] });
    expect(second.createdAt).toBe(first.createdAt);
    await repo.vote({ ...vote, userId: 'u2' });
    await repo.vote({ ...vote, userId: 'u3' });
    expect(await repo.tally('discord', 'm1')).toEqual({ up: 2, down: 1 });
    expect(await repo.tally('discord', 'nope')).toEqual({ up: 0, down: 0 });
    expect((await repo.recent(10, true)).map((v) => v.userId)).toEqual(['u1']);
    expect((await repo.recent(2)).map((v) => v.userId)).toEqual(['u3', 'u2']);
  });
});

describe.each(engines)('UnansweredRepository on $name', (engine) => {
  const dbs = useDatabases(engine);

  it('groups questions by normalised text, most frequent first', async () => {
    const repo = new UnansweredRepository(await dbs.open(), clock());
    await repo.record({ question: 'What is an SRBM?', missingTerms: ['srbm'] });
    await repo.record({ question: 'Who is the president?', missingTerms: ['president'] });
    await repo.record({ question: 'what is an  SRBM', missingTerms: ['srbm'] });
    await repo.record({ question: 'Who is the president', missingTerms: ['president'] });
    await repo.record({ question: 'WHAT IS AN SRBM!!', missingTerms: ['srbm', 'is'] });
    await repo.record({ question: 'Why?', missingTerms: [] });
    const gaps = await repo.topGaps(2);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toMatchObject({
      normalized: 'what is an srbm',
      count: 3,
      example: 'WHAT IS AN SRBM!!',
      missingTerms: ['srbm', 'is'],
    });
    expect(gaps[1]).toMatchObject({ normalized: 'who is the president', count: 2 });
    expect(gaps[0]?.lastAsked).toBe('2025-06-01T12:00:05.000Z');
  });

  it('keeps each server’s questions to itself', async () => {
    const repo = new UnansweredRepository(await dbs.open(), clock());
    await repo.record({ question: 'Who?', missingTerms: ['who'], scope: 'g1' });
    await repo.record({ question: 'Why?', missingTerms: ['why'], scope: 'g2' });
    await repo.record({ question: 'Why?', missingTerms: ['why'] });
    expect((await repo.topGaps(5, 'g1')).map((g) => g.example)).toEqual(['Who?']);
    expect((await repo.topGaps(5)).map((g) => [g.example, g.count])).toEqual([['Why?', 1]]);
  });
});

describe('normalizeQuestion', () => {
  it('normalises case, punctuation, width and spacing', () => {
    expect(normalizeQuestion('  Ｗhat’s   the RANGE of the Fateh-110? ')).toBe(
      'what s the range of the fateh 110',
    );
  });
});
