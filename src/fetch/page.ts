/**
 * One page of a crawl: asked for (conditionally, when the file of the last run is still there),
 * judged by its answer (unchanged, gone, failed, redirected elsewhere, not a page, noindex), saved
 * inside the output folder with its URL marked, and recorded with its validators. In a link
 * crawl, its links in scope are queued.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decode, pageType } from './content.ts';
import { ASSET, pageLinks } from './discover.ts';
import { inScope, type PageType, pageKey, pagePath, type scopeOf } from './paths.ts';
import { markPage, removeInside, writeInside } from './save.ts';
import type { FetchState } from './state.ts';
import type { CrawlOptions, CrawlReport, CrawlRequest, PageOutcome } from './types.ts';

/** What the pages of one crawl share: its options, its report, its state and its queue. */
export interface Walk {
  opts: CrawlOptions;
  scope: ReturnType<typeof scopeOf>;
  fromSitemap: boolean;
  request: CrawlRequest;
  report: CrawlReport;
  state: FetchState;
  /** Pages asked for, or reached through a redirect, in this run. */
  reached: Set<string>;
  /** Pages whose final URL was fetched in this run. */
  handled: Set<string>;
  /** Pages queued in this run (and the final URLs of redirects). */
  queued: Set<string>;
  enqueue: (u: URL) => void;
  finish: (url: string, outcome: PageOutcome, detail: string) => void;
}

/** Fetches one page, saves it, and records what came of it in the report and the state. */
export async function visitPage(walk: Walk, url: URL): Promise<void> {
  const { opts, scope, fromSitemap, request, report, state, reached, handled, queued } = walk;
  const { enqueue, finish } = walk;
  const key = pageKey(url);
  if (handled.has(key)) {
    reached.add(key);
    finish(key, 'skipped', 'reached already through a redirect');
    return;
  }
  const known = state.pages[key];
  const res = await request(url, {
    conditional:
      known && (await exists(opts.out, known.path))
        ? { etag: known.etag, lastModified: known.lastModified }
        : undefined,
  });
  const finalKey = pageKey(res.url);
  reached.add(key);
  reached.add(finalKey);
  if (res.kind === 'not-modified' && known) {
    report.unchanged.push(key);
    // a 304 may carry fresh validators
    const etag = res.headers.get('etag');
    if (etag) known.etag = etag;
    finish(key, 'unchanged', known.path);
    if (!fromSitemap) await followSaved(walk, known.path, known.type, url);
    return;
  }
  if (res.kind === 'status' && (res.status === 404 || res.status === 410)) {
    if (known) {
      report.gone.push(key);
      if (opts.prune && (await removeInside(opts.out, known.path))) {
        report.pruned.push(key);
        delete state.pages[key];
      }
      finish(key, 'gone', `HTTP ${res.status}`);
    } else {
      report.failed.push({ url: key, reason: `HTTP ${res.status}` });
      finish(key, 'failed', `HTTP ${res.status}`);
    }
    return;
  }
  if (res.kind !== 'ok') {
    const reason =
      res.kind === 'status'
        ? `HTTP ${res.status}`
        : res.kind === 'error'
          ? res.reason
          : 'unexpected 304';
    report.failed.push({ url: key, reason });
    finish(key, 'failed', reason);
    return;
  }
  if (finalKey !== key) {
    const reason = !inScope(res.url, scope)
      ? `redirects to ${finalKey}, outside ${scope.origin}${scope.prefix}; skipped`
      : handled.has(finalKey)
        ? `redirects to ${finalKey}, fetched already`
        : null;
    if (reason !== null) {
      report.skipped.push({ url: key, reason });
      finish(key, 'skipped', reason);
      return;
    }
    queued.add(finalKey);
  }
  handled.add(finalKey);
  const type = pageType(res.headers.get('content-type'), res.url);
  if (type === null) {
    const reason = `not an HTML or Markdown page (${res.headers.get('content-type') ?? 'no content type'}); skipped`;
    report.skipped.push({ url: key, reason });
    finish(key, 'skipped', reason);
    return;
  }
  const text = decode(res.body, res.headers.get('content-type'));
  const links =
    type === 'html' ? pageLinks(text, res.url) : { links: [], noindex: false, nofollow: false };
  if (!fromSitemap && !links.nofollow) {
    for (const link of links.links) {
      if (link.search !== '' || ASSET.test(link.pathname) || !inScope(link, scope)) continue;
      enqueue(link);
    }
  }
  if (links.noindex) {
    const reason = 'the page asks not to be indexed (robots noindex); skipped';
    report.skipped.push({ url: key, reason });
    finish(key, 'skipped', reason);
    return;
  }
  const where = pagePath(res.url, type);
  if (!where.ok) {
    report.skipped.push({ url: key, reason: where.reason });
    finish(key, 'skipped', where.reason);
    return;
  }
  try {
    await writeInside(opts.out, where.path, markPage(type, text, res.url.href));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report.failed.push({ url: key, reason });
    finish(key, 'failed', reason);
    return;
  }
  const entry: FetchState['pages'][string] = {
    path: where.path,
    type,
    fetchedAt: new Date(opts.clock.now()).toISOString(),
  };
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  if (etag) entry.etag = etag;
  if (lastModified) entry.lastModified = lastModified;
  if (finalKey !== key) delete state.pages[key];
  state.pages[finalKey] = entry;
  report.saved.push(finalKey);
  finish(key, 'saved', where.path);
}

/** A page kept from before (304) still leads to its links in a link crawl. */
async function followSaved(walk: Walk, path: string, type: PageType, url: URL): Promise<void> {
  const { opts, scope, enqueue } = walk;
  if (type !== 'html') return;
  const html = await readFile(join(opts.out, path), 'utf8').catch(() => '');
  const links = pageLinks(html, url);
  if (links.nofollow) return;
  for (const link of links.links) {
    if (link.search !== '' || ASSET.test(link.pathname) || !inScope(link, scope)) continue;
    enqueue(link);
  }
}

async function exists(root: string, rel: string): Promise<boolean> {
  return stat(join(root, rel)).then(
    (st) => st.isFile(),
    () => false,
  );
}
