import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePostings, encodePostings } from '../../src/search/postings-codec.ts';

/** Postings per field id: document ids ascending, each with a term frequency. */
const postings = fc
  .dictionary(
    fc.integer({ min: 0, max: 5 }).map(String),
    fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 20 }).chain((ids) =>
      fc
        .array(fc.integer({ min: 1, max: 100_000 }), {
          minLength: ids.length,
          maxLength: ids.length,
        })
        .map((tfs) => {
          const sorted = [...ids].sort((a, b) => a - b);
          return new Map(sorted.map((id, k) => [id, tfs[k] as number]));
        }),
    ),
  )
  .map((byField) => new Map(Object.entries(byField).map(([f, m]) => [Number(f), m])));

describe('postings codec', () => {
  it('decodes what it encodes, fields in order, ids and frequencies exact (fast-check)', () => {
    fc.assert(
      fc.property(postings, (data) => {
        const decoded = decodePostings(encodePostings(data));
        const fields = [...data.keys()].sort((a, b) => a - b);
        expect(decoded.map((d) => d.fieldId)).toEqual(fields);
        for (const d of decoded) {
          const want = data.get(d.fieldId) as Map<number, number>;
          expect([...d.ids]).toEqual([...want.keys()]);
          expect([...d.tfs]).toEqual([...want.values()]);
        }
      }),
    );
  });

  it('writes a small posting in a few bytes: ids as distances, one byte each below 128', () => {
    const data = new Map([
      [
        0,
        new Map([
          [1000, 1],
          [1001, 2],
          [1130, 200],
        ]),
      ],
    ]);
    // field 0, 3 documents, 1000 (two bytes), 1, 0, 2, 128 (two bytes), 200 (two bytes)
    expect(Buffer.from(encodePostings(data), 'base64')).toHaveLength(11);
  });

  it('refuses what it cannot write, and a cut-short string', () => {
    expect(() => encodePostings(new Map([[0, new Map([[3, 1.5]])]]))).toThrow(
      'search: a posting holds 1.5, not a count',
    );
    expect(() =>
      encodePostings(
        new Map([
          [
            0,
            new Map([
              [5, 1],
              [2, 1],
            ]),
          ],
        ]),
      ),
    ).toThrow('search: postings out of document order');
    const encoded = encodePostings(new Map([[0, new Map([[200, 300]])]]));
    const cut = Buffer.from(encoded, 'base64').subarray(0, 3).toString('base64');
    expect(() => decodePostings(cut)).toThrow('search: a term’s postings are cut short');
  });
});
