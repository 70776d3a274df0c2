/**
 * ParagraphMiniSearch reads MiniSearch's protected fields (_fieldIds, _fieldLength, _index …),
 * which a minor release may rename: the dependency is pinned to the exact version these tests
 * and the README's figures were made with, so an upgrade is a deliberate change.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BM25, ParagraphMiniSearch } from '../../src/search/paragraph-minisearch.ts';

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
