import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences, splitSentencesFast } from '../../src/corpus/sentences.ts';

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

  it('never cuts identifiers, file names, versions or query suffixes', () => {
    const texts = (t: string) => splitSentences(t).map((s) => s.text);
    expect(texts('Set the server.host option. Then import.meta.env.MODE works.')).toEqual([
      'Set the server.host option.',
      'Then import.meta.env.MODE works.',
    ]);
    expect(texts('Node.js reads vite.config.js and .env.local files. See v5.1.0 too.')).toEqual([
      'Node.js reads vite.config.js and .env.local files.',
      'See v5.1.0 too.',
    ]);
    expect(texts('Use the ?raw suffix. It works.')).toEqual(['Use the ?raw suffix.', 'It works.']);
  });

  it('goes on after e.g., i.e., cf. and vs., and after etc. before a lowercase word', () => {
    const texts = (t: string) => splitSentences(t).map((s) => s.text);
    expect(texts('It needs a runtime, e.g. Node 20 or Bun. Then more.')).toEqual([
      'It needs a runtime, e.g. Node 20 or Bun.',
      'Then more.',
    ]);
    expect(texts('Files, images etc. are copied. The end.')).toEqual([
      'Files, images etc. are copied.',
      'The end.',
    ]);
  });

  it('property: a dotted identifier is always inside one sentence', () => {
    const ident = fc
      .array(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/u), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join('.'));
    const word = fc.constantFrom('Set', 'the', 'option.', 'Then', 'it', 'works.', 'Use', 'e.g.');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        ident,
        fc.array(word, { maxLength: 8 }),
        (a, id, b) => {
          const text = [...a, id, ...b].join(' ');
          const at = text.indexOf(` ${id} `) >= 0 ? text.indexOf(` ${id} `) + 1 : text.indexOf(id);
          const holding = splitSentences(text).filter((s) => s.start <= at && s.end > at);
          expect(holding).toHaveLength(1);
          expect(holding[0]?.end).toBeGreaterThanOrEqual(at + id.length);
        },
      ),
      { numRuns: 200 },
    );
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

describe('splitSentencesFast', () => {
  it('keeps dotted names whole and maps offsets back', () => {
    const text = '  Call gc.enable() now.  Next one. ';
    const out = splitSentencesFast(text);
    expect(out.map((s) => s.text)).toEqual(['Call gc.enable() now.', 'Next one.']);
    for (const s of out) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
