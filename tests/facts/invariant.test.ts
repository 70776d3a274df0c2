import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFacts, extractParagraphFacts, mayHoldFacts } from '../../src/facts/extract.ts';
import { corpusOf, para } from './helpers.ts';

// Word pools that exercise every extractor: dates, amounts, titles, names, acronyms, punctuation.
const pools = [
  [
    'In',
    'Since',
    'by',
    'in',
    'the',
    'fall',
    'of',
    'summer',
    'and',
    'that',
    'which',
    'began',
    'said',
    'is',
    'a',
    'an',
  ],
  [
    '1979',
    '2011',
    '2022',
    'March',
    'November',
    'February 2022',
    'this week',
    'last year',
    'several months',
    '12 March 2021',
  ],
  [
    'several hundred',
    'hundreds',
    'thousands',
    'two',
    'dozen',
    '$5 billion',
    '40 percent',
    '1,200',
    'Tondar-69',
    'September 11',
  ],
  [
    'President',
    'Foreign Minister',
    'supreme leader',
    'General',
    'King',
    'Director',
    'Assembly',
    'Council',
  ],
  [
    'Masoud',
    'Pezeshkian',
    'Ali',
    'Khamenei',
    'Vladimir',
    'Putin',
    'Iran’s',
    'Russian',
    'Al',
    'Assad',
    'III',
  ],
  [
    'drones',
    'missiles',
    'rebellion',
    'deal',
    'countries',
    'armed',
    'unmanned',
    'aerial',
    'systems',
    'short-range',
    'ballistic',
  ],
  [
    '(SRBM)',
    '(UAS, armed drones)',
    '(E3)',
    ',',
    ';',
    ':',
    '.',
    '“',
    '”',
    '—',
    '-',
    '(',
    ')',
    "'",
    '"',
  ],
].flat();

const sentence = fc
  .array(fc.constantFrom(...pools), { minLength: 1, maxLength: 25 })
  .chain((words) =>
    fc
      .array(fc.constantFrom(' ', ' ', ' ', '', '  ', '\u00a0'), {
        minLength: words.length,
        maxLength: words.length,
      })
      .map((gaps) => ({ words, gaps })),
  )
  .map(
    ({ words, gaps }) => `${words.map((w, i) => (i === 0 ? w : (gaps[i] ?? ' ') + w)).join('')}.`,
  );

const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' '));

describe('invariant: every fact quotes its paragraph word for word', () => {
  it('holds for random paragraphs built from word pools, and extraction never throws', () => {
    fc.assert(
      fc.property(
        fc.array(paragraph, { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom('2024-09-10', '2023', '2024-02')),
        (texts, published) => {
          const corpus = corpusOf([
            { slug: 'doc', published: published ?? undefined, paragraphs: texts },
          ]);
          const facts = extractFacts(corpus);
          for (const f of facts) {
            const p = corpus.byId.get(f.paragraphId);
            expect(p).toBeDefined();
            expect(p?.text.includes(f.quote)).toBe(true);
            expect(f.quote.length).toBeGreaterThan(0);
            expect(f.subject.trim()).not.toBe('');
            expect(f.value.trim()).not.toBe('');
            if (f.kind === 'date') expect(f.date).not.toBeNull();
          }
          expect(new Set(facts.map((f) => f.id)).size).toBe(facts.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the sentence pre-filter', () => {
  it('skips only sentences that yield no fact', () => {
    fc.assert(
      fc.property(paragraph, (text) => {
        const p = para(text);
        expect(extractParagraphFacts(p)).toEqual(extractParagraphFacts(p, { everySentence: true }));
      }),
      { numRuns: 200 },
    );
  });

  it('lets through what the extractors look for, and not plain prose', () => {
    for (const s of [
      'It began in 1979.',
      'In November it rained.',
      'Hundreds came.',
      'President Biden spoke.',
      'Hezbollah is a group.',
      'this week',
    ]) {
      expect(mayHoldFacts(s), s).toBe(true);
    }
    expect(mayHoldFacts('Europeans should also maintain direct dialogue with Tehran.')).toBe(false);
  });
});
