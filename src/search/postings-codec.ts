/**
 * A term's postings as a snapshot keeps them (ParagraphMiniSearch.toPacked): per field, in field
 * order, its id, its number of documents, then each document's distance from the one before
 * (less one) and the term's frequency there, all as varints (7 bits a byte, the high bit saying
 * more follows), in base64. 4.6 MB for the Python docs' 1.1 million postings, where MiniSearch's
 * JSON took 13.6, and decoded per term on first use.
 */
import { Buffer } from 'node:buffer';

/** A term's postings (its Map per field id, ids ascending) as base64 varints; see `toPacked`. */
export function encodePostings(data: ReadonlyMap<number, ReadonlyMap<number, number>>): string {
  const bytes: number[] = [];
  const put = (value: number) => {
    // MiniSearch counts occurrences: anything else would be written wrong, not refused later
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`search: a posting holds ${value}, not a count`);
    let v = value;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  };
  for (const fieldId of [...data.keys()].sort((a, b) => a - b)) {
    const postings = data.get(fieldId) as ReadonlyMap<number, number>;
    put(fieldId);
    put(postings.size);
    let previous = -1;
    for (const [id, tf] of postings) {
      // topK reaches documents in this order, which decides ties: kept as MiniSearch has it
      if (id <= previous) throw new Error('search: postings out of document order');
      put(id - previous - 1);
      put(tf);
      previous = id;
    }
  }
  return Buffer.from(bytes).toString('base64');
}

/** The postings `encodePostings` wrote, per field in field order. */
export function decodePostings(
  encoded: string,
): { fieldId: number; ids: Int32Array; tfs: Int32Array }[] {
  const bytes = Buffer.from(encoded, 'base64');
  let at = 0;
  const next = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new Error('search: a term’s postings are cut short');
      const b = bytes[at++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  };
  const out: { fieldId: number; ids: Int32Array; tfs: Int32Array }[] = [];
  while (at < bytes.length) {
    const fieldId = next();
    const df = next();
    const ids = new Int32Array(df);
    const tfs = new Int32Array(df);
    let id = -1;
    for (let j = 0; j < df; j++) {
      id += next() + 1;
      ids[j] = id;
      tfs[j] = next();
    }
    out.push({ fieldId, ids, tfs });
  }
  return out;
}
