/**
 * Where a fetched page goes: its URL's path mirrored under the output folder, never outside it.
 */
import { createHash } from 'node:crypto';
import { isInside } from '../corpus/confine.ts';

export type PageType = 'html' | 'md';

/** The URL with no fragment; the form pages are keyed by. */
export function pageKey(url: URL): string {
  const u = new URL(url.href);
  u.hash = '';
  return u.href;
}

/**
 * The scope of a crawl started at `start`: the folder of its path (`/docs/` for `/docs/` and
 * `/docs/intro.html`, `/docs/` for `/docs` too). A URL is in scope when it is on the same origin
 * and its path is the start's path or lies under the folder.
 */
export function scopeOf(start: URL): { origin: string; prefix: string; path: string } {
  const path = start.pathname;
  let prefix: string;
  if (path.endsWith('/')) prefix = path;
  else {
    const last = path.slice(path.lastIndexOf('/') + 1);
    prefix = last.includes('.') ? path.slice(0, path.lastIndexOf('/') + 1) : `${path}/`;
  }
  return { origin: start.origin, prefix, path };
}

export function inScope(
  url: URL,
  scope: { origin: string; prefix: string; path: string },
): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.origin !== scope.origin) return false;
  return url.pathname === scope.path || url.pathname.startsWith(scope.prefix);
}

/** The folder a site's pages go to by default: its host name, with the port when there is one. */
export function hostFolder(url: URL): string {
  return safeSegment(url.port === '' ? url.hostname : `${url.hostname}_${url.port}`);
}

const UNSAFE = /[/\\:*?"<>|]/gu;

/** One path segment made safe to be a file or folder name. */
function safeSegment(raw: string): string {
  let s = Array.from(raw, (c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' ? '_' : c))
    .join('')
    .replace(UNSAFE, '_');
  // a leading dot would hide the file (and could name the crawl's state file)
  if (s.startsWith('.')) s = `_${s.slice(1)}`;
  if (s.length > 150) s = `${s.slice(0, 130)}~${hash(s)}`;
  return s === '' ? '_' : s;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** Why a URL cannot be saved, or its path relative to the output folder. */
export type PagePath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * The relative file path a page of type `type` at `url` is saved under, mirroring its URL path:
 * `/guide/` → `guide/index.html`, `/guide/config` → `guide/config.html`, `/api/x.md` →
 * `api/x.md`; a query string adds a short hash (`search~1a2b3c4d.html`). Segments are decoded and
 * made safe; a path that would climb out (a `..` segment left after the URL parser, an encoded
 * slash) is refused.
 *
 * @example pagePath(new URL('https://x.org/guide/'), 'html') // { ok: true, path: 'guide/index.html' }
 */
export function pagePath(url: URL, type: PageType): PagePath {
  const raw = url.pathname.split('/').slice(1);
  const segments: string[] = [];
  for (const piece of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(piece);
    } catch {
      decoded = piece;
    }
    if (decoded === '.' || decoded === '..' || /(?:^|[/\\])\.\.(?:[/\\]|$)/u.test(decoded))
      return { ok: false, reason: 'its path climbs out of the site (..); skipped' };
    segments.push(decoded);
  }
  let last = segments.pop() ?? '';
  if (last === '') last = 'index';
  const ext = type === 'html' ? '.html' : '.md';
  const known = type === 'html' ? /\.(?:html?|xhtml)$/iu : /\.(?:md|markdown)$/iu;
  let stem = last;
  let suffix = ext;
  const m = known.exec(last);
  if (m) {
    stem = last.slice(0, m.index);
    suffix = m[0].toLowerCase() === '.xhtml' ? '.html' : m[0];
  }
  if (url.search !== '' && url.search !== '?') stem = `${stem}~${hash(url.search)}`;
  const file = safeSegment(`${stem}${suffix}`);
  const path = [...segments.filter((s) => s !== '').map(safeSegment), file].join('/');
  return { ok: true, path };
}

/** Whether `target` (absolute) lies inside `root` (absolute), by path alone. */
export function staysInside(root: string, target: string): boolean {
  return isInside(root, target) && target !== root;
}
