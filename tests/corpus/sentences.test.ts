import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.ts';

describe('splitSentences', () => {
  it('splits at sentence ends with UTF-16 offsets into the text', () => {
    expect(splitSentences('It rained. Then it stopped.')).toEqual([
      { text: 'It rained.', start: 0, end: 10 },
      { text: 'Then it stopped.', start: 11, end: 27 },
    ]);
  });

  it('does not split after abbreviations and initialisms', () => {
    expect(splitSentences('The U.S. and Iran talked. Dr. Smith left.').map((s) => s.text)).toEqual([
      'The U.S. and Iran talked.',
      'Dr. Smith left.',
    ]);
    expect(
      splitSentences('After the post-U.S. invasion period, Iraq changed. Then more.').map(
        (s) => s.text,
      ),
    ).toEqual(['After the post-U.S. invasion period, Iraq changed.', 'Then more.']);
  });

  it('keeps inner whitespace and skips surrounding whitespace', () => {
    expect(splitSentences('  Leading space. Two  spaces here.  ')).toEqual([
      { text: 'Leading space.', start: 2, end: 16 },
      { text: 'Two  spaces here.', start: 17, end: 34 },
    ]);
  });

  it('returns one sentence for text without an end mark, none for blank text', () => {
    expect(splitSentences('No terminal punctuation')).toEqual([
      { text: 'No terminal punctuation', start: 0, end: 23 },
    ]);
    expect(splitSentences('   ')).toEqual([]);
  });

  it('property: sentences are in order, non-overlapping, and slice the text exactly', () => {
    const word = fc.constantFrom(
      'Iran',
      'missiles',
      'U.S.',
      'Dr.',
      'e.g.',
      '2024.',
      'drones,',
      '“quoted”',
      'end.',
      'why?',
      'wow!',
      '…',
      '🙂',
      'Ｉｒａｎ',
      '\u200B',
      'Pezeshkián',
    );
    const text = fc
      .array(fc.tuple(word, fc.constantFrom(' ', '  ', '\n', ' \t ')), { maxLength: 30 })
      .map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(text, (t) => {
        const sentences = splitSentences(t);
        let end = 0;
        for (const s of sentences) {
          expect(s.start).toBeGreaterThanOrEqual(end);
          expect(s.end).toBeGreaterThan(s.start);
          expect(t.slice(s.start, s.end)).toBe(s.text);
          end = s.end;
        }
        if (t.trim() !== '') expect(sentences.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
