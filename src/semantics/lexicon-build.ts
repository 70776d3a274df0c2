import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { align, BufferWriter, compareCodePoints, utf8, writeAtomic } from './binary.ts';
import {
  ID_BITS,
  LEXICON_FORMAT,
  LEXICON_MAGIC,
  LEXICON_PACKAGE,
  MAX_SENSES,
  type PartOfSpeech,
  POS,
  POS_BITS,
  RELATIONS,
  type Relation,
} from './lexicon-format.ts';
import {
  FILE_SUFFIX,
  lexiconSource,
  type Pointer,
  parseData,
  parseIndex,
  readExceptions,
  type Synset,
} from './wordnet-dict.ts';

// Building the lexicon file (layout in lexicon-format.ts) from WordNet's dict files.

const POINTER_RELATION: Record<string, Relation> = {
  '+': 'derivation',
  '\\': 'pertainym',
  '&': 'similar',
  '#p': 'holonym',
  '@': 'hypernym',
  '@i': 'instance',
  '~': 'hyponym',
  '!': 'antonym',
};

/**
 * Reads WordNet's index.* and data.* files (and exception lists) from `dictDir` and writes the
 * compact lexicon, atomically. onProgress(done, total) counts the four parts of speech read, the relations and the write.
 */
export async function prepareLexicon(opts: {
  dictDir?: string;
  outFile: string;
  source?: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ lemmas: number; bytes: number; ms: number }> {
  const started = performance.now();
  const installed = opts.dictDir ? null : lexiconSource();
  const dictDir = opts.dictDir ?? installed?.dictDir;
  if (!dictDir) throw new Error(`lexicon: the ${LEXICON_PACKAGE} package is not installed`);
  const source = opts.source ?? installed?.source ?? `dir:${dictDir}`;
  const total = POS.length + 2;
  let done = 0;
  const step = () => opts.onProgress?.(++done, total);

  const synsets = new Map<string, Synset>();
  const senses = new Map<string, Map<PartOfSpeech, number[]>>();
  const exceptions: [string, string[], PartOfSpeech][] = [];
  for (const pos of POS) {
    const dataFile = join(dictDir, `data.${FILE_SUFFIX[pos]}`);
    const indexFile = join(dictDir, `index.${FILE_SUFFIX[pos]}`);
    let data: string;
    let index: string;
    try {
      [data, index] = await Promise.all([readFile(dataFile, 'utf8'), readFile(indexFile, 'utf8')]);
    } catch (error) {
      const path = (error as NodeJS.ErrnoException).path ?? dataFile;
      throw new Error(`lexicon: ${path}: not found`);
    }
    parseData(data, dataFile, (offset, synset) => synsets.set(`${pos}:${offset}`, synset));
    parseIndex(index, indexFile, (lemma, offsets) => {
      const byPos = senses.get(lemma) ?? new Map<PartOfSpeech, number[]>();
      senses.set(lemma, byPos);
      byPos.set(pos, offsets);
    });
    step();
    for (const [form, bases] of await readExceptions(dictDir, pos))
      exceptions.push([form, bases, pos]);
  }

  // word → (target, part of speech of the sense) → best [relation, rank]
  const relations = new Map<string, Map<string, [number, number]>>();
  const offer = (from: string, to: string, relation: Relation, rank: number, pos: PartOfSpeech) => {
    if (from === to) return;
    const targets = relations.get(from) ?? new Map<string, [number, number]>();
    relations.set(from, targets);
    const r = RELATIONS.indexOf(relation);
    const key = `${POS.indexOf(pos)}${to}`;
    const had = targets.get(key);
    if (!had || rank < had[1] || (rank === had[1] && r < had[0])) targets.set(key, [r, rank]);
  };
  const senseRank = (lemma: string, pos: PartOfSpeech, offset: number) =>
    senses.get(lemma)?.get(pos)?.indexOf(offset) ?? -1;
  const targetsOf = (p: Pointer): string[] => {
    const target = synsets.get(`${p.pos}:${p.offset}`);
    if (!target) return [];
    if (p.target === 0) return target.words;
    const word = target.words[p.target - 1];
    return word === undefined ? [] : [word];
  };

  for (const [lemma, byPos] of senses) {
    for (const [pos, offsets] of byPos) {
      for (let rank = 0; rank < Math.min(MAX_SENSES, offsets.length); rank++) {
        const synset = synsets.get(`${pos}:${offsets[rank]}`);
        if (!synset) continue;
        const position = synset.words.indexOf(lemma) + 1;
        for (const other of synset.words) offer(lemma, other, 'synonym', rank, pos);
        for (const p of synset.pointers) {
          const relation = POINTER_RELATION[p.symbol];
          if (!relation || (p.source !== 0 && p.source !== position)) continue;
          for (const target of targetsOf(p)) {
            offer(lemma, target, relation, rank, pos);
            if (relation === 'pertainym') {
              // the reverse (iran → iranian), ranked by the target's own sense
              const back = senseRank(target, p.pos, p.offset);
              if (back >= 0 && back < MAX_SENSES) offer(target, lemma, 'pertainym', back, p.pos);
            }
          }
        }
      }
    }
  }
  step();

  const words = new Set<string>(senses.keys());
  for (const [form, bases] of exceptions) {
    words.add(form);
    for (const b of bases) words.add(b);
  }
  for (const targets of relations.values()) for (const t of targets.keys()) words.add(t.slice(1));
  const sorted = [...words].filter((w) => w !== '').sort(compareCodePoints);
  const ids = new Map(sorted.map((w, i) => [w, i]));
  if (sorted.length > ID_BITS) throw new Error('lexicon: too many words for the file format');

  const ends = new Uint32Array(sorted.length);
  let end = 0;
  sorted.forEach((word, i) => {
    end += Buffer.byteLength(word, 'utf8');
    ends[i] = end;
  });
  const posBits = new Uint8Array(sorted.length);
  const relStart = new Uint32Array(sorted.length + 1);
  const excStart = new Uint32Array(sorted.length + 1);
  const rel: number[] = [];
  const excByWord = new Map<number, number[]>();
  for (const [form, bases, pos] of exceptions) {
    const formId = ids.get(form) ?? -1;
    for (const base of bases) {
      const baseId = ids.get(base);
      // a base that is not a lemma of that part of speech leads nowhere
      if (baseId === undefined || !senses.get(base)?.has(pos) || formId < 0) continue;
      const list = excByWord.get(formId) ?? [];
      excByWord.set(formId, list);
      const packed = (baseId | (POS.indexOf(pos) << 28)) >>> 0;
      if (!list.includes(packed)) list.push(packed);
    }
  }
  const exc: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const word = sorted[i] ?? '';
    for (const pos of senses.get(word)?.keys() ?? [])
      posBits[i] = (posBits[i] ?? 0) | POS_BITS[pos];
    relStart[i] = rel.length;
    const targets = relations.get(word);
    if (targets) {
      const entries = [...targets.entries()].sort((a, b) => a[1][1] - b[1][1] || a[1][0] - b[1][0]);
      for (const [key, [r, rank]] of entries) {
        const pos = Number(key[0]);
        rel.push(((ids.get(key.slice(1)) ?? 0) | (r << 21) | (rank << 25) | (pos << 28)) >>> 0);
      }
    }
    excStart[i] = exc.length;
    exc.push(...(excByWord.get(i) ?? []));
  }
  relStart[sorted.length] = rel.length;
  excStart[sorted.length] = exc.length;

  const sourceBytes = utf8(source);
  let size = 8 + 4 * 6 + sourceBytes.byteLength;
  for (const bytes of [
    4 * sorted.length,
    4 * (sorted.length + 1),
    4 * (sorted.length + 1),
    sorted.length,
    4 * sorted.length,
    end,
    4 * rel.length,
    4 * exc.length,
  ]) {
    size = align(size) + bytes;
  }
  const w = new BufferWriter(align(size));
  w.raw(utf8(LEXICON_MAGIC));
  w.u32(LEXICON_FORMAT);
  w.u32(sorted.length);
  w.u32(end);
  w.u32(rel.length);
  w.u32(exc.length);
  w.u32(sourceBytes.byteLength);
  w.raw(sourceBytes);
  const senseCounts = new Uint32Array(sorted.length);
  sorted.forEach((word, i) => {
    let packed = 0;
    for (const [pos, offsets] of senses.get(word) ?? [])
      packed |= Math.min(255, offsets.length) << (8 * POS.indexOf(pos));
    senseCounts[i] = packed >>> 0;
  });
  for (const part of [ends, relStart, excStart, posBits, senseCounts]) {
    w.pad();
    w.array(part);
  }
  w.pad();
  for (const word of sorted) w.text(word);
  for (const part of [Uint32Array.from(rel), Uint32Array.from(exc)]) {
    w.pad();
    w.array(part);
  }
  w.pad();
  mkdirSync(dirname(opts.outFile), { recursive: true });
  writeAtomic(opts.outFile, w.bytes);
  step();
  return { lemmas: senses.size, bytes: w.bytes.byteLength, ms: performance.now() - started };
}
