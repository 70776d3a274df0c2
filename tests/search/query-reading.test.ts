import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/language/analyzer.ts';
import { joiner, readSpelling, resolveStem } from '../../src/search/query-reading.ts';

const corpus = new Set(['presid', 'iran', 'missil', 'gallbladd', 'gallbladder']);
const known = (term: string) => corpus.has(term);
const meant: Record<string, string> = { presdent: 'president', missles: 'missiles' };
const correct = (word: string) => meant[word.toLowerCase()] ?? null;
const joined = (word: string) => (corpus.has(word) ? word : null);

describe('readSpelling', () => {
  it('reads a word the corpus lacks as the word meant, in the case it was written', () => {
    const r = readSpelling('Who is the Presdent of Iran?', [], known, correct, joined);
    expect(r.text).toBe('Who is the President of Iran?');
    expect(r.corrections).toEqual([{ word: 'Presdent', meant: 'president' }]);
    const token = r.all.find((t) => t.surface === 'President');
    expect(token && r.written.get(token)).toBe('Presdent');
  });

  it('leaves the question as asked when nothing needs reading otherwise', () => {
    const r = readSpelling('who is the president of iran', [], known, correct, joined);
    expect(r.text).toBe('who is the president of iran');
    expect(r.corrections).toEqual([]);
    expect(r.written.size).toBe(0);
  });

  it('never corrects chat small talk, nor half of a word the corpus writes as one', () => {
    const talk = readSpelling('hey presdent', [], known, () => 'present', joined);
    expect(talk.corrections.map((c) => c.word)).not.toContain('hey');
    const gall = readSpelling('gall bladder stones', [], known, () => 'ball', joined);
    expect(gall.corrections.map((c) => c.word)).not.toContain('gall');
    expect(gall.corrections.map((c) => c.word)).not.toContain('bladder');
  });

  it('property: a word the corpus has is never rewritten (fast-check)', () => {
    const word = fc.constantFrom(
      'president',
      'Iran',
      'missiles',
      'presdent',
      'missles',
      'the',
      'of',
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        const r = readSpelling(words.join(' '), [], known, () => 'zzz', joined);
        const fixed = new Set(r.corrections.map((c) => c.word));
        for (const w of ['president', 'Iran', 'missiles']) expect(fixed.has(w)).toBe(false);
        // one word for one: the reading keeps as many tokens as the question
        expect(r.all.length).toBe(tokenize(words.join(' ')).length);
      }),
    );
  });
});

describe('joiner', () => {
  it('joins two neighbouring words the corpus writes as one, not words apart', () => {
    const text = 'gall bladder and gall, bladder';
    const all = tokenize(text);
    const join = joiner(text, new Map(all.map((t, k) => [t, k])), joined);
    const [gall, bladder, , gall2, bladder2] = all.filter((t) => !t.stop || t.surface === 'and');
    expect(join(gall, bladder)).toBe('gallbladder');
    expect(join(bladder, gall)).toBeNull();
    expect(join(gall2, bladder2)).toBeNull();
  });
});

describe('resolveStem', () => {
  it('reads a token by its stem, or by its word where only the word is indexed', () => {
    const [missiles, uas] = tokenize('missiles uas');
    expect(missiles && resolveStem(missiles, known)).toBe('missil');
    expect(uas && resolveStem(uas, (t) => t === 'uas')).toBe('uas');
  });
});
