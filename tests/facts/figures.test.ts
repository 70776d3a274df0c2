import { describe, expect, it } from 'vitest';
import { extractParagraphFacts } from '../../src/facts/extract.ts';
import { para } from './helpers.ts';

const figures = (text: string) =>
  extractParagraphFacts(para(text))
    .filter((f) => f.kind === 'figure')
    .map((f) => [f.value, f.subject]);

describe('figures with what they count (issue 16)', () => {
  it('a multiplier or a unit alone is not a figure', () => {
    expect(figures('The new minifier is 90x faster than the old one.')).toEqual([]);
    expect(figures('The package is 15 MB larger than before.')).toEqual([]);
    expect(figures('We run the tests three times a week.')).toEqual([]);
  });

  it('a unit written onto the number goes with the value, what follows is what it counts', () => {
    expect(figures('Users saw 1.5x-2x dev startup time improvement on real apps.')).toEqual([
      ['1.5x-2x', 'dev startup time improvement'],
    ]);
  });

  it('no figure from a table row or a number written onto a name', () => {
    expect(figures('Vite 3.0.0 | 3.05MB | 17.8MB')).toEqual([]);
    expect(figures('For example, run VITE_SOME_KEY=123 vite build.')).toEqual([]);
  });
});

describe('figures', () => {
  it('an amount and the noun phrase it counts', () => {
    expect(
      figures(
        'Iran has supplied Russia with several hundred short range ballistic missiles for use in Ukraine.',
      ),
    ).toEqual([['several hundred', 'short range ballistic missiles']]);
  });

  it('"hundreds of" / "thousands of" count the phrase after "of"', () => {
    expect(
      figures('The missiles join hundreds of Iranian drones already in Russian hands.'),
    ).toEqual([['hundreds', 'Iranian drones']]);
    expect(
      figures(
        'They planned the production of thousands of additional Iran-designed drones in new factories.',
      ),
    ).toEqual([['thousands', 'additional Iran-designed drones']]);
  });

  it('coordinated names in the counted phrase', () => {
    expect(
      figures(
        'It is the supply of several hundred Shahid and Mohajer armed unmanned aerial systems (UAS, armed drones).',
      ),
    ).toEqual([['several hundred', 'Shahid and Mohajer armed unmanned aerial systems']]);
  });

  it('money, percentages and digits; an amount of money with no noun measures its clause', () => {
    expect(
      figures('The country paid $5 billion for 1,200 trucks, about 40 percent of the budget.'),
    ).toEqual([
      ['$5 billion', 'country paid'],
      ['1,200', 'trucks'],
      ['about 40 percent', 'budget'],
    ]);
  });

  it('merges "two dozen" into one amount', () => {
    expect(figures('He bought two dozen tanks.')).toEqual([['two dozen', 'tanks']]);
  });

  it('skips years, ordinals, numbers inside names and definite references', () => {
    expect(figures('An Iranian missile Tondar-69 was on display in 2019.')).toEqual([]);
    expect(figures('Cooperation followed the post-September 11 situation in Afghanistan.')).toEqual(
      [],
    );
    expect(figures('Cooperation followed the September 11 attacks.')).toEqual([]);
    expect(
      figures('Be the first to know. The two countries agreed. One of the reasons is cost.'),
    ).toEqual([]);
    expect(figures('The council passed Resolution 2231 unanimously.')).toEqual([]);
  });

  it('a number with nothing it counts is not a figure', () => {
    expect(figures('The vote was 12 to 3.')).toEqual([]);
  });
});
