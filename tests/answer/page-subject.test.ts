import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  pageTitles,
  subjectSentence,
  titleShare,
  titleStems,
} from '../../src/answer/page-subject.ts';
import { extractShortAnswer, rankCandidates } from '../../src/answer/short.ts';
import { classifyQuestion } from '../../src/language/question.ts';
import { para as paragraph } from '../facts/helpers.ts';
import { doc } from '../search/helpers.ts';

const HADDOCK =
  'Laura Jane Haddock (born 21 August 1985) is an English actress. She is best known for ' +
  'portraying Kacie Carter in Honest, Lucrezia in Da Vinci’s Demons and Meredith Quill in ' +
  'Guardians of the Galaxy.';

describe('titleStems', () => {
  it('reads the title’s content words, without a trailing qualifier in brackets', () => {
    expect([...titleStems('Chilliwack (band)')]).toEqual([...titleStems('Chilliwack')]);
    expect(titleStems('The Impalas').size).toBe(1);
    expect(titleStems('').size).toBe(0);
    expect(titleStems(null).size).toBe(0);
    expect(titleStems(undefined).size).toBe(0);
  });
});

describe('pageTitles', () => {
  it('gives each paragraph its page’s title, and nothing for a page it does not know', () => {
    const titleOf = pageTitles([doc('doc', [], 'Laura Haddock'), doc('other', [], 'Megan Park')]);
    expect(titleOf(paragraph(HADDOCK))).toBe('Laura Haddock');
    expect(titleOf({ ...paragraph(HADDOCK), docSlug: 'other' })).toBe('Megan Park');
    expect(titleOf({ ...paragraph(HADDOCK), docSlug: 'missing' })).toBeUndefined();
  });
});

describe('titleShare', () => {
  it('credits a span by how much of the title it is', () => {
    const title = titleStems('Laura Haddock');
    expect(titleShare('Laura Haddock', title)).toBe(1);
    expect(titleShare('Laura Jane Haddock', title)).toBeCloseTo(0.8, 5);
    expect(titleShare('Haddock', title)).toBeCloseTo(2 / 3, 5);
    expect(titleShare('Kacie Carter', title)).toBe(0);
    expect(titleShare('the', title)).toBe(0);
    expect(titleShare('Laura Haddock', new Set())).toBe(0);
  });

  it('is a share: from 0 to 1, and 1 for the title itself when it has content words', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (span, title) => {
        const stems = titleStems(title);
        const share = titleShare(span, stems);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Laura', 'Haddock', 'Guardians', 'Galaxy', 'Vite', 'Server'), {
          minLength: 1,
          maxLength: 4,
        }),
        (words) => {
          const title = words.join(' ');
          expect(titleShare(title, titleStems(title))).toBe(1);
        },
      ),
    );
  });
});

describe('subjectSentence', () => {
  it('finds the sentence naming the page’s subject among the first few', () => {
    const p = paragraph(HADDOCK);
    expect(subjectSentence(p.sentences, titleStems('Laura Haddock'))).toBe(0);
    expect(subjectSentence(p.sentences, titleStems('Guardians of the Galaxy'))).toBe(1);
    expect(subjectSentence(p.sentences, titleStems('Honest (TV series)'))).toBe(1);
    expect(subjectSentence(p.sentences, titleStems('Iran'))).toBeNull();
    expect(subjectSentence(p.sentences, new Set())).toBeNull();
  });

  it('looks no further than the passage’s opening', () => {
    const late = paragraph('One thing. Another thing. A third thing. Laura Haddock is here.');
    expect(subjectSentence(late.sentences, titleStems('Laura Haddock'))).toBeNull();
  });
});

describe('the reader and the page’s subject', () => {
  const question = 'who plays meredith quill in guardians of the galaxy 2';
  const shape = classifyQuestion(question);

  it('reads the sentence naming the page’s subject and credits its name', () => {
    const ranked = rankCandidates(question, shape, paragraph(HADDOCK), {
      model: null,
      title: 'Laura Haddock',
    });
    const subject = ranked.find((r) => r.c.text === 'Laura Jane Haddock');
    expect(subject?.sentence).toBe(0);
    expect(subject?.c.features.titled).toBeCloseTo(0.8, 5);
    for (const r of ranked)
      if (r.c.text !== 'Laura Jane Haddock') expect(r.c.features.titled).toBeLessThan(0.8);
  });

  it('without a title reads what it read before, and credits no span', () => {
    const ranked = rankCandidates(question, shape, paragraph(HADDOCK), { model: null });
    expect(ranked.every((r) => r.c.features.titled === 0)).toBe(true);
    const titled = rankCandidates(question, shape, paragraph(HADDOCK), {
      model: null,
      title: 'Laura Haddock',
    });
    // the subject's sentence added: every span read before is read again, with the same features
    for (const r of ranked) {
      const same = titled.find(
        (t) => t.sentence === r.sentence && t.c.start === r.c.start && t.c.end === r.c.end,
      );
      expect(same?.c.features.prior).toBe(r.c.features.prior);
    }
  });
});

describe('the committed reader with the page’s title', () => {
  it('answers with the page’s subject that the answering sentence calls "She"', () => {
    const question = 'who plays meredith quill in guardians of the galaxy';
    const shape = classifyQuestion(question);
    expect(
      extractShortAnswer(question, shape, paragraph(HADDOCK), { title: 'Laura Haddock' })?.text,
    ).toBe('Laura Jane Haddock');
    // without the page, the sentence naming her is not read
    expect(extractShortAnswer(question, shape, paragraph(HADDOCK))?.text).not.toContain('Haddock');
  });

  it('keeps the answer the sentence gives when the page is about something else', () => {
    const question = 'who designed the harbour bridge';
    const text =
      'The harbour bridge was designed by John Bradfield. Its arch carries rail, vehicle and ' +
      'pedestrian traffic.';
    const shape = classifyQuestion(question);
    expect(
      extractShortAnswer(question, shape, paragraph(text), { title: 'Sydney Harbour Bridge' })
        ?.text,
    ).toBe('John Bradfield');
  });
});
