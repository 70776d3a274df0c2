import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotModuleBytes } from '../../src/semantics/dot-kernel.ts';
import { NeighbourIndex } from '../../src/semantics/neighbours.ts';
import { EXACT_BELOW } from '../../src/semantics/neighbours-build.ts';
import { loadVectors, writeVectors } from '../../src/semantics/vectors.ts';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Vectors around `centres` random centres (word vectors have such clumps; uniform noise has none). */
function clustered(count: number, dims: number, centres: number, seed: number): Float32Array {
  const next = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const c = Array.from({ length: centres }, () => Array.from({ length: dims }, gauss));
  const out = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    const centre = c[Math.floor(next() * centres)] ?? [];
    for (let j = 0; j < dims; j++) out[i * dims + j] = (centre[j] ?? 0) + 0.8 * gauss();
  }
  return out;
}

function bruteForce(
  vectors: ArrayLike<number>,
  dims: number,
  query: ArrayLike<number>,
  k: number,
  minSim: number,
): { index: number; sim: number }[] {
  const count = vectors.length / dims;
  let qn = 0;
  for (let j = 0; j < dims; j++) qn += (query[j] ?? 0) ** 2;
  const all: { index: number; sim: number }[] = [];
  for (let i = 0; i < count; i++) {
    let dot = 0;
    let n = 0;
    for (let j = 0; j < dims; j++) {
      const x = vectors[i * dims + j] ?? 0;
      dot += x * (query[j] ?? 0);
      n += x * x;
    }
    const sim = n === 0 || qn === 0 ? 0 : dot / Math.sqrt(n * qn);
    if (sim >= minSim) all.push({ index: i, sim });
  }
  return all.sort((a, b) => b.sim - a.sim).slice(0, k);
}

describe('the dot-product kernel', () => {
  it('is a valid WebAssembly module with SIMD', () => {
    expect(WebAssembly.validate(dotModuleBytes())).toBe(true);
  });
});

describe('NeighbourIndex below the exact threshold', () => {
  it('finds what a brute-force scan finds, sorted, at most k, at least minSim', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 15 }),
        fc.double({ min: -1, max: 0.9, noNaN: true }),
        (count, dims, seed, k, minSim) => {
          const vectors = clustered(count, dims, 5, seed);
          const index = NeighbourIndex.build(vectors, dims);
          const query = clustered(1, dims, 5, seed + 1);
          const got = index.nearest(query, k, minSim);
          expect(got.length).toBeLessThanOrEqual(k);
          for (let i = 0; i < got.length; i++) {
            const g = got[i];
            expect(g?.sim ?? -2).toBeGreaterThanOrEqual(minSim);
            if (i > 0) expect(g?.sim ?? 2).toBeLessThanOrEqual(got[i - 1]?.sim ?? -2);
          }
          expect(new Set(got.map((g) => g.index)).size).toBe(got.length);
          // int8 rows: a similarity may move by ~0.01, so compare sims, and lengths up to the edge
          const want = bruteForce(vectors, dims, query, k, minSim);
          got.forEach((g, i) => {
            expect(Math.abs(g.sim - (want[i]?.sim ?? minSim))).toBeLessThan(0.02);
          });
          const clear = want.filter((w) => w.sim >= minSim + 0.02).length;
          expect(got.length).toBeGreaterThanOrEqual(Math.min(k, clear));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('has no neighbours for a zero query or k = 0, and rejects a short query', () => {
    const index = NeighbourIndex.build(clustered(10, 4, 2, 1), 4);
    expect(index.nearest([0, 0, 0, 0], 5, -1)).toEqual([]);
    expect(index.nearest([1, 0, 0, 0], 0, -1)).toEqual([]);
    expect(() => index.nearest([1, 0], 5, -1)).toThrow('neighbours: query has 2 < 4 dimensions');
  });

  it('rejects input that is not whole vectors', () => {
    expect(() => NeighbourIndex.build(new Float32Array(7), 2)).toThrow(
      'neighbours: 7 values are not a whole number of 2-dimensional vectors',
    );
  });
});

describe('NeighbourIndex above the exact threshold (inverted lists)', () => {
  const dims = 24;
  const count = EXACT_BELOW + 1000;
  const vectors = clustered(count, dims, 80, 11);
  const queries = Array.from({ length: 60 }, (_, i) => clustered(1, dims, 80, 1000 + i));
  const index = NeighbourIndex.build(vectors, dims, { seed: 3 });

  it('uses lists, and agrees with the exact search on most of the top 10', () => {
    expect(index.lists).toBeGreaterThan(1);
    const exact = NeighbourIndex.build(vectors, dims, { lists: 1 });
    let hits = 0;
    for (const q of queries) {
      const truth = new Set(exact.nearest(q, 10, -1).map((n) => n.index));
      for (const n of index.nearest(q, 10, -1)) if (truth.has(n.index)) hits++;
    }
    expect(hits / (10 * queries.length)).toBeGreaterThan(0.85);
  });

  it('is exact when every list is probed', () => {
    const exact = NeighbourIndex.build(vectors, dims, { lists: 1 });
    const all = NeighbourIndex.build(vectors, dims, { seed: 3 });
    all.probes = all.lists;
    for (const q of queries.slice(0, 20)) {
      const want = exact.nearest(q, 10, 0.3).map((n) => n.index);
      expect(all.nearest(q, 10, 0.3).map((n) => n.index)).toEqual(want);
    }
  });

  it('round-trips through toBuffer/fromBuffer with identical answers', () => {
    const bytes = index.toBuffer();
    const copy = NeighbourIndex.fromBuffer(bytes);
    expect(copy.size).toBe(count);
    expect(copy.lists).toBe(index.lists);
    expect(copy.probes).toBe(index.probes);
    for (const q of queries) expect(copy.nearest(q, 10, 0.2)).toEqual(index.nearest(q, 10, 0.2));
    // a buffer at an odd offset (inside a larger file) loads too
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const q = queries[0] ?? [];
    expect(NeighbourIndex.fromBuffer(shifted.subarray(3)).nearest(q, 5, -1)).toEqual(
      index.nearest(q, 5, -1),
    );
  });

  it('answers the same through the plain JavaScript kernel', () => {
    const scalar = NeighbourIndex.fromBuffer(index.toBuffer(), { scalar: true });
    for (const q of queries.slice(0, 20)) {
      const a = index.nearest(q, 10, -1);
      const b = scalar.nearest(q, 10, -1);
      expect(b.map((n) => n.index)).toEqual(a.map((n) => n.index));
      b.forEach((n, i) => {
        expect(n.sim).toBeCloseTo(a[i]?.sim ?? 9, 5);
      });
    }
  });
});

describe('NeighbourIndex.fromBuffer on bad bytes', () => {
  // 32 × 6 int8 values end the file on an 8-byte boundary, so it has no padding
  const good = NeighbourIndex.build(clustered(32, 6, 3, 5), 6).toBuffer();
  it('fails with a stable reason', () => {
    expect(() =>
      NeighbourIndex.fromBuffer(new TextEncoder().encode('not an index at all')),
    ).toThrow('neighbours: not a neighbour index file');
    const bumped = good.slice();
    new DataView(bumped.buffer).setUint32(8, 9, true);
    expect(() => NeighbourIndex.fromBuffer(bumped)).toThrow(
      'neighbours: format version 9, expected 1 (prepare it again)',
    );
    expect(() => NeighbourIndex.fromBuffer(good.subarray(0, good.length - 16))).toThrow(
      `neighbours: truncated (${good.length - 16} bytes, expected at least ${good.length})`,
    );
  });
});

describe('NeighbourIndex.fromRows', () => {
  it('indexes some rows of a vectors file; positions are positions in the row list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-nn-'));
    try {
      const file = join(dir, 'v.vec');
      writeVectors(
        file,
        [
          ['invade', [1, 0.1, 0]],
          ['invasion', [0.95, 0.2, 0]],
          ['buy', [0, 1, 0]],
          ['purchase', [0.05, 0.95, 0.1]],
          ['oil', [0, 0.3, 1]],
        ],
        'hand@1',
      );
      const v = loadVectors(file);
      const rows = [v.row('purchase'), v.row('invasion'), v.row('oil')];
      const index = NeighbourIndex.fromRows(v, rows);
      const got = index.nearest(v.vector(v.row('invade')), 2, 0.5);
      expect(got.map((n) => n.index)).toEqual([1]);
      expect(got[0]?.sim).toBeCloseTo(v.similarity(v.row('invade'), v.row('invasion')), 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
