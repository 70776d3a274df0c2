/**
 * `corpus:fetch`: a documentation site into the corpus. The pages come from the site's sitemaps
 * (robots.txt `Sitemap:` lines, else `sitemap.xml` under the start URL's folder, else at the
 * root), or, when it has none, from following links under the start URL's folder. Only the
 * start URL's origin is ever requested; robots.txt is obeyed (its `Dossier` group, else `*`,
 * and its Crawl-delay); requests start at least `delayMs` apart. Each page is saved mirroring
 * its URL path with the URL marked in it (save.ts); the ETag and Last-Modified of each are kept
 * (state.ts) so the next run asks only for what changed.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decode, pageType } from './content.ts';
import { ASSET, pageLinks } from './discover.ts';
import { get, type HttpOptions, RateLimiter } from './http.ts';
import { inScope, type PageType, pageKey, pagePath, scopeOf } from './paths.ts';
import { readRobots, USER_AGENT_TOKEN } from './robots.ts';
import { markPage, removeInside, writeInside } from './save.ts';
import { readSitemaps } from './sitemaps.ts';
import { type FetchState, readState, writeState } from './state.ts';
import type { CrawlOptions, CrawlReport, PageOutcome } from './types.ts';

const MB = 1048576;

export async function crawl(opts: CrawlOptions): Promise<CrawlReport> {
  const start = new URL(opts.start.href);
  start.hash = '';
  if (start.protocol !== 'http:' && start.protocol !== 'https:')
    throw new Error(`fetch: ${start.href}: only http and https URLs can be fetched`);
  const scope = scopeOf(start);
  const maxPages = opts.maxPages ?? 500;
  const maxPageBytes = opts.maxPageBytes ?? 8 * MB;
  const emit = opts.onEvent ?? (() => undefined);
  const userAgent = opts.userAgent ?? `${USER_AGENT_TOKEN}/0.1 (corpus:fetch)`;
  const limiter = new RateLimiter(opts.delayMs ?? 1000, opts.clock);
  const report: CrawlReport = {
    source: 'sitemap',
    sitemaps: [],
    saved: [],
    unchanged: [],
    skipped: [],
    failed: [],
    gone: [],
    pruned: [],
    disallowed: [],
    leftOver: 0,
    requests: 0,
  };
  const http: HttpOptions & { origin: string } = {
    clock: opts.clock,
    limiter,
    userAgent,
    origin: start.origin,
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
    ...(opts.retries === undefined ? {} : { retries: opts.retries }),
    // every HTTP request counts: retries and redirects too
    fetch: (input, init) => {
      report.requests++;
      return (opts.fetch ?? fetch)(input, init);
    },
  };
  const request = (url: URL, extra: Partial<Parameters<typeof get>[1]> = {}) =>
    get(url, { ...http, maxBytes: maxPageBytes, ...extra });

  const robots = await readRobots(start, request, limiter, emit);
  const allowed = robots.allowed;
  const found = await readSitemaps(start, scope, robots.sitemaps, allowed, request, emit);
  report.sitemaps.push(...found.sitemaps);
  const pageUrls = found.pageUrls;
  /** Why pages missing from this run cannot be called gone (a listed sitemap failed, …). */
  let incomplete: string | null = found.incomplete;
  const fromSitemap = pageUrls.length > 0;
  report.source = fromSitemap ? 'sitemap' : 'links';

  await mkdir(opts.out, { recursive: true });
  const state = await readState(opts.out, start.href);
  const before = URL.canParse(state.start) ? new URL(state.start).origin : start.origin;
  if (before !== start.origin)
    throw new Error(
      `fetch: ${opts.out} holds pages of ${before}, not ${start.origin}; give this site its own --out`,
    );
  if (state.source === 'sitemap' && !fromSitemap)
    incomplete ??= 'the sitemap the last run read was not found';
  state.source = report.source;
  const queue: URL[] = [];
  const queued = new Set<string>();
  const enqueue = (u: URL) => {
    const key = pageKey(u);
    if (queued.has(key)) return;
    queued.add(key);
    if (!allowed(u)) {
      report.disallowed.push(key);
      return;
    }
    // a path that cannot be saved inside the output folder is not even asked for
    const where = pagePath(u, 'html');
    if (!where.ok) {
      report.skipped.push({ url: key, reason: where.reason });
      return;
    }
    queue.push(u);
  };
  if (fromSitemap) for (const u of pageUrls) enqueue(u);
  else enqueue(start);
  emit({
    type: 'discovered',
    source: report.source,
    total: queue.length,
    sitemaps: report.sitemaps,
  });

  const reached = new Set<string>();
  /** Pages whose final URL was fetched in this run. */
  const handled = new Set<string>();
  let started = 0;
  let done = 0;
  const total = () => Math.min(maxPages, started + queue.length);
  const finish = (url: string, outcome: PageOutcome, detail: string) => {
    done++;
    emit({ type: 'page', url, outcome, detail, done, total: total() });
  };

  const visit = async (url: URL): Promise<void> => {
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
      if (!fromSitemap) await followSaved(known.path, known.type, url);
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
  };

  /** A page kept from before (304) still leads to its links in a link crawl. */
  const followSaved = async (path: string, type: PageType, url: URL) => {
    if (type !== 'html') return;
    const html = await readFile(join(opts.out, path), 'utf8').catch(() => '');
    const links = pageLinks(html, url);
    if (links.nofollow) return;
    for (const link of links.links) {
      if (link.search !== '' || ASSET.test(link.pathname) || !inScope(link, scope)) continue;
      enqueue(link);
    }
  };

  const concurrency = Math.max(1, opts.concurrency ?? 1);
  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const pump = () => {
      while (active < concurrency && queue.length > 0 && started < maxPages) {
        const url = queue.shift();
        if (!url) break;
        started++;
        active++;
        visit(url).then(
          () => {
            active--;
            pump();
          },
          (error: unknown) => reject(error),
        );
      }
      if (active === 0) resolve();
    };
    pump();
  });
  report.leftOver = queue.length;

  // pages fetched before that the site no longer lists: only known when the whole site was seen
  if (!fromSitemap && report.failed.length > 0) incomplete ??= 'some pages could not be fetched';
  if (report.leftOver > 0) incomplete ??= '--max-pages stopped the run';
  if (incomplete !== null) {
    const missing = Object.keys(state.pages).filter(
      (k) => !reached.has(k) && inScope(new URL(k), scope),
    ).length;
    if (missing > 0)
      emit({
        type: 'note',
        message: `${missing} pages of the last run were not seen; not reported as gone, as ${incomplete}`,
      });
  } else {
    for (const [key, page] of Object.entries(state.pages)) {
      if (reached.has(key) || report.gone.includes(key) || !inScope(new URL(key), scope)) continue;
      report.gone.push(key);
      if (opts.prune && (await removeInside(opts.out, page.path))) {
        report.pruned.push(key);
        delete state.pages[key];
      }
    }
  }
  await writeState(opts.out, state);
  return report;
}

async function exists(root: string, rel: string): Promise<boolean> {
  return stat(join(root, rel)).then(
    (st) => st.isFile(),
    () => false,
  );
}
