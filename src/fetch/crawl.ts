/**
 * `corpus:fetch`: a documentation site into the corpus. The pages come from the site's sitemaps
 * (robots.txt `Sitemap:` lines, else `sitemap.xml` under the start URL's folder, else at the
 * root; sitemaps.ts), or, when it has none, from following links under the start URL's folder.
 * Only the start URL's origin is ever requested; robots.txt is obeyed (its `Dossier` group, else
 * `*`, and its Crawl-delay; robots.ts); requests start at least `delayMs` apart. Each page
 * (page.ts) is saved mirroring its URL path with the URL marked in it (save.ts); the ETag and
 * Last-Modified of each are kept (state.ts) so the next run asks only for what changed.
 *
 * This module is the walk: the queue in order, the limits (--max-pages, concurrency), and at the
 * end the pages of the last run that are gone.
 */
import { mkdir } from 'node:fs/promises';
import { get, type HttpOptions, RateLimiter } from './http.ts';
import { visitPage, type Walk } from './page.ts';
import { inScope, pageKey, pagePath, scopeOf } from './paths.ts';
import { readRobots, USER_AGENT_TOKEN } from './robots.ts';
import { removeInside } from './save.ts';
import { readSitemaps } from './sitemaps.ts';
import { readState, writeState } from './state.ts';
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

  const walk: Walk = {
    opts,
    scope,
    fromSitemap,
    request,
    report,
    state,
    reached,
    handled,
    queued,
    enqueue,
    finish,
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
        visitPage(walk, url).then(
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
