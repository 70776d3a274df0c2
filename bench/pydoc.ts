import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import cliProgress from 'cli-progress';
import { HTML_PARSER_VERSION, parseHtmlDocument, type SentenceMode } from '../src/corpus/html.ts';
import type { Document, Paragraph } from '../src/corpus/types.ts';

const run = promisify(execFile);

const PACKAGE = 'python3.11-doc';
/** Where the Debian package puts the Sphinx HTML build, relative to the unpacked root. */
const HTML_SUBDIR = join('usr', 'share', 'doc', 'python3.11', 'html');
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface PydocOptions {
  /** Download, unpack and parse cache. Default `<repo>/.cache/pydoc`; relative paths are from cwd. */
  cacheDir?: string;
  /** Show a progress bar while parsing (only ever on a TTY). Default true. */
  progress?: boolean;
  /**
   * Sentence splitter; the parse cache is kept per mode. Default 'fast': on these API docs ICU keeps
   * dotted names ("gc.enable()") whole where wink splits them, and it is ~5x faster when cold.
   */
  sentences?: SentenceMode;
}

export interface PydocCorpus {
  documents: Document[];
  paragraphs: Paragraph[];
  /** Wall time to produce the documents: parsing HTML when cold, reading the JSON cache when warm. */
  ingestMs: number;
  fromCache: boolean;
}

interface CacheFile {
  key: string;
  documents: Document[];
}

/**
 * Loads the Python 3.11 documentation as a large benchmark corpus (~500 pages). The first run
 * downloads `python3.11-doc` with apt-get, unpacks it and parses every page; the parsed documents
 * are cached as JSON so later runs take a fraction of a second. Prints nothing but the progress bar.
 *
 * @example
 *   const { paragraphs, ingestMs } = await loadPydocCorpus({ progress: true });
 *   console.log(`${paragraphs.length} paragraphs in ${ingestMs.toFixed(0)} ms`);
 */
export async function loadPydocCorpus(opts: PydocOptions = {}): Promise<PydocCorpus> {
  const cacheDir = opts.cacheDir ? resolve(opts.cacheDir) : join(REPO_ROOT, '.cache', 'pydoc');
  const mode: SentenceMode = opts.sentences ?? 'fast';
  await mkdir(cacheDir, { recursive: true });
  const { deb, htmlDir } = await ensureUnpacked(cacheDir);
  // The key names the package build and parser rules, so either changing rebuilds the cache.
  const key = `${deb.replace(/\.deb$/, '')}|html-v${HTML_PARSER_VERSION}|${mode}`;
  const cachePath = join(cacheDir, `parsed-v${HTML_PARSER_VERSION}-${mode}.json`);

  const started = performance.now();
  const cached = await readCache(cachePath, key);
  if (cached) {
    return {
      documents: cached,
      paragraphs: cached.flatMap((d) => d.paragraphs),
      ingestMs: performance.now() - started,
      fromCache: true,
    };
  }

  const files = await listPages(htmlDir);
  const showBar = (opts.progress ?? true) && process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'pydoc {bar} {value}/{total} pages | {file}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(files.length, 0, { file: '' });
  const documents: Document[] = [];
  for (const file of files) {
    const rel = relative(htmlDir, file).split(sep).join('/');
    const html = await readFile(file, 'utf8');
    documents.push(parseHtmlDocument(html, { slug: slugOf(rel), path: rel, sentences: mode }));
    bar?.increment(1, { file: rel });
  }
  bar?.stop();
  const ingestMs = performance.now() - started;

  const tmp = `${cachePath}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ key, documents } satisfies CacheFile));
  await rename(tmp, cachePath); // atomic, so an interrupted run never leaves a half-written cache
  return {
    documents,
    paragraphs: documents.flatMap((d) => d.paragraphs),
    ingestMs,
    fromCache: false,
  };
}

/** `library/functions.html` → `library-functions`. */
export function slugOf(relPath: string): string {
  return relPath
    .replace(/\.html?$/i, '')
    .replace(/[^A-Za-z0-9_.]+/g, '-')
    .toLowerCase();
}

async function ensureUnpacked(cacheDir: string): Promise<{ deb: string; htmlDir: string }> {
  const unpacked = join(cacheDir, 'root');
  const htmlDir = join(unpacked, HTML_SUBDIR);
  let deb = await findDeb(cacheDir);
  if (deb === undefined) {
    await download(cacheDir);
    deb = await findDeb(cacheDir);
    if (deb === undefined)
      throw new Error(`apt-get download ${PACKAGE} left no .deb in ${cacheDir}`);
  }
  if (!existsSync(join(htmlDir, 'index.html'))) {
    await run('dpkg-deb', ['-x', join(cacheDir, deb), unpacked], { maxBuffer: 16 << 20 });
    if (!existsSync(join(htmlDir, 'index.html'))) {
      throw new Error(`unpacked ${deb} but found no ${HTML_SUBDIR}/index.html under ${unpacked}`);
    }
  }
  return { deb, htmlDir };
}

async function findDeb(dir: string): Promise<string | undefined> {
  const names = await readdir(dir);
  return names.filter((n) => n.startsWith(`${PACKAGE}_`) && n.endsWith('.deb')).sort()[0];
}

/** `apt-get download` needs no root, but needs package lists; only root can refresh them. */
async function download(cacheDir: string): Promise<void> {
  const get = () => run('apt-get', ['download', PACKAGE], { cwd: cacheDir, maxBuffer: 16 << 20 });
  try {
    await get();
    return;
  } catch (first) {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `apt-get download ${PACKAGE} failed (${errorText(first)}). Run \`sudo apt-get update\` ` +
          `and retry, or put ${PACKAGE}_*.deb in ${cacheDir} yourself.`,
      );
    }
  }
  try {
    await run('apt-get', ['update'], { maxBuffer: 64 << 20 });
    await get();
  } catch (second) {
    throw new Error(
      `apt-get download ${PACKAGE} failed even after apt-get update (${errorText(second)}). ` +
        `Put ${PACKAGE}_*.deb in ${cacheDir} yourself.`,
    );
  }
}

function errorText(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n').slice(-2).join(' ');
}

/**
 * Every content page, sorted for a stable order. Left out: Sphinx assets (`_static`, `_sources`,
 * `_images`, `_downloads`), the generated indexes and search page, and `includes/` fragments
 * that are pasted into other pages.
 */
async function listPages(htmlDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('_') && entry.name !== 'includes') await walk(path);
      } else if (
        entry.name.endsWith('.html') &&
        !/^(genindex|py-modindex|search)\b/.test(entry.name)
      ) {
        out.push(path);
      }
    }
  };
  await walk(htmlDir);
  return out.sort();
}

async function readCache(path: string, key: string): Promise<Document[] | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
    return data.key === key && Array.isArray(data.documents) ? data.documents : undefined;
  } catch {
    return undefined; // a corrupt cache is rebuilt, not fatal
  }
}
