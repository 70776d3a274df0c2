import { describe, expect, it } from 'vitest';
import { extractParagraphFacts } from '../../src/facts/extract.ts';
import type { Fact } from '../../src/facts/types.ts';
import { para } from './helpers.ts';

const dates = (text: string, published?: string): Fact[] =>
  extractParagraphFacts(para(text), { published }).filter((f) => f.kind === 'date');

const one = (text: string, published?: string): Fact => {
  const found = dates(text, published);
  expect(found).toHaveLength(1);
  return found[0] as Fact;
};

describe('dated events that belong (issue 16)', () => {
  it('no event without a verb and its subject: a phrase, an instruction, a dated label', () => {
    expect(
      dates('This uses Baseline features of each major release (2026-01-01 for this major).'),
    ).toEqual([]);
    expect(dates('February 16, 2021 - Check out the Vite 3.0 announcement')).toEqual([]);
  });

  it('"as of" dates a state, and "1250+" counts: neither is an event', () => {
    expect(dates('These versions align with Baseline as of 2026-01-01.')).toEqual([]);
    expect(dates('We thank the 1250+ contributors who keep the project going.')).toEqual([]);
  });

  it('a sentence that reports what happened keeps its date', () => {
    expect(one('In December 2025, we shipped the Vite 8 beta.').subject).toBe(
      'we shipped the Vite 8 beta',
    );
  });
});

describe('dated events', () => {
  it('a year, with the relative clause as what happened', () => {
    const f = one(
      'Iran and Russia jointly helped the government defeat a large-scale armed rebellion that began in 2011.',
    );
    expect(f.date).toEqual({ sortKey: '2011', precision: 'year', text: '2011' });
    expect(f.subject).toBe('a large-scale armed rebellion began');
    expect(f.value).toBe('2011');
  });

  it('"Since 2016" fronting its clause', () => {
    const f = one('Since 2016, the two countries discuss a major purchase of advanced arms.');
    expect(f.date).toEqual({ sortKey: '2016', precision: 'year', text: 'Since 2016' });
    expect(f.subject).toBe('the two countries discuss a major purchase of advanced arms');
  });

  it('an event noun before the date: "formation in 1979"', () => {
    const f = one(
      'Since the Islamic Republic’s formation in 1979, Iran and the United States have disagreed.',
    );
    expect(f.subject).toBe('the Islamic Republic’s formation');
    expect(f.date?.sortKey).toBe('1979');
  });

  it('a month and year, with the antecedent of "which"', () => {
    const f = one(
      'The leaders chose to support Putin’s war against Ukraine, which launched in February 2022.',
    );
    expect(f.date).toEqual({ sortKey: '2022-02', precision: 'month', text: 'February 2022' });
    expect(f.subject).toBe('Putin’s war against Ukraine launched');
  });

  it('"by August 2022" keeps its preposition in the text', () => {
    const f = one('Despite nearing an agreement by August 2022, the negotiations broke down.');
    expect(f.date).toEqual({ sortKey: '2022-08', precision: 'month', text: 'by August 2022' });
  });

  it('"the fall of 2022" is a season, sorted at September', () => {
    const f = one(
      'In the fall of 2022, President Biden concluded that the talks were “dead,” and officials agreed.',
    );
    expect(f.date).toEqual({ sortKey: '2022-09', precision: 'season', text: 'the fall of 2022' });
    expect(f.subject).toBe('President Biden concluded that the talks were dead');
  });

  it('"March 2023" opening a sentence', () => {
    const f = one(
      'In March 2023, Iran agreed to restore diplomatic relations with Saudi Arabia, the latest step.',
    );
    expect(f.date).toEqual({ sortKey: '2023-03', precision: 'month', text: 'March 2023' });
    expect(f.subject).toBe('Iran agreed to restore diplomatic relations with Saudi Arabia');
  });

  it('a year modifying a noun: "the 2015 nuclear deal"', () => {
    const f = one('They sought to restore the 2015 multilateral nuclear deal.');
    expect(f.subject).toBe('the multilateral nuclear deal');
  });

  it('"the summer and fall of 2022" share the year', () => {
    const found = dates(
      'As the army’s fortunes declined in the summer and fall of 2022, leaders sought to limit the damage.',
    );
    expect(found.map((f) => f.date?.sortKey)).toEqual(['2022-06', '2022-09']);
    expect(found.map((f) => f.date?.precision)).toEqual(['season', 'season']);
  });

  it('a month without a year takes the only year the paragraph gives before it', () => {
    const text =
      'The offensives came in the fall of 2022. Officials later denied it. In November Foreign Minister Hossein Amirabdollahian said that: “we won’t be indifferent.”';
    const nov = dates(text).find((f) => f.date?.text === 'November');
    expect(nov?.date).toEqual({ sortKey: '2022-11', precision: 'month', text: 'November' });
    // what he said is the event, not that he spoke
    expect(nov?.subject).toBe(
      'Foreign Minister Hossein Amirabdollahian said “we won’t be indifferent”',
    );
  });

  it('a month without a year stays year-less when the paragraph names no year, or several', () => {
    expect(one('In November the minister said that talks would resume.').date).toEqual({
      sortKey: '--11',
      precision: 'month',
      text: 'November',
    });
    const ambiguous = dates(
      'The deal was signed in 2015. It collapsed in 2018. Talks resumed. In November the minister said that talks would resume.',
    );
    expect(ambiguous.find((f) => f.date?.text === 'November')?.date?.sortKey).toBe('--11');
  });

  it('a month in the same sentence as a year takes that year', () => {
    const f = dates(
      'Talks failed in 2015 and again in 2018, and in November the minister resigned.',
    ).find((x) => x.date?.text === 'November');
    expect(f?.date?.sortKey).toBe('2018-11');
  });

  it('"this week" is undated without `published` and resolved with it', () => {
    const text =
      'European and US governments announced this week that Iran has supplied Russia with missiles.';
    expect(dates(text)).toEqual([]);
    const f = one(text, '2024-09-10');
    expect(f.date).toEqual({ sortKey: '2024-09-10', precision: 'day', text: 'this week' });
    expect(f.subject).toBe(
      'European and US governments announced Iran has supplied Russia with missiles',
    );
  });

  it('"last year" resolves to the year before publication', () => {
    expect(
      one('The embassy reopened last year after a long pause.', '2023-05-01').date?.sortKey,
    ).toBe('2022');
  });

  it('a number in a name is no year; a year-less month needs to read as a date', () => {
    expect(dates('The format is defined in RFC 2045 and used widely.')).toEqual([]);
    expect(dates('Contributed by Jan Smith. This may change.')).toEqual([]);
    expect(dates('The format was defined in 1999 by the committee.')).toHaveLength(1);
  });

  it('durations name no date', () => {
    expect(
      dates('In the several months after the invasion, commanders recognised the gap.'),
    ).toEqual([]);
  });

  it('cites the sentence the date is in', () => {
    const text = 'Nothing happened then. The war began in 2014. Later it grew.';
    const f = one(text);
    expect(f.quote).toBe('The war began in 2014.');
    expect(f.paragraphId).toBe('doc#p1');
    expect(f.origin).toBe('extracted');
    expect(f.id).toBe('doc#p1:date:0');
  });
});
