import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  indexTerms,
  isStopword,
  stemWord,
  tokenize,
  wordKeys,
  wordsWithKeys,
} from '../../src/language/analyzer.ts';
import { foldMarks, normalizeText } from '../../src/language/normalize.ts';
import { answerTypeOf } from '../../src/language/question.ts';
import { chatFiller } from '../../src/language/small-talk.ts';
import { analyzeQuery } from '../../src/search/query.ts';

// Zero-width characters, bidi controls and other invisible format characters.
const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u00AD',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061C',
];

/** Any UTF-16 string, lone surrogates included. */
const utf16 = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom(...INVISIBLE, '\uD800', '\uDFFF', '\u0301', 'é', 'Ｉ', '’', '—', "'", '.'),
  ),
  maxLength: 80,
});
/** Any string of Unicode code points. */
const codePoints = fc.string({ unit: 'binary', maxLength: 80 });
const anyText = fc.oneof(utf16, codePoints, fc.string({ maxLength: 80 }));

/** Words a question or a document might hold, including names with diacritics. */
const word = fc.oneof(
  fc.constantFrom(
    'Iran',
    "Iran's",
    'missiles',
    'short-range',
    'U.S.',
    'Pezeshkián',
    'drones',
    'SRBM',
    'Tehran',
    'sanctions',
    '2022',
    'café',
    'naïve',
  ),
  fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzAEIOU'),
    minLength: 1,
    maxLength: 10,
  }),
);

describe('normalizeText', () => {
  it('folds fullwidth letters, typographic quotes and dashes, and removes invisibles', () => {
    expect(normalizeText('Ｉｒａｎ\u200B’s')).toBe("Iran's");
    expect(normalizeText('‘a’ “b” c–d e—f g‑h −1')).toBe(`'a' "b" c-d e-f g-h -1`);
    expect(normalizeText('I\u202Eran\u2066')).toBe('Iran');
    expect(normalizeText('ﬁre')).toBe('fire');
  });

  it('keeps case (names must stay recognisable)', () => {
    expect(normalizeText('Iran IRAN iran')).toBe('Iran IRAN iran');
  });

  it('replaces lone surrogates with U+FFFD', () => {
    expect(normalizeText('a\uD800b\uDC00')).toBe('a\uFFFDb\uFFFD');
  });

  it('property: output is well-formed and JSON round-trips; never throws', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalizeText(s);
        expect(n.isWellFormed()).toBe(true);
        expect(JSON.parse(JSON.stringify(n))).toBe(n);
        for (const c of INVISIBLE) expect(n.includes(c)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 300, seed: 20240910 },
    );
  });

  it('property: plain ASCII is returned as it is (the shortcut), anything else as the full pipeline reads it', () => {
    const full = (s: string) =>
      s
        .toWellFormed()
        .replace(/\p{Cf}|\u034F|\u180E/gu, '')
        .normalize('NFKC')
        .replace(/[\u2018\u2019\u201A\u201B\u2032]/gu, "'")
        .replace(/[\u201C\u201D\u201E\u2033]/gu, '"')
        .replace(/[\u2010-\u2015\u2212]/gu, '-');
    const plain = fc.string({ unit: fc.constantFrom(..."ab Z09.'\t\n\r~-"), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(plain, anyText), (s) => {
        expect(normalizeText(s)).toBe(full(s));
      }),
      { numRuns: 500 },
    );
  });

  // An invisible between a letter and its mark must not keep them apart until a second pass.
  it('is idempotent when an invisible character separates a letter from its mark', () => {
    const once = normalizeText('e\u200D\u0301');
    expect(normalizeText(once)).toBe(once);
  });
});

describe('foldMarks', () => {
  it('strips diacritics and long runs of combining marks', () => {
    expect(foldMarks('Pezeshkián')).toBe('Pezeshkian');
    expect(foldMarks(`a${'\u0301\u0308'.repeat(50)}b`)).toBe('ab');
  });
});

describe('tokenize and indexTerms', () => {
  it('drops possessives, dots of initialisms, splits hyphens, keeps decimals', () => {
    expect(tokenize("Iran's short-range SRBM U.S. 3.11").map((t) => [t.surface, t.stem])).toEqual([
      ['Iran', 'iran'],
      ['short', 'short'],
      ['range', 'rang'],
      ['SRBM', 'srbm'],
      ['US', 'us'],
      ['3.11', '3.11'],
    ]);
  });

  it('reads words without a period or an apostrophe as they are, and others by the rules', () => {
    expect(tokenize("O'Brien's e.g. dogs' end. x.y").map((t) => t.surface)).toEqual([
      'OBrien',
      'eg',
      'dogs',
      'end',
      'xy',
    ]);
    expect(tokenize('plain words 42').map((t) => [t.surface, t.start, t.end])).toEqual([
      ['plain', 0, 5],
      ['words', 6, 11],
      ['42', 12, 14],
    ]);
  });

  it('wordsWithKeys over wordKeys: the non-stopword tokens with those stems, each word once, as tokenize reads them (fast-check)', () => {
    const viaTokens = (text: string, stems: ReadonlySet<string>) => {
      const out: string[] = [];
      for (const t of tokenize(text))
        if (!t.stop && stems.has(t.stem) && !out.includes(t.surface)) out.push(t.surface);
      return out;
    };
    const piece = fc.constantFrom(
      'Missiles',
      'missiles',
      'the',
      'THE',
      'US',
      'us',
      "Iran's",
      'U.S.',
      'e.g.x',
      '3.11',
      'short-range',
      'began',
      'Pezeshkián',
      'SRBMs',
      '’s',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(), (pieces, pick) => {
        const text = pieces.join(' ');
        const stems = new Set(
          tokenize(text)
            .filter((_, k) => (pick >> k) & 1)
            .map((t) => t.stem),
        );
        expect(wordsWithKeys(wordKeys(text), stems)).toEqual(viaTokens(text, stems));
      }),
      { numRuns: 300 },
    );
    expect(wordsWithKeys(wordKeys('Missiles and more missiles'), new Set(['missil']))).toEqual([
      'Missiles',
      'missiles',
    ]);
  });

  it('gives offsets into the normalised text', () => {
    const text = 'The Shahed drones, again.';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.surface);
  });

  it('drops stopwords but never all-capital acronyms ("US", "IT")', () => {
    expect(indexTerms('What is the range of the missiles?')).toEqual(['rang', 'missil']);
    expect(indexTerms('US and IT')).toEqual(['us', 'it']);
    expect(isStopword('which')).toBe(true);
    expect(tokenize('us').map((t) => t.stop)).toEqual([true]);
  });

  it('reads a contraction of function words as a stopword, not as a word of its own ("I\'m" is no "Im")', () => {
    const text = "I'm sure it doesn't work and they’re not using Vite";
    expect(indexTerms(text)).toEqual(['sure', 'work', 'use', 'vite']);
    for (const word of ["I'm", 'don’t', "can't", "won't", "isn't", "you're", "we've", "that's"])
      expect(
        tokenize(word).map((t) => t.stop),
        word,
      ).toEqual([true]);
    // chat's shorthand answers nothing either
    expect(indexTerms('how do u set up a proxy? thx, idk why it fails tho btw lol')).toEqual([
      'set',
      'proxi',
      'fail',
    ]);
    // written with its apostrophe, a contraction that spells a word is a contraction
    expect(indexTerms("I'd know; she'll find the shell")).toEqual(['know', 'find', 'shell']);
    expect(wordsWithKeys(wordKeys("I'd say id"), new Set(['id']))).toEqual(['id']);
    // words that a contraction's letters also spell stay words
    expect(indexTerms('ill will, an id, it lets, they wed')).toEqual(['ill', 'id', 'let', 'wed']);
  });

  it('stems with irregular forms undone, lowercased and unaccented', () => {
    expect(stemWord('Missiles')).toBe('missil');
    expect(stemWord('began')).toBe(stemWord('begin'));
    expect(stemWord('children')).toBe(stemWord('child'));
    expect(stemWord('Pezeshkián')).toBe('pezeshkian');
    expect(stemWord('F-16')).toBe('f-16');
  });

  it('folds fullwidth and typographic forms to the same terms', () => {
    expect(indexTerms('Ｉｒａｎ’s ｍｉｓｓｉｌｅｓ')).toEqual(indexTerms("Iran's missiles"));
    expect(indexTerms('“Iran” — Russia – ‘US’')).toEqual(['iran', 'russia', 'us']);
    expect(indexTerms('café')).toEqual(indexTerms('cafe\u0301'));
  });

  it('property: invisible characters inserted anywhere do not change the terms', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { maxLength: 6 }),
        (words, inserts) => {
          const text = words.join(' ');
          let noisy = text;
          for (const [at, c] of inserts) {
            const i = at % (noisy.length + 1);
            noisy = noisy.slice(0, i) + c + noisy.slice(i);
          }
          expect(indexTerms(noisy)).toEqual(indexTerms(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: fullwidth forms give the same terms as ASCII', () => {
    const ascii = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '),
      maxLength: 40,
    });
    fc.assert(
      fc.property(ascii, (s) => {
        const wide = [...s]
          .map((c) => (c === ' ' ? c : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
          .join('');
        expect(indexTerms(wide)).toEqual(indexTerms(s));
      }),
    );
  });

  it('property: never throws on any string, and every term is well-formed and non-empty', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const tokens = tokenize(s);
        for (const t of tokens) {
          expect(t.stem.length).toBeGreaterThan(0);
          expect(t.stem.isWellFormed()).toBe(true);
          expect(t.end).toBeGreaterThan(t.start);
        }
        for (const term of indexTerms(s)) expect(term).not.toMatch(/\s/u);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the query analysis finds exactly the terms the index holds for the same text', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        const text = words.join(' ');
        const query = analyzeQuery(text, [], () => true);
        const queried = new Set(query.concepts.flatMap((c) => c.alternatives[0] ?? []));
        const definitionWord = /^(?:stand|stands|mean|means|meant|meaning|definition|define)$/iu;
        // chat's small talk aside ("so", "hey" opening it: words.ts)
        const talk = chatFiller(normalizeText(text));
        const expected = tokenize(text).filter(
          (t) =>
            !t.stop &&
            !(answerTypeOf(text) === 'definition' && definitionWord.test(t.surface)) &&
            !talk.some(([from, to]) => t.start >= from && t.start < to),
        );
        expect(queried).toEqual(new Set(expected.map((t) => t.stem)));
      }),
      { numRuns: 200 },
    );
  });
});
