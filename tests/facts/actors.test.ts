import { describe, expect, it } from 'vitest';
import { extractParagraphFacts } from '../../src/facts/extract.ts';
import { para } from './helpers.ts';

const actors = (text: string) =>
  extractParagraphFacts(para(text))
    .filter((f) => f.kind === 'actor')
    .map((f) => [f.subject, f.value]);

describe('actors', () => {
  it('a title before a proper name', () => {
    expect(
      actors(
        'The government led by President Masoud Pezeshkian had been signalling a desire to talk.',
      ),
    ).toEqual([['Masoud Pezeshkian', 'President']]);
    expect(actors('In the fall, President Biden concluded that the talks were dead.')).toEqual([
      ['Biden', 'President'],
    ]);
  });

  it('a narrowed title: Foreign Minister, Prime Minister, Supreme Leader', () => {
    expect(
      actors('In November Foreign Minister Hossein Amirabdollahian said that it was untrue.'),
    ).toEqual([['Hossein Amirabdollahian', 'Foreign Minister']]);
    expect(actors('Prime Minister Benjamin Netanyahu spoke.')).toEqual([
      ['Benjamin Netanyahu', 'Prime Minister'],
    ]);
  });

  it('lower-case titles and possessive or national prefixes', () => {
    expect(actors('Iran’s supreme leader Ali Khamenei had also shown openness.')).toEqual([
      ['Ali Khamenei', 'Supreme Leader'],
    ]);
    expect(actors('Iran’s Supreme Leader Ali Khamenei made clear his support.')).toEqual([
      ['Ali Khamenei', 'Supreme Leader'],
    ]);
    expect(
      actors('Iran worked with the government of Russian President Vladimir Putin on many issues.'),
    ).toEqual([['Vladimir Putin', 'President']]);
    expect(actors('They helped Syrian President Bashar Al Assad defeat a rebellion.')).toEqual([
      ['Bashar Al Assad', 'President'],
    ]);
  });

  it('several people in one sentence', () => {
    expect(
      actors('Chancellor Olaf Scholz met King Charles III and General Qassem Soleimani.'),
    ).toEqual([
      ['Olaf Scholz', 'Chancellor'],
      ['Charles III', 'King'],
      ['Qassem Soleimani', 'General'],
    ]);
  });

  it('no person behind a title: institutions, lists, generic uses', () => {
    expect(
      actors('E3 leaders should use the upcoming UN General Assembly to convey this message.'),
    ).toEqual([]);
    expect(actors('Director, Middle East and North Africa programme')).toEqual([]);
    expect(actors('The president said that the general public agreed.')).toEqual([]);
    expect(actors('The Supreme Leader controls the Revolutionary Guards.')).toEqual([]);
  });

  it('a "name" made of words the text also writes in lower case is not a person', () => {
    expect(
      actors('See the General Decimal Arithmetic Specification. The specification is long.'),
    ).toEqual([]);
    expect(actors('President Biden spoke. The president was tired.')).toEqual([
      ['Biden', 'President'],
    ]);
  });
});
