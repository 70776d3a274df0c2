import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { resolveReferences, withPlace } from '../../src/facts/context.ts';
import { extractFacts, extractParagraphFacts } from '../../src/facts/extract.ts';
import { placesIn } from '../../src/facts/places.ts';
import type { Fact } from '../../src/facts/types.ts';
import { corpusOf, para } from './helpers.ts';

const dates = (text: string): Fact[] =>
  extractParagraphFacts(para(text)).filter((f) => f.kind === 'date');

describe('fact subjects: reported speech', () => {
  it('"X said" goes on with what was said, quotation marks kept', () => {
    const [f] = dates(
      'In November 2022 Foreign Minister Hossein Amirabdollahian said that: “if it is proven to us that Russia has used Iranian drones, we won’t be indifferent to it.”',
    );
    expect(f?.subject).toBe(
      'Foreign Minister Hossein Amirabdollahian said “if it is proven to us that Russia has used Iranian drones, we won’t be indifferent to it”',
    );
  });

  it('what was said after the date ("said in March that …")', () => {
    const [f] = dates('The minister said in March 2021 that talks would resume soon.');
    expect(f?.subject).toBe('The minister said talks would resume soon');
  });

  it('a clause that does not end in a verb of saying is left alone', () => {
    const [f] = dates(
      'In March 2023, Iran agreed to restore diplomatic relations with Saudi Arabia.',
    );
    expect(f?.subject).toBe('Iran agreed to restore diplomatic relations with Saudi Arabia');
  });
});

describe('fact subjects: the place that makes an event identifiable', () => {
  it('an unnamed event takes the country its sentence names as an adjective', () => {
    const [f] = dates(
      'Iran and Russia jointly helped Syrian President Bashar Al Assad defeat a large-scale armed rebellion that began in 2011.',
    );
    expect(f?.subject).toBe('a large-scale armed rebellion began in Syria');
  });

  it('countries named only as actors are not a place ("Iran and Russia helped")', () => {
    const [f] = dates(
      'Iran and Russia jointly helped the government defeat a large-scale armed rebellion that began in 2011.',
    );
    expect(f?.subject).toBe('a large-scale armed rebellion began');
  });

  it('a subject with a name of its own is kept as it is', () => {
    expect(
      withPlace('Putin’s war launched', 'Syrian forces watched as Putin’s war launched in 2022.'),
    ).toBe('Putin’s war launched');
    expect(withPlace('protests spread', 'In 2019 protests spread in Iraq.')).toBe(
      'protests spread in Iraq',
    );
  });

  it('places are found by name and adjective, case and hyphen aware', () => {
    expect(
      placesIn(
        'Syrian troops left the US and South Korea; us, turkey, US-ASCII, Iran-designed',
      ).map((p) => p.name),
    ).toEqual(['Syria', 'United States', 'South Korea']);
  });
});

describe('fact subjects: "the two countries" and "the country"', () => {
  const upTo = (text: string) => () => text;

  it('"the two countries" become the pair named just before', () => {
    expect(
      resolveReferences(
        'the two countries discuss a major purchase',
        upTo('The United States objected. Iran and Russia jointly helped Syrian President Assad.'),
        '',
      ),
    ).toBe('Iran and Russia discuss a major purchase');
  });

  it('the pair may be in the previous paragraph when this one names no country', () => {
    expect(
      resolveReferences(
        'both countries signed a treaty',
        upTo('Talks went on. '),
        'France and Germany met.',
      ),
    ).toBe('France and Germany signed a treaty');
  });

  it('"the three countries" need a list of three', () => {
    expect(
      resolveReferences(
        'the three countries imposed sanctions',
        upTo('The United Kingdom, France, and Germany met.'),
        '',
      ),
    ).toBe('United Kingdom, France and Germany imposed sanctions');
  });

  it('"the country" is the one country named before; with several, the wording stays', () => {
    expect(
      resolveReferences('the country’s economy shrank', upTo('Iran faced sanctions.'), ''),
    ).toBe('Iran’s economy shrank');
    expect(
      resolveReferences('the country’s economy shrank', upTo('Iran and Iraq faced sanctions.'), ''),
    ).toBe('the country’s economy shrank');
  });

  it('when unsure the wording is kept, but a bare pointing subject is no fact', () => {
    expect(resolveReferences('the two countries discuss arms', upTo('Nothing here.'), '')).toBe(
      'the two countries discuss arms',
    );
    expect(resolveReferences('the two countries met', upTo('Nothing here.'), '')).toBeNull();
    expect(resolveReferences('it began', upTo(''), '')).toBeNull();
    expect(resolveReferences('they agreed to restore relations', upTo(''), '')).toBe(
      'they agreed to restore relations',
    );
  });

  it('in extraction, the previous paragraph of the same document names them', () => {
    const corpus = corpusOf([
      {
        slug: 'a',
        paragraphs: [
          'Iran and Russia jointly helped the government of Syria.',
          'Since 2016, the two countries discuss a major purchase of advanced arms.',
        ],
      },
    ]);
    const f = extractFacts(corpus).find((x) => x.kind === 'date');
    expect(f?.subject).toBe('Iran and Russia discuss a major purchase of advanced arms');
  });
});

describe('fact subjects on the seed corpus (what a reader found)', () => {
  let facts: Fact[];
  beforeAll(async () => {
    facts = extractFacts(await loadCorpus('corpus'));
  });
  const subjectOf = (date: string) => facts.find((f) => f.date?.text === date)?.subject;

  it('Amirabdollahian: what he said, not "… said"', () => {
    expect(subjectOf('November')).toMatch(
      /^Foreign Minister Hossein Amirabdollahian said “if it is proven to us that Russia has used Iranian drones/u,
    );
  });

  it('the 2011 rebellion is in Syria', () => {
    expect(subjectOf('2011')).toBe('a large-scale armed rebellion began in Syria');
  });

  it('"the two countries" since 2016 are Iran and Russia', () => {
    expect(subjectOf('Since 2016')).toBe(
      'Iran and Russia discuss a major Iranian purchase of advanced conventional arms',
    );
  });
});
