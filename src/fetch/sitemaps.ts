/**
 * The pages a site's sitemaps list, in scope: robots.txt's own sitemaps (on this origin), else
 * `sitemap.xml` under the start URL's folder, else at the root. Sitemap indexes are followed three
 * levels deep, 100 sitemaps at most.
 */
import { parseSitemap } from './discover.ts';
import { inScope, type scopeOf } from './paths.ts';
import type { CrawlEvent, CrawlRequest } from './types.ts';

/** The sitemap protocol's own limit on a sitemap file (50 MB, uncompressed). */
const SITEMAP_MAX_BYTES = 50 * 1048576;

/**
 * The page URLs of the sitemaps `listed` by robots.txt (else of the usual places), the sitemaps
 * read, and why pages missing from this run cannot be called gone (a listed sitemap failed, …).
 */
export async function readSitemaps(
  start: URL,
  scope: ReturnType<typeof scopeOf>,
  listed: string[],
  allowed: (u: URL) => boolean,
  request: CrawlRequest,
  emit: (event: CrawlEvent) => void,
): Promise<{ pageUrls: URL[]; sitemaps: string[]; incomplete: string | null }> {
  // sitemaps: robots.txt's own (on this origin), else the usual places
  const candidates =
    listed.length > 0
      ? listed
      : [
          ...new Set([
            new URL('sitemap.xml', new URL(scope.prefix, start.origin)).href,
            new URL('/sitemap.xml', start.origin).href,
          ]),
        ];
  const pageUrls: URL[] = [];
  const seenSitemaps = new Set<string>();
  const sitemapQueue: { url: string; depth: number; guessed: boolean }[] = candidates.map(
    (url) => ({ url, depth: 0, guessed: listed.length === 0 }),
  );
  const sitemaps: string[] = [];
  let incomplete: string | null = null;
  while (sitemapQueue.length > 0 && seenSitemaps.size < 100) {
    const next = sitemapQueue.shift();
    if (!next || seenSitemaps.has(next.url)) continue;
    seenSitemaps.add(next.url);
    let url: URL;
    try {
      url = new URL(next.url);
    } catch {
      continue;
    }
    if (url.origin !== start.origin || !allowed(url)) continue;
    const res = await request(url, {
      accept: 'application/xml,text/xml,*/*;q=0.5',
      maxBytes: SITEMAP_MAX_BYTES,
    });
    if (res.kind !== 'ok') {
      if (!next.guessed) incomplete ??= `the sitemap ${url.href} could not be read`;
      continue;
    }
    let parsed: { index: boolean; locs: string[] };
    try {
      parsed = parseSitemap(res.body, SITEMAP_MAX_BYTES);
    } catch (error) {
      if (!next.guessed) incomplete ??= `the sitemap ${url.href} could not be read`;
      emit({
        type: 'note',
        message: `${url.href}: not a readable sitemap (${error instanceof Error ? error.message : String(error)})`,
      });
      continue;
    }
    sitemaps.push(url.href);
    if (parsed.index) {
      if (next.depth < 3)
        for (const loc of parsed.locs)
          sitemapQueue.push({ url: loc, depth: next.depth + 1, guessed: false });
      continue;
    }
    for (const loc of parsed.locs) {
      try {
        const u = new URL(loc);
        u.hash = '';
        if (inScope(u, scope)) pageUrls.push(u);
      } catch {
        // not a URL
      }
    }
  }
  return { pageUrls, sitemaps, incomplete };
}
