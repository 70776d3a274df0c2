/**
 * Writing a fetched page into the corpus with the URL it came from, so citations link to it:
 * an HTML page gets `<meta name="dossier:source" content="URL">` at the top of its <head> (the
 * loader prefers the page's own <link rel="canonical"> when it has one); a Markdown page gets
 * `url: URL` in its front matter (added, or replacing the page's own `url:`).
 */
import { lstat, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { isInside } from '../corpus/confine.ts';
import type { PageType } from './paths.ts';

export const SOURCE_META = 'dossier:source';

function escapeAttribute(value: string): string {
  return value.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;');
}

/** The page's HTML with the source meta tag first in its <head> (or at the top). */
export function markHtml(html: string, url: string): string {
  const tag = `<meta name="${SOURCE_META}" content="${escapeAttribute(url)}">`;
  const head = /<head(?:\s[^>]*)?>/iu.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return `${html.slice(0, at)}${tag}${html.slice(at)}`;
  }
  return `${tag}\n${html}`;
}

/** The Markdown with `url:` set in its front matter (a new block when it has none). */
export function markMarkdown(md: string, url: string): string {
  const source = md.replace(/^\uFEFF/u, '');
  const lines = source.split('\n');
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/u.test(l));
    if (close > 0) {
      const doc = parseDocument(lines.slice(1, close).join('\n'));
      if (doc.errors.length === 0 && (doc.contents === null || typeof doc.toJS() === 'object')) {
        doc.set('url', url);
        const yaml = doc.toString().replace(/\n$/u, '');
        return ['---', yaml, ...lines.slice(close)].join('\n');
      }
    }
  }
  return `---\nurl: ${JSON.stringify(url)}\n---\n${source}`;
}

/**
 * Writes `bytes` to `rel` under `root` (both resolved first), refusing any path that would land
 * outside it: lexically, through a symbolic link in a parent folder, or onto a link. The file is
 * written to a temporary name and renamed, so a reader never sees half a page.
 */
export async function writeInside(
  root: string,
  rel: string,
  bytes: Uint8Array | string,
): Promise<string> {
  const rootReal = await realpath(root);
  const target = resolve(rootReal, rel);
  if (!isInside(rootReal, target) || target === rootReal)
    throw new Error(`${rel}: outside the output folder; not written`);
  await mkdir(dirname(target), { recursive: true });
  const parentReal = await realpath(dirname(target));
  if (!isInside(rootReal, parentReal))
    throw new Error(`${rel}: its folder leads outside the output folder; not written`);
  const existing = await lstat(target).catch(() => null);
  if (existing?.isSymbolicLink()) throw new Error(`${rel}: is a symbolic link; not overwritten`);
  if (existing?.isDirectory()) throw new Error(`${rel}: is a folder; not overwritten`);
  const final = join(parentReal, target.slice(dirname(target).length + 1));
  const tmp = `${final}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, final);
  return final;
}

/** Removes `rel` under `root` if it is a file inside it (for --prune). */
export async function removeInside(root: string, rel: string): Promise<boolean> {
  const rootReal = await realpath(root);
  const target = resolve(rootReal, rel);
  if (!isInside(rootReal, target) || target === rootReal) return false;
  const parentReal = await realpath(dirname(target)).catch(() => null);
  if (parentReal === null || !isInside(rootReal, parentReal)) return false;
  const st = await lstat(target).catch(() => null);
  if (!st?.isFile()) return false;
  await rm(target);
  return true;
}

/** The saved form of a page: its text with the source marked. */
export function markPage(type: PageType, text: string, url: string): string {
  return type === 'html' ? markHtml(text, url) : markMarkdown(text, url);
}
