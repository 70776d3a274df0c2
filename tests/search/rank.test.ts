import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { learnAcronyms } from '../../src/corpus/acronyms.ts';
import { acronymGroups, parseAliases } from '../../src/search/aliases.ts';
import { credit, type ScoredConcept, scoreConcepts } from '../../src/search/holding.ts';
import { type Entry, SearchIndex } from '../../src/search/index.ts';
import { type AnalyzedQuery, analyzeQuery, type Concept } from '../../src/search/query.ts';
import { type Hit, rank, rankModel, scoreCandidates } from '../../src/search/rank.ts';
import { candidateFeatures, PARAGRAPH_FEATURES } from '../../src/search/rank-features.ts';
import { doc } from './helpers.ts';

const docs = [
  doc('alpha', [
    'The government said the talks would continue. The government said the government was patient.',
    'The Shahed is a drone designed in Iran.',
    'The drones reached Russia by sea after long delays. The drones reached Russia in August 2022.',
    'The Syrian army fired a short-range ballistic missile (SRBM) in the north.',
    'Officials of the government met the government again.',
  ]),
  doc('beta', [
    'Iranian officials denied that drones were sent to Russia.',
    'Drone production moved to Alabuga, a factory in Tatarstan.',
  ]),
];
const aliases = parseAliases('groups:\n  - [Tehran, Iran, Iranian]\n');
const groups = [
  ...aliases.groups,
  ...acronymGroups(learnAcronyms(docs.flatMap((d) => d.paragraphs))),
];
const index = SearchIndex.build(docs, groups);

function search(text: string, filter?: (e: Entry) => boolean, on = index): Hit[] {
  const query = analyzeQuery(
    text,
    on.groups,
    (t) => on.has(t),
    (t) => on.nearForms(t),
  );
  return rank(on, query, { limit: 5, filter });
}
const ids = (hits: Hit[], on = index) => hits.map((h) => on.entries[h.index]?.paragraph.id);

describe('SearchIndex', () => {
  it('holds every paragraph with its document, and term statistics', () => {
    expect(index.size).toBe(7);
    expect(index.entries[1]?.paragraph.id).toBe('alpha#p2');
    expect(index.entries[5]?.document.slug).toBe('beta');
    expect(index.has('govern')).toBe(true);
    expect(index.docFrequency('govern')).toBe(2);
    expect(index.docFrequency('nonexistent')).toBe(0);
    expect(index.idf('shahe')).toBeGreaterThan(index.idf('govern'));
  });

  it('finds near forms of unknown terms, and none for known or short ones', () => {
    expect(index.nearForms('syria')).toEqual(['syrian']);
    expect(index.nearForms('tatarstans')).toEqual(['tatarstan']);
    expect(index.nearForms('syrian')).toEqual([]);
    expect(index.nearForms('syr')).toEqual([]);
  });

  it('knows a word the corpus writes, not merely one with the same stem', () => {
    const own = SearchIndex.build(
      [doc('body', ['The gallbladder sits under the liver. Two websockets were open.'])],
      [],
    );
    expect(own.corpusWord('gallbladder')).toBe('gallbladd');
    expect(own.corpusWord('websocket')).toBe('websocket');
    expect(own.corpusWord('livered')).toBeNull();
    expect(own.corpusWord('unknown')).toBeNull();
    const query = own.analyze('where is the gall bladder');
    expect(query.concepts.map((c) => c.alternatives)).toEqual([
      [['gall'], ['gallbladd']],
      [['bladder'], ['gallbladd']],
    ]);
    expect(rank(own, query, { limit: 1 }).map((h) => h.index)).toEqual([0]);
  });

  it('returns no candidates for no terms', () => {
    expect(index.candidates(new Map(), 10)).toEqual([]);
  });

  it('analyses a question once while its word meaning stays, and anew after it changes', () => {
    const own = SearchIndex.build(docs, groups);
    const first = own.analyze('Who governs Syria?');
    expect(own.analyze('Who governs Syria?')).toBe(first);
    expect(own.analyze('Who governs Iran?')).not.toBe(first);
    own.useMeaning({});
    const again = own.analyze('Who governs Syria?');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe('rank', () => {
  it("puts the paragraph with the question's rare term above ones with only common terms", () => {
    const hits = search('What did the government say about the Shahed?');
    expect(ids(hits)[0]).toBe('alpha#p2');
    expect(ids(hits)).toContain('alpha#p1');
  });

  it('prefers, for a "when" question, the sentence that holds a date', () => {
    const [top] = search('When did the drones reach Russia?');
    expect(top && index.entries[top.index]?.paragraph.id).toBe('alpha#p3');
    expect(top?.sentence).toBe(1);
    expect(top && index.entries[top.index]?.paragraph.sentences[top.sentence]?.text).toBe(
      'The drones reached Russia in August 2022.',
    );
    expect(top?.coverage).toBe(1);
  });

  it('finds a paragraph through an alias ("Tehran" → "Iranian")', () => {
    const hits = search('Did Tehran send drones?');
    expect(ids(hits)[0]).toBe('beta#p1');
    expect([...(hits[0]?.matched ?? [])]).toEqual(expect.arrayContaining(['iranian', 'drone']));
  });

  it('finds a paragraph through a learned acronym, both ways', () => {
    expect(ids(search('SRBM'))).toEqual(['alpha#p4']);
    expect(ids(search('ballistic missile'))[0]).toBe('alpha#p4');
  });

  it('finds "Syrian" for "syria" through near forms', () => {
    expect(ids(search('syria army'))[0]).toBe('alpha#p4');
  });

  it('restricts results to one document with a filter', () => {
    const hits = search('drones', (e) => e.document.slug === 'beta');
    expect(ids(hits).sort()).toEqual(['beta#p1', 'beta#p2']);
    expect(ids(search('drones'))).toEqual(expect.arrayContaining(['alpha#p3', 'beta#p1']));
  });

  it('scores best first, honours the limit, and returns nothing for unknown words', () => {
    const hits = search('government drones Russia');
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
    expect(
      rank(
        index,
        analyzeQuery('government drones', groups, (t) => index.has(t)),
        { limit: 2 },
      ),
    ).toHaveLength(2);
    expect(search('zzyzx quux')).toEqual([]);
  });
});

/** `credit` as first written: every related word walked, the best weight above 0 kept. */
function creditAsWritten(c: ScoredConcept, terms: ReadonlySet<string>): number {
  const holds = (alt: readonly string[]) => alt.length > 0 && alt.every((t) => terms.has(t));
  if (c.concept.alternatives.some(holds)) return 1;
  let best = 0;
  for (const r of c.concept.related)
    if (r.weight > best && r.terms.every((t) => terms.has(t))) best = r.weight;
  if (best < 0.3) for (const f of c.family) if (terms.has(f)) return 0.3;
  return best;
}

describe('credit', () => {
  it('gives what walking every related word gives (its strongest-first reading)', () => {
    const vocabulary = [
      ...new Set(index.entries.flatMap((_, i) => index.passages.sentenceTerms(i).flat())),
    ];
    const term = fc.constantFrom(...vocabulary, 'zzyzx');
    const terms = fc.array(term, { maxLength: 3 });
    const concept = fc.record({
      alternatives: fc.array(terms, { minLength: 1, maxLength: 3 }),
      related: fc.array(
        fc.record({
          terms,
          weight: fc.oneof(
            fc.constantFrom(0, 0.3, 0.5, 1, -0.2),
            fc.double({ min: -1, max: 1, noNaN: true }),
          ),
        }),
        { maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(fc.array(concept, { minLength: 1, maxLength: 3 }), fc.array(term), (cs, held) => {
        const concepts = cs.map(
          (c, position) =>
            ({
              surface: c.alternatives[0]?.join(' ') ?? '',
              alternatives: c.alternatives,
              related: c.related.map((r) => ({ ...r, via: 'vector' })),
              pos: null,
              capitalized: false,
              strength: 1,
              position,
              focus: false,
            }) as unknown as Concept,
        );
        const set = new Set(held);
        for (const c of scoreConcepts(index, { concepts } as AnalyzedQuery))
          expect(credit(c, set)).toBe(creditAsWritten(c, set));
      }),
      { numRuns: 500 },
    );
  });
});

describe('rank with concepts scored already', () => {
  it('ranks as it does when it scores them itself', () => {
    for (const text of ['Did Iran send drones to Russia?', 'When did the drones reach Russia?']) {
      const query = analyzeQuery(text, groups, (t) => index.has(t));
      const concepts = scoreConcepts(index, query);
      expect(rank(index, query, { limit: 5, concepts })).toEqual(rank(index, query, { limit: 5 }));
    }
  });
});

describe('scoreCandidates', () => {
  it('returns the best `limit` of the whole order, each with the features it was scored on', () => {
    const model = rankModel();
    for (const text of ['government drones Russia', 'When did the drones reach Russia?']) {
      const query = analyzeQuery(text, groups, (t) => index.has(t));
      const candidates = candidateFeatures(index, query, {}, model.candidates);
      const all = scoreCandidates(candidates, model);
      expect(all.length).toBe(candidates.length);
      expect(scoreCandidates(candidates, model, 2)).toEqual(all.slice(0, 2));
      for (const hit of all) {
        const c = candidates.find((x) => x.index === hit.index);
        expect([...(hit.features ?? [])].slice(0, PARAGRAPH_FEATURES.length)).toEqual([
          ...(c?.paragraph ?? []),
        ]);
        expect([...hit.features].slice(PARAGRAPH_FEATURES.length)).toEqual([
          ...(c?.sentences[hit.sentence] ?? []),
        ]);
      }
    }
  });
});
