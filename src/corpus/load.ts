import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { confine, isInside } from './confine.ts';
import { buildDocument, buildMarkdownDocument, slugify } from './document.ts';
import { FrontMatterError, parseFrontMatter } from './frontmatter.ts';
import { parseHtmlDocument } from './html.ts';
import { readMarkdown } from './markdown.ts';
import { parsePdfFile } from './pdf.ts';
import { type CorpusSettings, DEFAULT_SETTINGS, loadSettings, pageUrl } from './settings.ts';
import { assignSlugs } from './slugs.ts';
import { textBlocks } from './text.ts';
import type { Corpus, CorpusProblem, Document } from './types.ts';

/** Larger files are refused: a corpus document this big is almost surely a mistake (a dump, a log). */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.mdx', '.txt', '.html', '.htm', '.pdf']);

export interface LoadedCorpus extends Corpus {
  /** Hash of every loaded file's path and bytes: changes whenever the corpus does. */
  fingerprint: string;
}

export interface LoadOptions {
  /** Files larger than this are reported and skipped without being read; default 8 MB. */
  maxDocumentBytes?: number | undefined;
  /**
   * Follow symbolic links that lead outside `dir` (CORPUS_FOLLOW_OUTSIDE); default false: such a
   * link is reported with its target and nothing outside is read (see confine.ts).
   */
  followOutside?: boolean | undefined;
}

/** The corpus folder itself cannot be read: nothing can load. `reason` is meant for people. */
export class CorpusFolderError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`corpus: ${dir}: ${reason}`);
  }
}

/**
 * Reads every .md, .txt and .html document under `dir` (recursively, in path order). A broken file
 * is recorded in `problems` as `path:line: reason` and skipped; the rest still load. So are a
 * broken or looping symbolic link, a file over the size limit (never read) and an unreadable
 * subfolder, and a link leading outside `dir` (unless `followOutside`). Each document gets a
 * distinct slug (see assignSlugs); only an unreadable `dir` throws, a CorpusFolderError.
 *
 * @example const corpus = await loadCorpus('corpus'); corpus.byId.get('going-ballistic#p2')
 */
export async function loadCorpus(dir: string, opts: LoadOptions = {}): Promise<LoadedCorpus> {
  const maxBytes = opts.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  const problems: CorpusProblem[] = [];
  const follow = { followOutside: opts.followOutside === true };
  const { root, files } = await listDocuments(dir, problems, follow);
  const parsed: { document: Document; declared: DeclaredSlug | undefined }[] = [];
  const hash = createHash('sha256');
  const settings = await loadSettings(dir, follow);
  problems.push(...settings.problems);
  hash.update(settings.text).update('\0');
  for (const file of files) {
    const path = relative(dir, file).split('\\').join('/');
    const bytes = await readDocument(file, path, { root, maxBytes, ...follow }, problems);
    if (!bytes) continue;
    hash.update(path).update('\0').update(bytes).update('\0');
    const result =
      extname(path).toLowerCase() === '.pdf'
        ? await parsePdfFile(path, bytes)
        : parseFile(path, bytes, settings.settings);
    if ('problem' in result) problems.push(result.problem);
    else parsed.push(result);
  }
  const slugs = assignSlugs(parsed.map((p) => ({ path: p.document.path, declared: p.declared })));
  const documents = parsed.map(({ document }, i) => {
    const assigned = slugs[i];
    if (assigned?.problem) problems.push(assigned.problem);
    return assigned && assigned.slug !== document.slug
      ? withSlug(document, assigned.slug)
      : document;
  });
  problems.sort((a, b) => comparePaths(a.path, b.path) || a.line - b.line);
  const paragraphs = documents.flatMap((d) => d.paragraphs);
  return {
    dir,
    documents,
    paragraphs,
    byId: new Map(paragraphs.map((p) => [p.id, p])),
    problems,
    fingerprint: hash.digest('hex'),
  };
}

/**
 * The file's bytes, or null after recording why it was skipped. Resolves the path again right
 * before reading (a link swapped since the walk is judged as it is now) and reads the resolved
 * file; checks the size before reading.
 */
async function readDocument(
  file: string,
  path: string,
  opts: { root: string; maxBytes: number; followOutside: boolean },
  problems: CorpusProblem[],
): Promise<Buffer | null> {
  const { maxBytes } = opts;
  try {
    const where = await confine(opts.root, file, opts);
    if (!where.ok) {
      problems.push({ path, line: 0, reason: where.reason });
      return null;
    }
    const { size } = await stat(where.real);
    if (size > maxBytes) {
      problems.push({
        path,
        line: 0,
        reason: `file is ${(size / 1048576).toFixed(1)} MB, over the ${formatMb(maxBytes)} MB limit; not loaded`,
      });
      return null;
    }
    return await readFile(where.real);
  } catch (error) {
    problems.push({ path, line: 0, reason: `${fsReason(error)}; not loaded` });
    return null;
  }
}

function withSlug(document: Document, slug: string): Document {
  return {
    ...document,
    slug,
    paragraphs: document.paragraphs.map((p) => ({ ...p, id: `${slug}#p${p.n}`, docSlug: slug })),
  };
}

interface DeclaredSlug {
  slug: string;
  line: number;
}

/** Parses one file's bytes; never throws: a bad file becomes a problem. */
export function parseFile(
  path: string,
  bytes: Buffer,
  settings: CorpusSettings = DEFAULT_SETTINGS,
): { document: Document; declared: DeclaredSlug | undefined } | { problem: CorpusProblem } {
  const fail = (line: number, reason: string) => ({ problem: { path, line, reason } });
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return fail(
      0,
      `file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${formatMb(MAX_DOCUMENT_BYTES)} MB limit; not loaded`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    return fail(lineOfByte(bytes, nul), 'binary file (contains a NUL byte); not loaded');
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(1, 'not UTF-8 text; save it as UTF-8; not loaded');
  }
  source = source.replace(/^\uFEFF/u, '');
  if (source.trim() === '') return fail(1, 'empty document; not loaded');
  const ext = extname(path).toLowerCase();
  const stem = basename(path, extname(path));
  try {
    if (ext === '.html' || ext === '.htm') {
      const document = parseHtmlDocument(source, { slug: slugify(stem), path });
      return document.paragraphs.length > 0
        ? { document, declared: undefined }
        : fail(1, 'no paragraphs found; not loaded');
    }
    const fm = parseFrontMatter(source);
    const slug = fm.slug ?? slugify(stem);
    const meta = { ...fm.meta };
    meta.url ??= pageUrl(settings, path, meta.permalink) ?? undefined;
    if (meta.url === undefined) delete meta.url;
    const opts = { slug, path, meta, fallbackTitle: stem };
    const markdown = ext === '.txt' ? null : readMarkdown(fm.body, fm.bodyLineOffset);
    const document = markdown
      ? buildMarkdownDocument(markdown.blocks, opts, settings.passages, fm.body)
      : buildDocument(textBlocks(fm.body, fm.bodyLineOffset), opts);
    const notes = [
      ...(fm.notes ?? []),
      ...(markdown?.includes ?? []).map((d) => ({
        line: d.line,
        reason: `include directive skipped (${d.text.length > 60 ? `${d.text.slice(0, 59)}…` : d.text}); the file it names is not loaded`,
      })),
    ];
    if (notes.length > 0) document.notes = notes;
    if (document.paragraphs.length === 0)
      return fail(fm.bodyLineOffset + 1, 'no paragraphs found; not loaded');
    const declared = fm.slug === undefined ? undefined : { slug: fm.slug, line: fm.slugLine };
    return { document, declared };
  } catch (error) {
    if (error instanceof FrontMatterError) return fail(error.line, error.message);
    return fail(
      1,
      `could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The document files under `dir` in path order, and `dir`'s real path. Folders are followed
 * through symbolic links, but never into one already walked (a link back up the tree would never
 * end), nor outside `dir` unless `followOutside`. A link that is broken, loops or leads outside is
 * recorded when its name is a document's or could be a folder's (no extension); such a link with
 * another extension (the Python docs' `_static/jquery.js`) is skipped like any other file that is
 * not a document.
 */
async function listDocuments(
  dir: string,
  problems: CorpusProblem[],
  opts: { followOutside: boolean },
): Promise<{ root: string; files: string[] }> {
  let rootEntries: Dirent[];
  let rootReal: string;
  try {
    rootEntries = await readdir(dir, { withFileTypes: true });
    rootReal = await realpath(dir);
  } catch (error) {
    throw new CorpusFolderError(dir, folderReason(error));
  }
  const walked = new Map<string, string>([[rootReal, '.']]);
  const out: string[] = [];
  const rel = (full: string) => relative(dir, full).split('\\').join('/');

  const walk = async (folder: string, entries: Dirent[]): Promise<void> => {
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = join(folder, e.name);
      const ext = extname(e.name).toLowerCase();
      const isDocumentName = DOCUMENT_EXTENSIONS.has(ext);
      if (e.isFile()) {
        if (isDocumentName) out.push(full);
        continue;
      }
      if (!e.isDirectory() && !e.isSymbolicLink()) continue;
      let isFolder = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          // where it leads first: nothing outside is even looked at
          const where = await confine(rootReal, full, opts);
          if (!where.ok) {
            if (isDocumentName || ext === '')
              problems.push({ path: rel(full), line: 0, reason: where.reason });
            continue;
          }
          const target = await stat(where.real);
          isFolder = target.isDirectory();
          if (target.isFile() && isDocumentName) out.push(full);
        } catch (error) {
          if (isDocumentName || ext === '')
            problems.push({ path: rel(full), line: 0, reason: linkReason(error) });
          continue;
        }
      }
      if (!isFolder) continue;
      await walkFolder(full);
    }
  };

  const walkFolder = async (full: string): Promise<void> => {
    let entries: Dirent[];
    let real: string;
    try {
      real = await realpath(full);
      if (!opts.followOutside && !isInside(rootReal, real)) {
        problems.push({
          path: rel(full),
          line: 0,
          reason: `resolves to ${real}, outside the corpus folder; skipped`,
        });
        return;
      }
      const seen = walked.get(real);
      if (seen !== undefined) {
        problems.push({
          path: rel(full),
          line: 0,
          reason: `symbolic link to a folder already loaded (${seen}); not followed`,
        });
        return;
      }
      entries = await readdir(full, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: rel(full), line: 0, reason: `${folderReason(error)}; skipped` });
      return;
    }
    walked.set(real, rel(full));
    await walk(full, entries);
  };

  await walk(dir, rootEntries);
  return { root: rootReal, files: out };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function linkReason(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return 'broken symbolic link (its target does not exist); not loaded';
  if (code === 'ELOOP') return 'symbolic link loop; not loaded';
  return `${fsReason(error)}; not loaded`;
}

function folderReason(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'ENOTDIR') return 'is a file, not a folder';
  return fsReason(error);
}

/** Why a file or folder could not be read, in words rather than an errno. */
function fsReason(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT') return 'disappeared while loading';
  if (code === 'EISDIR') return 'is a folder';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** The order files are walked in: folder by folder, names compared as people sort them. */
function comparePaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const c = (as[i] ?? '').localeCompare(bs[i] ?? '');
    if (c !== 0) return c;
  }
  return as.length - bs.length;
}

function formatMb(bytes: number): string {
  return String(Math.round((bytes / 1048576) * 10) / 10);
}

function lineOfByte(bytes: Buffer, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 10) line++;
  return line;
}
