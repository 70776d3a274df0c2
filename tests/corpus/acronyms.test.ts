import { describe, expect, it } from 'vitest';
import { learnAcronyms } from '../../src/corpus/acronyms.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Paragraph } from '../../src/corpus/types.ts';

function para(text: string, id = 'doc#p1'): Paragraph {
  return {
    id,
    docSlug: 'doc',
    n: Number(id.split('#p')[1] ?? 1),
    kind: 'body',
    section: null,
    text,
    sentences: splitSentences(text),
    line: 1,
  };
}
const learn = (...texts: string[]) =>
  learnAcronyms(texts.map((t, i) => para(t, `doc#p${i + 1}`))).map((d) => [d.acronym, d.expansion]);

describe('learnAcronyms', () => {
  it('learns "expansion (ACRONYM)" by initials, with hyphenated words', () => {
    const text = 'An Iranian short-range ballistic missile (SRBM) Tondar-69 on display. It is old.';
    expect(learnAcronyms([para(text, 'going-ballistic#p1')])).toEqual([
      {
        acronym: 'SRBM',
        expansion: 'short-range ballistic missile',
        paragraphId: 'going-ballistic#p1',
        quote: 'An Iranian short-range ballistic missile (SRBM) Tondar-69 on display.',
      },
    ]);
    expect(learn('The Islamic Revolutionary Guard Corps (IRGC) fired.')).toEqual([
      ['IRGC', 'Islamic Revolutionary Guard Corps'],
    ]);
  });

  it('learns "(Expansion, ACRONYM)" with joiner words', () => {
    expect(
      learn(
        'Attempts to restore the 2015 multilateral Iran nuclear agreement (Joint Comprehensive Plan of Action, JCPOA) suffered a setback.',
      ),
    ).toEqual([['JCPOA', 'Joint Comprehensive Plan of Action']]);
    expect(learn('the World Health Organization (WHO) said.')).toEqual([
      ['WHO', 'World Health Organization'],
    ]);
  });

  it('learns a counted group "(E3)" from the list of that many names before it', () => {
    expect(
      learn(
        'In response, the United States, together with the United Kingdom, France, and Germany (E3), announced sanctions.',
      ),
    ).toEqual([['E3', 'the United Kingdom, France, and Germany']]);
  });

  it('learns "expansion (ACRONYM, gloss)": the gloss is not part of it', () => {
    expect(
      learn(
        'The supply of several hundred Shahid and Mohajer armed unmanned aerial systems (UAS, armed drones) designed in Iran.',
      ),
    ).toEqual([['UAS', 'unmanned aerial systems']]);
  });

  it('ignores parentheticals that are not acronyms, and initials that do not match', () => {
    expect(learn('The talks (held in Vienna) failed.')).toEqual([]);
    expect(learn('The missile (Tondar-69) was shown.')).toEqual([]);
    expect(learn('The International Atomic Energy Agency (UN) visited.')).toEqual([]);
    expect(learn('Something (ABC, DEF) else.')).toEqual([]);
    // a count that does not match the list's length
    expect(learn('France and Germany (E3) met.')).toEqual([]);
    expect(learn('It happened (in 2022).')).toEqual([]);
  });

  it('keeps the first definition in corpus order', () => {
    const defs = learnAcronyms([
      para('The European Union (EU) met first.', 'a#p1'),
      para('Later the European Union (EU) met again.', 'a#p2'),
    ]);
    expect(defs.map((d) => [d.acronym, d.paragraphId])).toEqual([['EU', 'a#p1']]);
  });

  it('learns the four acronyms of the seed corpus', async () => {
    const { loadCorpus } = await import('../../src/corpus/load.ts');
    const corpus = await loadCorpus('corpus');
    const defs = learnAcronyms(corpus.paragraphs);
    expect(defs.map((d) => [d.acronym, d.expansion, d.paragraphId])).toEqual([
      ['SRBM', 'short-range ballistic missile', 'going-ballistic#p1'],
      ['E3', 'the United Kingdom, France, and Germany', 'going-ballistic#p3'],
      ['UAS', 'unmanned aerial systems', 'iran-russia-alliance#p3'],
      ['JCPOA', 'Joint Comprehensive Plan of Action', 'iran-russia-alliance#p6'],
    ]);
    for (const d of defs) expect(corpus.byId.get(d.paragraphId)?.text).toContain(d.quote);
  });
});
