import { describe, expect, it } from 'vitest';
import { dedupeFacts } from '../../src/facts/dedupe.ts';
import { FactStore } from '../../src/facts/store.ts';
import type { Fact } from '../../src/facts/types.ts';
import { indexTerms } from '../../src/language/analyzer.ts';
import { corpusOf } from './helpers.ts';

const fact = (id: string, over: Partial<Fact>): Fact => ({
  id,
  kind: 'date',
  subject: id,
  value: '2015',
  date: { sortKey: '2015', precision: 'year', text: '2015' },
  quote: id,
  paragraphId: `${id}#p1`,
  origin: 'extracted',
  ...over,
});

const groups = [['nuclear deal', 'nuclear agreement', 'JCPOA'].map(indexTerms)];

describe('duplicate facts', () => {
  it('the same event on the same date, worded with aliases, is one fact: the first citation', () => {
    const deal = fact('a', { subject: 'the multilateral Iran nuclear deal' });
    const agreement = fact('b', { subject: 'the multilateral Iran nuclear agreement' });
    expect(dedupeFacts([deal, agreement], groups)).toEqual([deal]);
  });

  it('without aliases, three quarters of the words in common (three at least) still make one', () => {
    const deal = fact('a', { subject: 'the multilateral Iran nuclear deal' });
    const agreement = fact('b', { subject: 'the multilateral Iran nuclear agreement' });
    expect(dedupeFacts([deal, agreement], [])).toEqual([deal]);
    const short = fact('c', { subject: 'talks began' });
    const other = fact('d', { subject: 'talks ended' });
    expect(dedupeFacts([short, other], [])).toHaveLength(2);
  });

  it('another date or another figure is another fact (sources differ needs both)', () => {
    const a = fact('a', { subject: 'the nuclear deal' });
    const b = fact('b', {
      subject: 'the nuclear deal',
      value: '2016',
      date: { sortKey: '2016', precision: 'year', text: '2016' },
    });
    expect(dedupeFacts([a, b], groups)).toEqual([a, b]);
  });

  it('the fuller of two wordings is kept, with the first citation', () => {
    const a = fact('a', { subject: 'the Iran nuclear deal' });
    const b = fact('b', { subject: 'the multilateral Iran nuclear deal' });
    expect(dedupeFacts([a, b], groups)).toEqual([{ ...a, subject: b.subject }]);
  });

  it('one actor per person and role, by the fullest name, first citation', () => {
    const actor = (id: string, subject: string, value = 'Supreme Leader') =>
      fact(id, { kind: 'actor', subject, value, date: null });
    const merged = dedupeFacts(
      [
        actor('a', 'Khamenei'),
        actor('b', 'Ali Khamenei'),
        actor('c', 'Supreme Leader Ali Khamenei'),
        actor('d', 'Ali Khamenei', 'Ayatollah'),
      ],
      [],
    );
    expect(merged.map((f) => [f.id, f.subject, f.value])).toEqual([
      ['a', 'Ali Khamenei', 'Supreme Leader'],
      ['d', 'Ali Khamenei', 'Ayatollah'],
    ]);
  });

  it('a surname shared by two people stays apart', () => {
    const actor = (id: string, subject: string) =>
      fact(id, { kind: 'actor', subject, value: 'President', date: null });
    const merged = dedupeFacts(
      [actor('a', 'George Bush'), actor('b', 'George W. Bush'), actor('c', 'Bush')],
      [],
    );
    expect(merged.map((f) => f.subject)).toEqual(['George Bush', 'George W. Bush', 'Bush']);
  });

  it('in a store: Khamenei twice in the corpus is one actor fact', () => {
    const corpus = corpusOf([
      { slug: 'a', paragraphs: ['Iran’s supreme leader Ali Khamenei spoke.'] },
      { slug: 'b', paragraphs: ['Iran’s Supreme Leader Ali Khamenei made clear his support.'] },
    ]);
    const actors = FactStore.fromCorpus(corpus).byKind('actor');
    expect(actors.map((f) => [f.subject, f.paragraphId])).toEqual([['Ali Khamenei', 'a#p1']]);
  });
});
