import { describe, expect, it } from 'vitest';
import {
  answerBlocks,
  citationOf,
  citationText,
  listWords,
  passageSpans,
  shorten,
} from '../../src/answer/present.ts';
import type { Citation } from '../../src/answer/reply.ts';
import type { Answer, Passage } from '../../src/answer/types.ts';

const TITLE = 'Going ballistic: How Europeans can respond to Iranian military support for Russia';
const passage: Passage = {
  id: 'going-ballistic#p2',
  docSlug: 'going-ballistic',
  documentTitle: TITLE,
  publisher: 'ECFR',
  url: null,
  section: null,
  kind: 'body',
  n: 2,
  text: 'First sentence. The answer is here. Last one.',
  sentence: { text: 'The answer is here.', start: 16, end: 35 },
  matchedTerms: ['answer'],
  score: 1.5,
};
const answer = (over: Partial<Answer>): Answer => ({
  question: 'q',
  status: 'answered',
  reason: null,
  short: null,
  confidence: 0.9,
  missingTerms: [],
  passages: [],
  related: [],
  truncated: false,
  ...over,
});

describe('citations', () => {
  it('cite a passage as title — publisher, section, ¶n', () => {
    const c = citationOf(passage);
    expect(c).toEqual({
      paragraphId: 'going-ballistic#p2',
      documentTitle: TITLE,
      publisher: 'ECFR',
      section: null,
      n: 2,
      kind: 'body',
      url: null,
    });
    expect(citationText(c)).toBe('Going ballistic: How Europeans can respond to… — ECFR, ¶2');
  });

  it('name the section and mark captions; leave out what is missing', () => {
    const c: Citation = {
      paragraphId: 'd#p1',
      documentTitle: 'Short title',
      publisher: null,
      section: 'Supply routes',
      n: 1,
      kind: 'caption',
      url: 'https://example.org',
    };
    expect(citationText(c)).toBe('Short title — Supply routes, caption ¶1');
  });

  it('name the page of a PDF passage after its paragraph', () => {
    const c = citationOf({ ...passage, page: 4 });
    expect(c.page).toBe(4);
    expect(citationText(c)).toBe('Going ballistic: How Europeans can respond to… — ECFR, ¶2, p. 4');
    expect(citationOf(passage)).not.toHaveProperty('page');
  });
});

describe('shorten and listWords', () => {
  it('cuts at a word boundary with an ellipsis, within the limit', () => {
    expect(shorten('short', 10)).toBe('short');
    expect(shorten('one two three four five', 16)).toBe('one two three…');
    expect(shorten('one two three four five', 12)).toBe('one two thr…');
    expect(shorten('abcdefghijklmnop', 8)).toBe('abcdefg…');
    expect(shorten('one two, three four', 10)).toBe('one two…');
    for (let max = 2; max < 30; max++) expect(shorten(TITLE, max).length).toBeLessThanOrEqual(max);
  });

  it('lists words in English', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b'])).toBe('a and b');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('passageSpans', () => {
  it('bolds the answering sentence only', () => {
    expect(passageSpans(passage)).toEqual([
      { text: 'First sentence. ' },
      { text: 'The answer is here.', bold: true },
      { text: ' Last one.' },
    ]);
    expect(passageSpans({ text: 'Only.', sentence: { text: 'Only.', start: 0, end: 5 } })).toEqual([
      { text: 'Only.', bold: true },
    ]);
  });
});

describe('answerBlocks', () => {
  it('asks for a keyword', () => {
    expect(answerBlocks(answer({ status: 'needs_keyword' }))).toEqual([
      {
        type: 'notice',
        tone: 'info',
        text: 'Add a keyword: a name, a place or a topic from the documents.',
      },
    ]);
  });

  it('numbers cited passages and notes words the documents lack', () => {
    const blocks = answerBlocks(
      answer({ passages: [passage, { ...passage, n: 3 }], missingTerms: ['Belarus'] }),
    );
    expect(blocks.map((b) => b.type)).toEqual(['passage', 'passage', 'notice']);
    expect(blocks[1]).toMatchObject({ type: 'passage', index: 2, citation: { n: 3 } });
    expect(blocks[2]).toEqual({
      type: 'notice',
      tone: 'info',
      text: 'Not found in the documents: Belarus.',
    });
  });

  it('puts the short answer first, bold, numbered to the passage that proves it', () => {
    const second = { ...passage, id: 'going-ballistic#p3', n: 3 };
    const blocks = answerBlocks(
      answer({
        passages: [passage, second],
        short: { text: 'the answer', passageId: 'going-ballistic#p3', kind: 'thing' },
      }),
    );
    expect(blocks.map((b) => b.type)).toEqual(['text', 'passage', 'passage']);
    expect(blocks[0]).toEqual({
      type: 'text',
      spans: [{ text: 'the answer', bold: true }, { text: ' [2]' }],
    });
    // a short answer whose proof is not shown is not shown either
    const unproved = answerBlocks(
      answer({
        passages: [passage],
        short: { text: 'the answer', passageId: 'elsewhere#p9', kind: 'thing' },
      }),
    );
    expect(unproved.map((b) => b.type)).toEqual(['passage']);
  });

  it('says plainly what is not mentioned and lists related reading as not an answer', () => {
    const blocks = answerBlocks(
      answer({
        status: 'not_found',
        missingTerms: ['GDP', 'Japan'],
        related: [passage],
        truncated: true,
      }),
    );
    expect(blocks).toEqual([
      {
        type: 'notice',
        tone: 'info',
        text: 'Your question was long, so only its first 300 characters were used.',
      },
      { type: 'notice', tone: 'warning', text: 'The documents do not mention GDP and Japan.' },
      {
        type: 'list',
        title: 'Closest passages (related reading, not an answer)',
        items: [{ label: '', text: 'The answer is here.', citation: citationOf(passage) }],
      },
    ]);
    expect(answerBlocks(answer({ status: 'not_found' }))).toEqual([
      { type: 'notice', tone: 'warning', text: 'The documents do not answer this.' },
    ]);
  });
});
