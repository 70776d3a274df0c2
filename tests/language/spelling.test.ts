import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpellingVocabulary } from '../../src/language/deletion-index.ts';
import { editDistance } from '../../src/language/edit-distance.ts';
import { Speller, type SpellingSources } from '../../src/language/spelling.ts';
import { SPELLING } from '../../src/language/spelling-settings.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { doc } from '../search/helpers.ts';

// A small corpus with the words the examples mean ("president", "missiles") and their near
// neighbours ("present", "misses", "pull"), some more frequent than the word meant.
const CORPUS = [
  doc('war', [
    'The president of Iran met the foreign minister in Moscow.',
    'Iran sent several hundred missiles and many drones to Russia.',
    'The missiles were ballistic missiles with a short range.',
    'Foreign Minister Hossein Amirabdollahian spoke in November.',
  ]),
  doc('notes', [
    'Officials were present at the meeting; the present report misses some dates.',
    'Analysts say the present supply will continue, at present rates.',
    'Engineers pull the launchers back before the strike.',
    'The government published a statement about the agreement.',
  ]),
];

const plain = () => SearchIndex.build(CORPUS, []);

/** A vocabulary of words with their paragraph counts (each word its own term). */
function vocabulary(counts: Record<string, number>): SpellingVocabulary {
  const surfaces = new Map(Object.keys(counts).map((w) => [w, [w]]));
  return { surfaces: () => surfaces, frequency: (t) => counts[t] ?? 0 };
}

/** Vectors that know these words, row = frequency rank (0 the commonest). */
function vectors(ranked: Record<string, number>): NonNullable<SpellingSources['vectors']> {
  return { row: (w) => ranked[w] ?? -1 };
}

/** A lexicon that knows these words. */
function lexicon(words: string[]): NonNullable<SpellingSources['lexicon']> {
  const known = new Set(words);
  return { related: () => [], baseForms: (w) => (known.has(w) ? [w] : []) };
}

describe('Speller.correct on a small corpus', () => {
  const index = plain();

  it.each([
    ['presdent', 'president'],
    ['missles', 'missiles'],
    ['wht', 'what'],
    ['Amirabdolahian', 'amirabdollahian'],
    ['goverment', 'government'],
    ['agreemnet', 'agreement'],
  ])('reads %s as %s', (typed, meant) => {
    expect(index.speller.correct(typed)).toBe(meant);
  });

  it('prefers the word that keeps every typed letter, then the commoner one', () => {
    // "presdent" is one edit from "present" (commoner here) and "president": a letter dropped
    // is likelier than one added
    expect(index.docFrequency('present')).toBeGreaterThan(index.docFrequency('presid'));
    expect(index.speller.correct('presdent')).toBe('president');
    // "hte": "the" (swapped) over nothing else
    expect(index.speller.correct('hte')).toBe('the');
  });

  it('never reads a short word as another by a changed or added letter', () => {
    // "buy" is not "but" nor "by"; "pll" (an acronym) is not "pull": three letters go only to a
    // function word, and only by a dropped or swapped letter
    expect(index.speller.correct('buy')).toBeNull();
    expect(index.speller.correct('pll')).toBeNull();
    expect(index.speller.correct('shib')).toBeNull();
  });

  it('leaves words under three letters, with digits, or too long', () => {
    expect(index.speller.correct('th')).toBeNull();
    expect(index.speller.correct('missiles2')).toBeNull();
    expect(index.speller.correct('a'.repeat(SPELLING.maxLength + 1))).toBeNull();
  });

  it('corrects a name only when it is long, and to a word of the same first letter', () => {
    expect(index.speller.correct('Amirabdolahian', { name: true })).toBe('amirabdollahian');
    // "Irna" is a name of its own (an agency), not "Iran"
    expect(index.speller.correct('Irna', { name: true })).toBeNull();
    // never to a function word
    expect(index.speller.correct('Whatt', { name: true })).toBeNull();
  });
});

describe('Speller with the lexicon and the vectors', () => {
  const counts = { present: 40, president: 3, missiles: 5, misses: 9, iran: 20, they: 0 };

  it('never corrects a word the lexicon knows', () => {
    const s = new Speller(vocabulary(counts), { lexicon: lexicon(['tanks', 'presdent']) });
    expect(s.correct('presdent')).toBeNull();
    expect(new Speller(vocabulary(counts)).correct('presdent')).toBe('president');
  });

  it('never corrects a name the vectors know ("Biden"), nor a common word ("hey")', () => {
    const s = new Speller(vocabulary({ ...counts, widen: 2 }), {
      vectors: vectors({ biden: 8254, widen: 14918, hey: 7495, they: 30 }),
    });
    expect(s.correct('Biden', { name: true })).toBeNull();
    expect(s.correct('biden')).toBeNull();
    expect(s.correct('hey')).toBeNull();
  });

  it('reads a rare word the vectors know only as a far commoner one', () => {
    const ranks = { missles: 232_053, missiles: 3005, irna: 12_621, iran: 519 };
    const s = new Speller(vocabulary(counts), { vectors: vectors(ranks) });
    expect(s.correct('missles')).toBe('missiles');
    // Iran is only 24 times commoner than IRNA, the agency
    expect(s.correct('irna')).toBeNull();
  });

  it('corrects nothing when the word meant is one the corpus lacks', () => {
    // the corpus says "present" but never "president": "presdent" stays a word it lacks
    const { president: _, ...withoutPresident } = counts;
    const sources = {
      lexicon: lexicon(['present', 'president']),
      vectors: vectors({ president: 83, present: 400 }),
    };
    expect(new Speller(vocabulary(withoutPresident), sources).correct('presdent')).toBeNull();
    expect(new Speller(vocabulary(counts), sources).correct('presdent')).toBe('president');
  });
});

describe('question analysis with spelling', () => {
  const index = plain();

  it('reads the question with the word meant, keeping the word as written', () => {
    const q = index.analyze('wht is the presdent of Iran?');
    expect(q.text).toBe('what is the president of Iran?');
    expect(q.corrections).toEqual([
      { word: 'wht', meant: 'what' },
      { word: 'presdent', meant: 'president' },
    ]);
    // read as the question meant: "wht year…" asks for a date
    expect(index.analyze('wht year did Iran send missles?').answerType).toBe('date');
    const president = q.concepts.find((c) => c.corrected === 'president');
    expect(president).toMatchObject({
      surface: 'presdent',
      alternatives: [['presid'], ['presdent']],
    });
    // "wht" became a function word: no concept
    expect(q.concepts.map((c) => c.surface)).toEqual(['presdent', 'Iran']);
  });

  it('keeps the case the question wrote', () => {
    expect(index.analyze('Presdent of Iran').text).toBe('President of Iran');
  });

  it('corrects no word an alias group has', () => {
    const groups = [[['tehran'], ['iran']]];
    const withAliases = SearchIndex.build(CORPUS, groups);
    expect(withAliases.analyze('did tehran send missles').corrections).toEqual([
      { word: 'missles', meant: 'missiles' },
    ]);
  });

  it('property: a word the corpus has is never rewritten', () => {
    const words = [...index.speller.deletions().words];
    const corpusWords = words.filter((_, k) => index.speller.deletions().terms[k] !== '');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...corpusWords), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('', '?', ' and'),
        (ws, tail) => {
          for (const w of ws) expect(index.speller.correct(w)).toBeNull();
          const q = index.analyze(`${ws.join(' ')}${tail}`);
          expect(q.corrections).toEqual([]);
          expect(q.concepts.every((c) => c.corrected === undefined)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: a word one edit from a corpus word is read as a corpus word one edit away', () => {
    const deletions = index.speller.deletions();
    const long = deletions.words.filter((w, k) => deletions.terms[k] !== '' && w.length >= 6);
    const edit = fc
      .tuple(
        fc.constantFrom(...long),
        fc.constantFrom('delete', 'swap', 'insert', 'replace'),
        fc.nat(),
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
      )
      .map(([word, kind, at, ch]) => {
        const i = at % word.length;
        const typo =
          kind === 'delete'
            ? word.slice(0, i) + word.slice(i + 1)
            : kind === 'swap'
              ? word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2)
              : kind === 'insert'
                ? word.slice(0, i) + ch + word.slice(i)
                : word.slice(0, i) + ch + word.slice(i + 1);
        return { word, typo };
      })
      .filter(({ typo }) => typo.length >= 5 && !deletions.has(typo));
    fc.assert(
      fc.property(edit, ({ word, typo }) => {
        expect(editDistance(typo, word, 2)).toBeLessThanOrEqual(1);
        const meant = index.speller.correct(typo);
        expect(meant).not.toBeNull();
        expect(deletions.has(meant ?? '')).toBe(true);
        expect(editDistance(typo, meant ?? '', 2)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('DeletionIndex.buildAsync', () => {
  it('is what an index prepares before its first question', async () => {
    const index = SearchIndex.build(CORPUS, []);
    await index.prepareSpelling();
    expect(index.speller.deletions().has('missiles')).toBe(true);
    expect(index.speller.correct('missles')).toBe('missiles');
  });
});
