import { describe, expect, it } from 'vitest';
import { parseCuratedFacts } from '../../src/facts/curated.ts';
import { FactStore } from '../../src/facts/store.ts';
import type { Fact } from '../../src/facts/types.ts';
import { corpusOf } from './helpers.ts';

const corpus = corpusOf([
  {
    slug: 'alpha',
    paragraphs: [
      'The war against Ukraine, which launched in February 2022, changed everything. Iran sent several hundred armed drones to Russia.',
      'A large-scale armed rebellion that began in 2011 was defeated. Iran’s supreme leader Ali Khamenei approved the deal.',
      'Iran sent a short-range ballistic missile (SRBM) to Russia.',
    ],
  },
  {
    slug: 'beta',
    paragraphs: [
      'Since the Islamic Republic’s formation in 1979, Iran has opposed the West.',
      'The war against Ukraine, which launched in March 2022, was a shock. Iran sent thousands of armed drones to Russia.',
      'Supreme Leader Khamenei spoke. In March 2023, Iran agreed to restore diplomatic relations with Saudi Arabia.',
    ],
  },
]);

const store = FactStore.fromCorpus(corpus);

describe('FactStore', () => {
  it('indexes by id, paragraph and kind', () => {
    const all = store.all();
    expect(all.length).toBeGreaterThan(5);
    for (const f of all) {
      expect(store.get(f.id)).toBe(f);
      expect(store.byParagraph(f.paragraphId)).toContain(f);
      expect(store.byKind(f.kind)).toContain(f);
    }
    expect(store.byParagraph('nope#p1')).toEqual([]);
  });

  it('timeline: dated events oldest first, each cited', () => {
    const t = store.timeline();
    expect(t.map((f) => f.date?.sortKey)).toEqual([
      '1979',
      '2011',
      '2022-02',
      '2022-03',
      '2023-03',
    ]);
    expect(t.map((f) => f.paragraphId)).toEqual([
      'beta#p1',
      'alpha#p2',
      'alpha#p1',
      'beta#p2',
      'beta#p3',
    ]);
  });

  it('timeline filters by document and topic', () => {
    expect(store.timeline({ docSlug: 'alpha' }).map((f) => f.date?.sortKey)).toEqual([
      '2011',
      '2022-02',
    ]);
    expect(store.timeline({ topic: 'Saudi relations' }).map((f) => f.date?.sortKey)).toEqual([
      '2023-03',
    ]);
    expect(store.timeline({ topic: 'the war in Ukraine' }).map((f) => f.paragraphId)).toEqual([
      'alpha#p1',
      'beta#p2',
    ]);
  });

  it('timeline is stable for equal dates', () => {
    const mk = (id: string, sortKey: string): Fact => ({
      id,
      kind: 'date',
      subject: id,
      value: sortKey,
      date: { sortKey, precision: 'year', text: sortKey },
      quote: id,
      paragraphId: `d#p${id}`,
      origin: 'extracted',
    });
    const s = FactStore.fromFacts([
      mk('1', '2020'),
      mk('2', '2019'),
      mk('3', '2020'),
      mk('4', '2019'),
      mk('5', '--11'),
    ]);
    expect(s.timeline().map((f) => f.id)).toEqual(['2', '4', '1', '3']);
  });

  it('define: by acronym or expansion, case-insensitively', () => {
    expect(store.definitions().map((f) => f.subject)).toEqual(['SRBM']);
    expect(store.define('srbm')[0]?.value).toBe('short-range ballistic missile');
    expect(store.define('Short-range ballistic missile')[0]?.subject).toBe('SRBM');
    expect(store.define('short range ballistic missiles')[0]?.subject).toBe('SRBM');
    expect(store.define('JCPOA')).toEqual([]);
    expect(store.define('  ')).toEqual([]);
  });

  it('search: facts about a topic, best first', () => {
    const hits = store.search('drones');
    expect(hits.length).toBeGreaterThanOrEqual(2);
    expect(hits.every((f) => /drone/iu.test(`${f.subject} ${f.value} ${f.quote}`))).toBe(true);
    expect(store.search('drones', { kind: 'figure' }).map((f) => f.value)).toEqual([
      'several hundred',
      'thousands',
    ]);
    expect(store.search('drones', { limit: 1 })).toHaveLength(1);
    expect(store.search('the of and')).toEqual([]);
  });

  it('random: picks with the given rng, by kind, null when empty', () => {
    const all = store.all();
    expect(store.random(() => 0)).toBe(all[0]);
    expect(store.random(() => 0.999999)).toBe(all[all.length - 1]);
    expect(store.random(() => 0.5, 'actor')?.kind).toBe('actor');
    expect(FactStore.fromFacts([]).random(Math.random)).toBeNull();
  });

  it('actors: one profile per person across documents, every mention kept', () => {
    const khamenei = store.actors().find((a) => a.name === 'Ali Khamenei');
    expect(khamenei?.roles).toEqual(['Supreme Leader']);
    expect(khamenei?.mentions.map((m) => m.paragraphId)).toEqual(['alpha#p2', 'beta#p3']);
    expect(store.actors()).toHaveLength(1);
  });

  it('sources differ: the same event or counted thing with different values in two documents', () => {
    const war = store.timeline().find((f) => f.paragraphId === 'alpha#p1');
    expect(war).toBeDefined();
    if (!war) return;
    const others = store.conflictsFor(war);
    expect(others.map((f) => [f.paragraphId, f.date?.sortKey])).toEqual([['beta#p2', '2022-03']]);
    const drones = store.byKind('figure').find((f) => f.paragraphId === 'alpha#p1');
    expect(drones && store.conflictsFor(drones).map((f) => f.value)).toEqual(['thousands']);
    expect(
      store
        .conflicts()
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['date', 'figure']);
    const formation = store.timeline()[0];
    expect(formation && store.conflictsFor(formation)).toEqual([]);
  });

  it('dates that refine each other do not conflict', () => {
    const c = corpusOf([
      { slug: 'a', paragraphs: ['The armed rebellion that began in 2011 spread.'] },
      { slug: 'b', paragraphs: ['The armed rebellion that began in March 2011 spread.'] },
    ]);
    expect(FactStore.fromCorpus(c).conflicts()).toEqual([]);
  });

  it('curated facts come first and replace the extracted fact they reword', () => {
    const { facts, problems } = parseCuratedFacts(
      `facts:
  - kind: date
    subject: Russia invaded Ukraine
    date: February 2022
    quote: The war against Ukraine, which launched in February 2022, changed everything.
    paragraphId: alpha#p1
  - kind: definition
    subject: Supreme Leader
    value: the head of state of Iran
    quote: Iran’s supreme leader Ali Khamenei approved the deal.
    paragraphId: alpha#p2
`,
      corpus,
    );
    expect(problems).toEqual([]);
    const s = FactStore.fromCorpus(corpus, facts);
    expect(s.all().slice(0, 2)).toEqual(facts);
    const feb = s.timeline().filter((f) => f.date?.sortKey === '2022-02');
    expect(feb.map((f) => [f.subject, f.origin])).toEqual([['Russia invaded Ukraine', 'curated']]);
    expect(s.define('supreme leader')[0]?.origin).toBe('curated');
    expect(FactStore.fromCorpus(corpus, facts, { extract: false }).all()).toEqual(facts);
  });
});
