import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nlp, sentencesAndTags, tagText, wordsAndTags } from '../../src/language/nlp.ts';

// Texts that taught wink-nlp's shared lexeme table a possessive as one word (winkjs/wink-nlp#143):
// after any of them, "Iran's" had been read as one proper noun for the rest of the process.
const TRIGGERS = [
  "He met Iran's.",
  "It is Iran's, not Russia's, choice.",
  "Iran's: a profile",
  "Iran's-backed groups",
  "Iran's/Russia's trade",
  "It was Iran's...",
  "(Iran's.)",
  'He met Iran’s.',
  'Iran’s, Russia’s: both',
];

const QUESTION = "Who is Iran's supreme leader?";
const CURLY = 'Who is Iran’s supreme leader?';

const valuesOf = (text: string) => tagText(text).tokens.map((t) => t.value);

describe('tagText', () => {
  it('splits a possessive off its word, with offsets into the text', () => {
    expect(tagText(QUESTION).tokens).toEqual([
      { value: 'Who', pos: 'PRON', start: 0, end: 3 },
      { value: 'is', pos: 'AUX', start: 4, end: 6 },
      { value: 'Iran', pos: 'PROPN', start: 7, end: 11 },
      { value: "'s", pos: 'PART', start: 11, end: 13 },
      { value: 'supreme', pos: 'ADJ', start: 14, end: 21 },
      { value: 'leader', pos: 'NOUN', start: 22, end: 28 },
      { value: '?', pos: 'PUNCT', start: 28, end: 29 },
    ]);
  });

  it('splits a possessive before punctuation too, as it does anywhere else', () => {
    expect(valuesOf("He met Iran's.")).toEqual(['He', 'met', 'Iran', "'s", '.']);
    expect(valuesOf('He met Iran’s, then left.')).toEqual([
      'He',
      'met',
      'Iran',
      '’s',
      ',',
      'then',
      'left',
      '.',
    ]);
    expect(valuesOf("Iran's-backed")).toEqual(['Iran', "'s", '-', 'backed']);
    expect(valuesOf("It was Russia's...")).toEqual(['It', 'was', 'Russia', "'s", '...']);
  });

  it('tags a question the same before and after reading a possessive at a sentence end', () => {
    const before = [tagText(QUESTION), tagText(CURLY)];
    for (const trigger of TRIGGERS) tagText(trigger);
    expect([tagText(QUESTION), tagText(CURLY)]).toEqual(before);
    expect(valuesOf(QUESTION)).toContain('Iran');
    expect(valuesOf(CURLY)).toContain('Iran');
  });

  it('does not depend on what was read before (possessives, apostrophes, periods)', () => {
    // Each run makes names never read before in this process, so a first reading is a clean one.
    let fresh = 0;
    const letters = (n: number) =>
      [...n.toString(26)].map((d) => String.fromCharCode(97 + Number.parseInt(d, 26))).join('');
    const name = (stem: string) => {
      fresh += 1;
      return `${stem}${letters(fresh)}`;
    };
    const stem = fc.constantFrom('Zorb', 'Kavel', 'Tumar', 'Oskeni');
    const tail = fc.constantFrom('', "'s", '’s', "'ll", '’ve', "'", '’', '-based', '-16', '.com');
    const punct = fc.constantFrom('', '.', ',', ':', ';', '!', '?', '-', '–', '—', '/', '&');
    const more = fc.constantFrom('', '', '...', '…', ')', '"', '”', '’', "'", '.)', ',"');
    const word = fc.record({
      common: fc.constantFrom('', 'the', 'of', 'Iran', 'met', 'U.S.', 'in', '2020', 'who'),
      nameIndex: fc.nat(2),
      tail,
      punct,
      more,
    });
    const text = fc.array(word, { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(
        stem,
        stem,
        stem,
        text,
        fc.array(text, { minLength: 1, maxLength: 6 }),
        (a, b, c, read, history) => {
          const names = [name(a), name(b), name(c)];
          const render = (ws: typeof read) =>
            ws
              .map((w) => `${w.common || (names[w.nameIndex] ?? '')}${w.tail}${w.punct}${w.more}`)
              .join(' ');
          const t = render(read);
          const first = tagText(t);
          for (const h of history) tagText(render(h));
          expect(tagText(t)).toEqual(first);
          for (const token of first.tokens) {
            expect(t.slice(token.start, token.end)).toBe(token.value);
            if (/['’]s$/u.test(token.value)) expect(token.value).toHaveLength(2);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('wordsAndTags', () => {
  it('gives what a fresh reading gives, for the text read last and for any other', () => {
    const fresh = (text: string) => {
      const doc = nlp().readDoc(text);
      return { values: doc.tokens().out(nlp().its.value), pos: doc.tokens().out(nlp().its.pos) };
    };
    const texts = [
      "Who is Iran's supreme leader?",
      'How do I read a file line by line?',
      "Who is Iran's supreme leader?",
      "Iran's. F-16... what?",
      "Iran's. F-16... what?",
    ];
    for (const text of texts) {
      const { values, pos } = wordsAndTags(text);
      expect({ values, pos }).toEqual(fresh(text));
    }
    expect(wordsAndTags(texts[0] as string)).toBe(wordsAndTags(texts[0] as string));
  });
});

describe('sentencesAndTags', () => {
  it('reads the tokens, tags and sentences the whole pipeline reads', () => {
    const pieces = [
      'Who',
      'is',
      "Iran's",
      'U.S.',
      'president',
      'Dr. Smith',
      'said',
      'on 3 May 2022',
      '$4.5 billion',
      'F-16...',
      'drones',
      'Python',
      'open()',
      'not',
      'good',
      '?',
      '.',
      '!',
      ',',
      '"quoted"',
      'e.g.',
      '\n',
    ];
    const read = (engine: ReturnType<typeof nlp>, text: string) => {
      const doc = engine.readDoc(text);
      return {
        values: doc.tokens().out(engine.its.value),
        pos: doc.tokens().out(engine.its.pos),
        sentences: doc.sentences().out(),
      };
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (words) => {
        const text = words.join(' ');
        expect(read(sentencesAndTags(), text)).toEqual(read(nlp(), text));
      }),
      { numRuns: 200 },
    );
  });
});
