import { align, BufferReader, BufferWriter, readMagic, utf8 } from './binary.ts';
import { createDotKernel, type DotKernel, strideFor } from './dot-kernel.ts';
import {
  buildIndexParts,
  neighboursError as fail,
  type NeighbourBuildOptions,
  type NeighbourIndexParts,
} from './neighbours-build.ts';
import type { WordVectors } from './vectors.ts';

const MAGIC = 'DOSSNNI\n';
const FORMAT = 1;

export interface Neighbour {
  /** Position in the vocabulary the index was built from. */
  index: number;
  /** Cosine similarity with the query (−1..1). */
  sim: number;
}

/**
 * Nearest neighbours by cosine over a fixed vocabulary of unit vectors: an inverted-file index
 * (spherical k-means cells, a query scans the cells whose centroids are closest to it) above
 * EXACT_BELOW vectors, a full scan below. Vectors are kept int8-quantised (one scale per row), the
 * form toBuffer() stores, so an index loaded from a buffer answers exactly as the one built.
 *
 * @example
 * const index = NeighbourIndex.fromRows(vectors, rowsOfCorpusWords);
 * index.nearest(vectors.vector(vectors.row('kyiv')), 10, 0.5); // [{ index: 12, sim: 0.76 }, ...]
 */
export class NeighbourIndex {
  readonly dims: number;
  readonly size: number;
  readonly lists: number;
  probes: number;
  private readonly stride: number;
  /** Vocabulary position of each stored row (rows are stored list by list). */
  private readonly order: Uint32Array;
  /** Stored rows of list l are starts[l] .. starts[l+1]. */
  private readonly starts: Uint32Array;
  /** Smallest cosine between a list's centroid and its members, for pruning whole lists. */
  private readonly radius: Float32Array;
  private readonly centroids: Float32Array;
  private readonly scales: Float32Array;
  private readonly q: Int8Array;
  private readonly kernel: DotKernel;
  // float offsets in the kernel's memory
  private readonly queryAt = 0;
  private readonly outAt: number;
  private readonly centroidsAt: number;
  private readonly rowsAt: number;
  private bestSim = new Float64Array(16);
  private bestIdx = new Int32Array(16);
  private probeSim = new Float64Array(16);
  private probeList = new Int32Array(16);

  private constructor(parts: NeighbourIndexParts) {
    this.dims = parts.dims;
    this.stride = strideFor(parts.dims);
    this.size = parts.order.length;
    this.lists = parts.radius.length;
    this.probes = parts.probes;
    this.order = parts.order;
    this.starts = parts.starts;
    this.radius = parts.radius;
    this.centroids = parts.centroids;
    this.scales = parts.scales;
    this.q = parts.q;
    this.kernel = parts.kernel;
    let longest = this.lists;
    for (let l = 0; l < this.lists; l++) {
      longest = Math.max(longest, (this.starts[l + 1] ?? 0) - (this.starts[l] ?? 0));
    }
    this.outAt = this.stride;
    this.centroidsAt = this.outAt + Math.ceil(longest / 4) * 4;
    this.rowsAt = this.centroidsAt + this.lists * this.stride;
    this.kernel.grow(this.rowsAt + this.size * this.stride);
    this.fillKernel();
  }

  /**
   * Builds an index over `count × dims` vectors (need not be unit: each is normalised).
   * Positions in results are row numbers of this array.
   */
  static build(
    vectors: Float32Array | ArrayLike<number>,
    dims: number,
    opts: NeighbourBuildOptions = {},
  ): NeighbourIndex {
    return new NeighbourIndex(buildIndexParts(vectors, dims, opts));
  }

  /** An index over some rows of a vectors file; result positions are positions in `rows`. */
  static fromRows(
    vectors: WordVectors,
    rows: ArrayLike<number>,
    opts?: NeighbourBuildOptions,
  ): NeighbourIndex {
    const d = vectors.dimensions;
    const all = new Float32Array(rows.length * d);
    for (let i = 0; i < rows.length; i++) {
      vectors.vector(rows[i] ?? 0, all.subarray(i * d, i * d + d));
    }
    return NeighbourIndex.build(all, d, opts);
  }

  /**
   * Vocabulary positions with cosine ≥ minSim to `query`, best first, at most k. The query is
   * normalised here; a zero query has no neighbours.
   */
  nearest(query: ArrayLike<number>, k: number, minSim: number): Neighbour[] {
    if (query.length < this.dims) throw fail(`query has ${query.length} < ${this.dims} dimensions`);
    if (k <= 0 || this.size === 0) return [];
    const m = this.kernel.f32;
    let norm = 0;
    for (let j = 0; j < this.dims; j++) norm += (query[j] ?? 0) ** 2;
    if (!(norm > 0)) return [];
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < this.dims; j++) m[this.queryAt + j] = (query[j] ?? 0) * inv;
    if (this.bestSim.length < k) {
      this.bestSim = new Float64Array(k);
      this.bestIdx = new Int32Array(k);
    }
    let found = 0;
    const probes = this.chooseLists();
    for (let p = 0; p < probes; p++) {
      const l = this.probeList[p] ?? 0;
      const floor = found < k ? minSim : Math.max(minSim, this.bestSim[k - 1] ?? minSim);
      if (this.lists > 1 && upperBound(this.probeSim[p] ?? 0, this.radius[l] ?? -1) < floor) {
        continue;
      }
      const start = this.starts[l] ?? 0;
      const n = (this.starts[l + 1] ?? 0) - start;
      this.kernel.dots(this.queryAt, this.rowsAt + start * this.stride, n, this.stride, this.outAt);
      for (let i = 0; i < n; i++) {
        const s = m[this.outAt + i] ?? -2;
        if (s < minSim || (found === k && s <= (this.bestSim[k - 1] ?? 2))) continue;
        let at = found < k ? found++ : k - 1;
        while (at > 0 && (this.bestSim[at - 1] ?? 2) < s) {
          this.bestSim[at] = this.bestSim[at - 1] ?? 0;
          this.bestIdx[at] = this.bestIdx[at - 1] ?? 0;
          at--;
        }
        this.bestSim[at] = s;
        this.bestIdx[at] = start + i;
      }
    }
    const result: Neighbour[] = [];
    for (let i = 0; i < found; i++) {
      const sim = Math.max(-1, Math.min(1, this.bestSim[i] ?? 0));
      result.push({ index: this.order[this.bestIdx[i] ?? 0] ?? 0, sim });
    }
    return result;
  }

  /** The index as bytes (int8 rows, centroids, lists), for a snapshot on disk. */
  toBuffer(): Uint8Array {
    const n = this.size;
    const d = this.dims;
    const K = this.lists;
    let size = 8 + 4 * 5;
    for (const bytes of [4 * n, 4 * (K + 1), 4 * K, 4 * K * d, 4 * n, n * d]) {
      size = align(size) + bytes;
    }
    const w = new BufferWriter(align(size));
    w.raw(utf8(MAGIC));
    w.u32(FORMAT);
    w.u32(d);
    w.u32(n);
    w.u32(K);
    w.u32(this.probes);
    for (const part of [
      this.order,
      this.starts,
      this.radius,
      this.centroids,
      this.scales,
      this.q,
    ]) {
      w.pad();
      w.array(part);
    }
    w.pad();
    return w.bytes;
  }

  /** Reads toBuffer()'s bytes; typed-array views, one fill of the kernel memory, no per-entry objects. */
  static fromBuffer(buf: Uint8Array, opts: { scalar?: boolean } = {}): NeighbourIndex {
    const bytes = buf.byteOffset % 8 === 0 ? buf : buf.slice();
    const r = new BufferReader(bytes, fail);
    readMagic(r, MAGIC, FORMAT, fail, 'neighbour index');
    const dims = r.u32();
    const n = r.u32();
    const K = r.u32();
    const probes = r.u32();
    if (dims === 0 || K === 0) throw fail('corrupt header');
    const order = r.u32s(n);
    const starts = r.u32s(K + 1);
    const radius = r.f32s(K);
    const centroids = r.f32s(K * dims);
    const scales = r.f32s(n);
    const q = r.i8s(n * dims);
    r.end();
    let previous = 0;
    for (let l = 0; l <= K; l++) {
      const s = starts[l] ?? 0;
      if (s < previous || s > n) throw fail('corrupt lists');
      previous = s;
    }
    if (previous !== n || starts[0] !== 0) throw fail('corrupt lists');
    for (let i = 0; i < n; i++) if ((order[i] ?? 0) >= n) throw fail('corrupt order');
    return new NeighbourIndex({
      dims,
      probes: Math.max(1, Math.min(K, probes)),
      order,
      starts,
      radius,
      centroids,
      scales,
      q,
      kernel: createDotKernel(opts.scalar),
    });
  }

  private fillKernel(): void {
    const m = this.kernel.f32;
    const d = this.dims;
    // the lanes past `dims` take part in every dot product: they must be zero
    m.fill(0, 0, this.rowsAt + this.size * this.stride);
    for (let c = 0; c < this.lists; c++) {
      m.set(this.centroids.subarray(c * d, c * d + d), this.centroidsAt + c * this.stride);
    }
    for (let k = 0; k < this.size; k++) {
      const s = this.scales[k] ?? 0;
      const o = this.rowsAt + k * this.stride;
      for (let j = 0; j < d; j++) m[o + j] = (this.q[k * d + j] ?? 0) * s;
    }
  }

  /** Fills probeList/probeSim with the lists to scan, closest centroid first; returns how many. */
  private chooseLists(): number {
    if (this.lists === 1) {
      this.probeList[0] = 0;
      this.probeSim[0] = 1;
      return 1;
    }
    const P = this.probes;
    if (this.probeList.length < P) {
      this.probeList = new Int32Array(P);
      this.probeSim = new Float64Array(P);
    }
    const m = this.kernel.f32;
    this.kernel.dots(this.queryAt, this.centroidsAt, this.lists, this.stride, this.outAt);
    let found = 0;
    for (let c = 0; c < this.lists; c++) {
      const s = m[this.outAt + c] ?? -2;
      if (found === P && s <= (this.probeSim[P - 1] ?? 2)) continue;
      let at = found < P ? found++ : P - 1;
      while (at > 0 && (this.probeSim[at - 1] ?? 2) < s) {
        this.probeSim[at] = this.probeSim[at - 1] ?? 0;
        this.probeList[at] = this.probeList[at - 1] ?? 0;
        at--;
      }
      this.probeSim[at] = s;
      this.probeList[at] = c;
    }
    return found;
  }
}

/**
 * The best cosine any member of a list can have with the query: the angle to a member is at least
 * the angle to the centroid less the list's widest member angle.
 */
function upperBound(centroidSim: number, radiusCos: number): number {
  const clamp = (x: number) => Math.max(-1, Math.min(1, x));
  const gap = Math.acos(clamp(centroidSim)) - Math.acos(clamp(radiusCos));
  return gap <= 0 ? 1 : Math.cos(gap);
}
