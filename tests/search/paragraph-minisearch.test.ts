/**
 * ParagraphMiniSearch reads MiniSearch's protected fields (_fieldIds, _fieldLength, _index …),
 * which a minor release may rename: the dependency is pinned to the exact version these tests
 * and the README's figures were made with, so an upgrade is a deliberate change.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BM25,
  type PackedIndex,
  ParagraphMiniSearch,
} from '../../src/search/paragraph-minisearch.ts';

describe('the MiniSearch dependency', () => {
  it('is pinned to one exact version in package.json, the one installed', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const spec = pkg.dependencies.minisearch ?? '';
    expect(spec).toMatch(/^\d+\.\d+\.\d+$/u);
    // its package.json is not exported: read it from where npm installed it
    const installed = (
      JSON.parse(readFileSync('node_modules/minisearch/package.json', 'utf8')) as {
        version: string;
      }
    ).version;
    expect(installed).toBe(spec);
  });
});

describe('ParagraphMiniSearch.topK', () => {
  const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
  const doc = fc.record({
    text: fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((ws) => ws.join(' ')),
    title: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }).map((ws) => ws.join(' ')),
  });
  const make = () =>
    new ParagraphMiniSearch<{ id: number; text: string; title: string }>({
      fields: ['text', 'title'],
      tokenize: (s) => s.split(' ').filter(Boolean),
    });

  /** BM25 summed over fields, each field's score times its boost and the term's weight. */
  function reference(
    docs: readonly { text: string; title: string }[],
    weighted: ReadonlyMap<string, number>,
    boosts: Record<string, number>,
  ): Map<number, number> {
    const fields = ['text', 'title'] as const;
    const scores = new Map<number, number>();
    for (const field of fields) {
      // MiniSearch's field length: the field's distinct terms; its average over every document
      const lengths = docs.map((d) => new Set(d[field].split(' ').filter(Boolean)).size);
      const avg = lengths.reduce((a, b) => a + b, 0) / docs.length || 1;
      for (const [term, weight] of weighted) {
        const tfs = docs.map((d) => d[field].split(' ').filter((w) => w === term).length);
        const df = tfs.filter((t) => t > 0).length;
        if (df === 0) continue;
        const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
        tfs.forEach((tf, id) => {
          if (tf === 0) return;
          const norm = BM25.k * (1 - BM25.b + (BM25.b * (lengths[id] ?? 0)) / avg);
          const s =
            (boosts[field] ?? 0) * weight * idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm));
          scores.set(id, (scores.get(id) ?? 0) + s);
        });
      }
    }
    return scores;
  }

  it('scores as BM25 over fields, the same when asked again and after documents are added (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 12 }),
        fc.array(doc, { minLength: 1, maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...WORDS), fc.double({ min: 0.1, max: 2, noNaN: true })),
        (first, more, weights) => {
          const mini = make();
          const weighted = new Map(Object.entries(weights));
          const boosts = { text: 1, title: 0.5 };
          const check = (docs: readonly { text: string; title: string }[]) => {
            const want = reference(docs, weighted, boosts);
            const got = mini.topK(weighted, boosts, docs.length);
            expect(got.length).toBe([...want.values()].filter((s) => s > 0).length);
            for (const { id, score } of got) expect(score).toBeCloseTo(want.get(id) ?? 0, 9);
            // asked again: the packed postings give the same answer
            expect(mini.topK(weighted, boosts, docs.length)).toEqual(got);
          };
          mini.addAll(first.map((d, id) => ({ id, ...d })));
          check(first);
          mini.addAll(more.map((d, k) => ({ id: first.length + k, ...d })));
          check([...first, ...more]);
        },
      ),
    );
  });
});

describe('ParagraphMiniSearch.topK with weights too small to count', () => {
  it('lists no paragraph whose every part rounds to 0, nor any twice', () => {
    const mini = new ParagraphMiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    mini.addAll([
      { id: 0, text: 'alpha beta' },
      { id: 1, text: 'alpha' },
      { id: 2, text: 'beta gamma' },
    ]);
    // a subnormal boost times a part rounds to 0: such a paragraph's score never leaves 0
    const weighted = new Map([
      ['alpha', 1],
      ['beta', 1],
    ]);
    const seen: number[] = [];
    const got = mini.topK(weighted, { text: 5e-324 }, 10, (id) => {
      seen.push(id);
      return true;
    });
    expect(got).toEqual([]);
    expect(seen).toEqual([]);
    // and with a usable weight beside it, each paragraph once
    const mixed = new Map([
      ['alpha', 5e-324],
      ['gamma', 1],
    ]);
    expect(mini.topK(mixed, { text: 1 }, 10).map((r) => r.id)).toEqual([2]);
  });
});

describe('ParagraphMiniSearch.toPacked / fromPacked', () => {
  const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
  type Doc = { id: number; text: string; title: string };
  const OPTIONS = {
    fields: ['text', 'title'],
    tokenize: (s: string) => s.split(' ').filter(Boolean),
  };
  const doc = fc.record({
    // tf above 127 needs a second varint byte
    text: fc
      .array(fc.constantFrom(...WORDS), { maxLength: 12 })
      .chain((ws) => fc.constantFrom(ws, [...ws, ...Array<string>(130).fill('eta')]))
      .map((ws) => ws.join(' ')),
    title: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }).map((ws) => ws.join(' ')),
  });
  const docs = fc.array(doc, { minLength: 0, maxLength: 40 });
  const query = fc.record({
    weights: fc.dictionary(
      fc.constantFrom(...WORDS, 'absent'),
      fc.double({ min: 0.1, max: 2, noNaN: true }),
    ),
    text: fc.double({ min: 0, max: 2, noNaN: true }),
    title: fc.double({ min: 0, max: 2, noNaN: true }),
    limit: fc.integer({ min: 1, max: 10 }),
  });
  const build = (ds: readonly Omit<Doc, 'id'>[]) => {
    const mini = new ParagraphMiniSearch<Doc>(OPTIONS);
    mini.addAll(ds.map((d, id) => ({ id, ...d })));
    return mini;
  };
  const byTerm = (p: PackedIndex) => ({
    ...p,
    index: [...p.index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  });
  /** Through JSON, as a snapshot file carries it. */
  const load = (mini: ParagraphMiniSearch<Doc>) =>
    ParagraphMiniSearch.fromPacked<Doc>(JSON.parse(JSON.stringify(mini.toPacked())), OPTIONS);

  it('loads an index that ranks every query as the built one, bit for bit (fast-check)', () => {
    fc.assert(
      fc.property(docs, fc.array(query, { minLength: 1, maxLength: 5 }), (ds, queries) => {
        const built = build(ds);
        const loaded = load(built);
        for (const q of queries) {
          const weighted = new Map(Object.entries(q.weights));
          const boosts = { text: q.text, title: q.title };
          const want = built.topK(weighted, boosts, q.limit);
          expect(loaded.topK(weighted, boosts, q.limit)).toEqual(want);
          expect(loaded.topK(weighted, boosts, q.limit, (id) => id % 2 === 0)).toEqual(
            built.topK(weighted, boosts, q.limit, (id) => id % 2 === 0),
          );
        }
        // and it packs again to the same thing, all without building MiniSearch's maps
        expect(loaded.toPacked()).toEqual(built.toPacked());
        expect(Object.getOwnPropertyDescriptor(loaded, '_index')?.get).toBeDefined();
      }),
    );
  });

  it('builds MiniSearch’s own maps when a MiniSearch method needs them (fast-check)', () => {
    fc.assert(
      fc.property(docs, fc.array(doc, { minLength: 1, maxLength: 4 }), query, (ds, more, q) => {
        const built = build(ds);
        const loaded = load(built);
        for (const word of WORDS) expect(loaded.search(word)).toEqual(built.search(word));
        // documents added after loading are ranked with the rest
        const added = more.map((d, k) => ({ id: ds.length + k, ...d }));
        built.addAll(added);
        loaded.addAll(added);
        const weighted = new Map(Object.entries(q.weights));
        const boosts = { text: q.text, title: q.title };
        expect(loaded.topK(weighted, boosts, q.limit)).toEqual(
          built.topK(weighted, boosts, q.limit),
        );
        // the same postings, its terms in the order the rebuilt term tree lists them
        expect(byTerm(loaded.toPacked())).toEqual(byTerm(built.toPacked()));
      }),
    );
  });

  it('packs only an index whose ids are its documents’ order', () => {
    const mini = new ParagraphMiniSearch<Doc>(OPTIONS);
    mini.addAll([{ id: 5, text: 'alpha', title: '' }]);
    expect(() => mini.toPacked()).toThrow('only an index whose ids are its documents’ order');
    const removed = build([
      { text: 'alpha', title: '' },
      { text: 'beta', title: '' },
    ]);
    removed.discard(0);
    expect(() => removed.toPacked()).toThrow('only an index of documents added in order');
  });

  it('refuses field lengths for another number of documents', () => {
    const packed = build([{ text: 'alpha', title: 'beta' }]).toPacked();
    expect(() =>
      ParagraphMiniSearch.fromPacked<Doc>({ ...packed, fieldLength: [1] }, OPTIONS),
    ).toThrow('field lengths for another number of paragraphs');
  });
});
