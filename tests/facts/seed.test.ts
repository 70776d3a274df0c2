import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';
import { loadCuratedFacts } from '../../src/facts/curated.ts';
import { extractParagraphFacts } from '../../src/facts/extract.ts';
import { FactStore } from '../../src/facts/store.ts';

const CORPUS_DIR = 'corpus';
let corpus: Corpus;
let store: FactStore;

beforeAll(async () => {
  corpus = await loadCorpus(CORPUS_DIR);
  const curated = loadCuratedFacts(CORPUS_DIR, corpus);
  expect(curated.problems).toEqual([]);
  // the extraction's time is measured by npm run bench (fact extraction), not here
  store = FactStore.fromCorpus(corpus, curated.facts);
});

describe('seed corpus', () => {
  it('the sentence pre-filter loses nothing on the seeds', () => {
    for (const p of corpus.paragraphs) {
      expect(extractParagraphFacts(p)).toEqual(extractParagraphFacts(p, { everySentence: true }));
    }
  });

  it('every fact quotes its paragraph word for word', () => {
    expect(store.all().length).toBeGreaterThan(20);
    for (const f of store.all()) {
      const p = corpus.byId.get(f.paragraphId);
      expect(p, f.id).toBeDefined();
      expect(p?.text.includes(f.quote), f.id).toBe(true);
    }
  });

  it('the timeline holds the dated events, each cited to its paragraph', () => {
    const t = store.timeline().map((f) => [f.date?.sortKey, f.date?.precision, f.paragraphId]);
    const expected: [string, string, string][] = [
      ['1979', 'year', 'iran-russia-alliance#p1'],
      ['2011', 'year', 'iran-russia-alliance#p2'],
      ['2015', 'year', 'iran-russia-alliance#p2'],
      ['2016', 'year', 'iran-russia-alliance#p2'],
      ['2018', 'year', 'iran-russia-alliance#p2'],
      ['2022-02', 'month', 'iran-russia-alliance#p2'],
      ['2022-08', 'month', 'iran-russia-alliance#p6'],
      ['2022-09', 'month', 'iran-russia-alliance#p5'],
      ['2022-09', 'season', 'iran-russia-alliance#p6'],
      ['2023-03', 'month', 'iran-russia-alliance#p9'],
    ];
    for (const e of expected) expect(t).toContainEqual(e);
    const keys = t.map((x) => x[0] ?? '');
    expect(keys).toEqual([...keys].sort());
    const fall = store.timeline().find((f) => f.date?.text === 'the fall of 2022');
    expect(fall?.subject).toMatch(/Biden concluded/u);
    const rebellion = store.timeline().find((f) => f.date?.sortKey === '2011');
    expect(rebellion?.subject).toMatch(/rebellion began/u);
  });

  it('"in November" takes 2022 from its paragraph; "this week" stays undated (no published date)', () => {
    const nov = store.byKind('date').find((f) => f.date?.text === 'November');
    expect(nov?.date?.sortKey).toBe('2022-11');
    expect(nov?.paragraphId).toBe('iran-russia-alliance#p7');
    expect(store.byKind('date').some((f) => f.date?.text === 'this week')).toBe(false);
  });

  it('the glossary holds SRBM, E3, UAS and JCPOA', () => {
    expect(store.define('SRBM')[0]).toMatchObject({
      value: 'short-range ballistic missile',
      paragraphId: 'going-ballistic#p1',
    });
    expect(store.define('e3')[0]?.value).toBe('the United Kingdom, France, and Germany');
    expect(store.define('UAS')[0]?.value).toBe('unmanned aerial systems');
    expect(store.define('JCPOA')[0]).toMatchObject({
      value: 'Joint Comprehensive Plan of Action',
      paragraphId: 'iran-russia-alliance#p6',
    });
    expect(store.define('joint comprehensive plan of action')[0]?.subject).toBe('JCPOA');
  });

  it('the actors include the people named with a role', () => {
    const actors = store.actors();
    const role = (name: string) => actors.find((a) => a.name === name)?.roles;
    expect(role('Masoud Pezeshkian')).toEqual(['President']);
    expect(role('Ali Khamenei')).toEqual(['Supreme Leader']);
    expect(role('Hossein Amirabdollahian')).toEqual(['Foreign Minister']);
    expect(role('Vladimir Putin')).toEqual(['President']);
    expect(role('Bashar Al Assad')).toEqual(['President']);
    expect(
      actors.find((a) => a.name === 'Ali Khamenei')?.mentions.map((m) => m.paragraphId),
    ).toEqual(['going-ballistic#p4', 'iran-russia-alliance#p4']);
  });

  it('the figures include several hundred short range ballistic missiles', () => {
    const figures = store.byKind('figure').map((f) => [f.value, f.subject, f.paragraphId]);
    expect(figures).toContainEqual([
      'several hundred',
      'short range ballistic missiles',
      'going-ballistic#p2',
    ]);
    expect(figures).toContainEqual(['hundreds', 'Iranian drones', 'going-ballistic#p2']);
    expect(figures).toContainEqual([
      'thousands',
      'additional Iran-designed drones',
      'iran-russia-alliance#p8',
    ]);
    expect(figures.some(([, s]) => /Tondar/u.test(s ?? ''))).toBe(false);
  });

  it('curated facts are loaded and cited', () => {
    const curated = store.all().filter((f) => f.origin === 'curated');
    expect(curated.length).toBeGreaterThanOrEqual(3);
    expect(store.define('Wagner Group')[0]?.origin).toBe('curated');
  });
});
