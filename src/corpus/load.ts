import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { buildDocument, slugify } from './document.ts';
import { FrontMatterError, parseFrontMatter } from './frontmatter.ts';
import { parseHtmlDocument } from './html.ts';
import { markdownBlocks } from './markdown.ts';
import { textBlocks } from './text.ts';
import type { Corpus, CorpusProblem, Document } from './types.ts';

/** Larger files are refused: a corpus document this big is almost surely a mistake (a dump, a log). */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm']);

export interface LoadedCorpus extends Corpus {
  /** Hash of every loaded file's path and bytes: changes whenever the corpus does. */
  fingerprint: string;
}

/**
 * Reads every .md, .txt and .html document under `dir` (recursively, in path order). A broken file
 * is recorded in `problems` as `path:line: reason` and skipped; the rest still load.
 *
 * @example const corpus = await loadCorpus('corpus'); corpus.byId.get('going-ballistic#p2')
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const files = (await listFiles(dir)).filter((f) =>
    DOCUMENT_EXTENSIONS.has(extname(f).toLowerCase()),
  );
  const problems: CorpusProblem[] = [];
  const documents: Document[] = [];
  const slugOwner = new Map<string, string>();
  const hash = createHash('sha256');
  for (const file of files) {
    const path = relative(dir, file).split('\\').join('/');
    const bytes = await readFile(file);
    hash.update(path).update('\0').update(bytes).update('\0');
    const result = parseFile(path, bytes);
    if ('problem' in result) {
      problems.push(result.problem);
      continue;
    }
    const doc = result.document;
    const owner = slugOwner.get(doc.slug);
    if (owner) {
      problems.push({
        path,
        line: 1,
        reason: `duplicate slug "${doc.slug}" (already used by ${owner}); not loaded`,
      });
      continue;
    }
    slugOwner.set(doc.slug, path);
    documents.push(doc);
  }
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

/** Parses one file's bytes; never throws: a bad file becomes a problem. */
export function parseFile(
  path: string,
  bytes: Buffer,
): { document: Document } | { problem: CorpusProblem } {
  const fail = (line: number, reason: string) => ({ problem: { path, line, reason } });
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return fail(
      1,
      `file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_DOCUMENT_BYTES / 1048576} MB limit; not loaded`,
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
        ? { document }
        : fail(1, 'no paragraphs found; not loaded');
    }
    const fm = parseFrontMatter(source);
    const slug = fm.slug ?? slugify(stem);
    const blocks =
      ext === '.txt'
        ? textBlocks(fm.body, fm.bodyLineOffset)
        : markdownBlocks(fm.body, fm.bodyLineOffset);
    const document = buildDocument(blocks, { slug, path, meta: fm.meta, fallbackTitle: stem });
    if (document.paragraphs.length === 0)
      return fail(fm.bodyLineOffset + 1, 'no paragraphs found; not loaded');
    return { document };
  } catch (error) {
    if (error instanceof FrontMatterError) return fail(error.line, error.message);
    return fail(
      1,
      `could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile() || (e.isSymbolicLink() && (await stat(full)).isFile())) out.push(full);
  }
  return out;
}

function lineOfByte(bytes: Buffer, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 10) line++;
  return line;
}
