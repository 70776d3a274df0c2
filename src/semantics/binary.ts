import { renameSync, unlinkSync, writeFileSync } from 'node:fs';

// Shared by the vectors, lexicon and neighbour files: every file opens with an 8-byte magic, a
// u32 format version and a u32 header length, and every section starts 8-byte aligned so typed
// arrays can view the buffer in place (a Float32Array or Uint32Array needs an aligned offset).

export const ALIGN = 8;

export function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * A buffer whose byteOffset is aligned. readFileSync can hand back a slice of Node's shared pool
 * for small files; typed-array views need an aligned start, so such a buffer is copied once.
 */
export function aligned(buf: Uint8Array): Uint8Array {
  if (buf.byteOffset % ALIGN === 0) return buf;
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return copy;
}

/** Writes through a temporary file and a rename, so an interrupted run never leaves half a file. */
export function writeAtomic(file: string, data: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw error;
  }
}

/** Byte-wise comparison of key[0..keyLen) with bytes[start..end): negative when key sorts first. */
export function compareBytes(
  key: Uint8Array,
  keyLen: number,
  bytes: Uint8Array,
  start: number,
  end: number,
): number {
  const n = Math.min(keyLen, end - start);
  for (let i = 0; i < n; i++) {
    const d = (key[i] ?? 0) - (bytes[start + i] ?? 0);
    if (d !== 0) return d;
  }
  return keyLen - (end - start);
}

/**
 * Compares two strings by code point, which is also the order of their UTF-8 bytes (plain `<`
 * compares UTF-16 units, which puts U+E000..U+FFFF after astral characters). The files sort their
 * words this way so a lookup can binary-search the UTF-8 bytes without decoding them.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x <= 0xdfff ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y <= 0xdfff ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** A sequential writer into one preallocated buffer, sections aligned. */
export class BufferWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  offset = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u32(value: number): void {
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }

  /** UTF-8 bytes of a string, straight into the buffer (no intermediate array per string). */
  text(s: string): void {
    this.offset += encoder.encodeInto(s, this.bytes.subarray(this.offset)).written;
  }

  raw(data: Uint8Array): void {
    this.bytes.set(data, this.offset);
    this.offset += data.byteLength;
  }

  /** A typed array's bytes (little-endian on every platform Node runs on). */
  array(data: Uint32Array | Float32Array | Int8Array | Uint8Array | Uint16Array): void {
    this.raw(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  pad(): void {
    this.offset = align(this.offset);
  }
}

/**
 * Reads the common header and returns a cursor past it. Throws `<prefix>: <file>: ...` on a
 * foreign file, another format version or a file shorter than its header.
 */
export class BufferReader {
  readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly fail: (reason: string) => Error,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (this.offset + n > this.bytes.byteLength) {
      throw this.fail(
        `truncated (${this.bytes.byteLength} bytes, expected at least ${this.offset + n})`,
      );
    }
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  string(length: number): string {
    this.need(length);
    const s = fromUtf8(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return s;
  }

  pad(): void {
    this.offset = align(this.offset);
  }

  u32s(n: number): Uint32Array {
    this.pad();
    this.need(n * 4);
    const a = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset + this.offset, n);
    this.offset += n * 4;
    return a;
  }

  f32s(n: number): Float32Array {
    this.pad();
    this.need(n * 4);
    const a = new Float32Array(this.bytes.buffer, this.bytes.byteOffset + this.offset, n);
    this.offset += n * 4;
    return a;
  }

  i8s(n: number): Int8Array {
    this.pad();
    this.need(n);
    const a = new Int8Array(this.bytes.buffer, this.bytes.byteOffset + this.offset, n);
    this.offset += n;
    return a;
  }

  u8s(n: number): Uint8Array {
    this.pad();
    this.need(n);
    const a = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return a;
  }

  /** The end of the last section must be the end of the file: a longer file is not ours either. */
  end(): void {
    this.pad();
    if (this.offset !== this.bytes.byteLength) {
      throw this.fail(`size mismatch (${this.bytes.byteLength} bytes, expected ${this.offset})`);
    }
  }
}

/** Checks the magic and the format version at the start of a file. */
export function readMagic(
  reader: BufferReader,
  magic: string,
  version: number,
  fail: (reason: string) => Error,
  hint: string,
): void {
  const expected = utf8(magic);
  if (reader.bytes.byteLength < expected.byteLength + 4) {
    throw fail(
      `truncated (${reader.bytes.byteLength} bytes, expected at least ${expected.byteLength + 4})`,
    );
  }
  for (let i = 0; i < expected.byteLength; i++) {
    if (reader.bytes[i] !== expected[i]) throw fail(`not a ${hint} file`);
  }
  reader.offset = expected.byteLength;
  const found = reader.u32();
  if (found !== version) {
    throw fail(`format version ${found}, expected ${version} (prepare it again)`);
  }
}
