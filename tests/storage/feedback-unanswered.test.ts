import { describe, expect, it } from 'vitest';
import {
  FeedbackRepository,
  normalizeQuestion,
  openDatabase,
  UnansweredRepository,
} from '../../src/storage/index.ts';

function clock() {
  let t = Date.parse('2025-06-01T12:00:00Z');
  return () => {
    t += 1000;
    return new Date(t);
  };
}

describe('FeedbackRepository', () => {
  it('keeps one vote per user per message; a second vote replaces the first', () => {
    const repo = new FeedbackRepository(openDatabase(':memory:'), clock());
    const vote = {
      platform: 'discord' as const,
      messageId: 'm1',
      userId: 'u1',
      question: 'How many missiles?',
      passageIds: ['doc#p1', 'doc#p4'],
      vote: 1 as const,
    };
    const first = repo.vote(vote);
    const second = repo.vote({ ...vote, vote: -1 });
    expect(second).toMatchObject({ vote: -1, passageIds: ['doc#p1', 'doc#p4'] });
    expect(second.createdAt).toBe(first.createdAt);
    repo.vote({ ...vote, userId: 'u2' });
    repo.vote({ ...vote, userId: 'u3' });
    expect(repo.tally('discord', 'm1')).toEqual({ up: 2, down: 1 });
    expect(repo.tally('discord', 'nope')).toEqual({ up: 0, down: 0 });
    expect(repo.recent(10, true).map((v) => v.userId)).toEqual(['u1']);
    expect(repo.recent(2).map((v) => v.userId)).toEqual(['u3', 'u2']);
  });
});

describe('UnansweredRepository', () => {
  it('groups questions by normalised text, most frequent first', () => {
    const repo = new UnansweredRepository(openDatabase(':memory:'), clock());
    repo.record({ question: 'What is an SRBM?', missingTerms: ['srbm'] });
    repo.record({ question: 'Who is the president?', missingTerms: ['president'] });
    repo.record({ question: 'what is an  SRBM', missingTerms: ['srbm'] });
    repo.record({ question: 'Who is the president', missingTerms: ['president'] });
    repo.record({ question: 'WHAT IS AN SRBM!!', missingTerms: ['srbm', 'is'] });
    repo.record({ question: 'Why?', missingTerms: [] });
    const gaps = repo.topGaps(2);
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

  it('normalises case, punctuation, width and spacing', () => {
    expect(normalizeQuestion('  Ｗhat’s   the RANGE of the Fateh-110? ')).toBe(
      'what s the range of the fateh 110',
    );
  });
});
