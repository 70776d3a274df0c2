/**
 * robots.txt, read once at the start of a crawl: what it allows the `Dossier` group (else `*`),
 * the Crawl-delay it asks for, and the sitemaps it names.
 */
import { createRequire } from 'node:module';
import type { RateLimiter } from './http.ts';
import type { CrawlEvent, CrawlRequest } from './types.ts';

export const USER_AGENT_TOKEN = 'Dossier';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// robots-parser is CommonJS (module.exports = function) and its typings declare an ES default
// export, which NodeNext resolution turns into a namespace object: loaded with require instead.
const robotsParser: (url: string, text: string) => Robots = createRequire(import.meta.url)(
  'robots-parser',
);
/**
 * Reads the origin's robots.txt: whether it allows a URL, and the sitemaps it lists. Its
 * Crawl-delay, when longer than the limiter's, becomes the limiter's (at most 60 s).
 */
export async function readRobots(
  start: URL,
  request: CrawlRequest,
  limiter: RateLimiter,
  emit: (event: CrawlEvent) => void,
): Promise<{ allowed: (u: URL) => boolean; sitemaps: string[] }> {
  // robots.txt: a missing one allows everything; a server error means "not now" (RFC 9309)
  const robotsUrl = new URL('/robots.txt', start.origin);
  const robotsRes = await request(robotsUrl, {
    accept: 'text/plain,*/*;q=0.5',
    maxBytes: 512 * 1024,
  });
  let robotsText = '';
  if (robotsRes.kind === 'ok') robotsText = new TextDecoder().decode(robotsRes.body);
  else if (robotsRes.kind === 'status' && robotsRes.status >= 500)
    throw new Error(
      `fetch: ${robotsUrl.href} answered HTTP ${robotsRes.status}; the site asks crawlers to wait, try again later`,
    );
  else if (robotsRes.kind === 'error')
    throw new Error(`fetch: ${robotsUrl.href}: ${robotsRes.reason}`);
  const robots = robotsParser(robotsUrl.href, robotsText);
  const allowed = (u: URL) => robots.isAllowed(u.href, USER_AGENT_TOKEN) !== false;
  const crawlDelay = robots.getCrawlDelay(USER_AGENT_TOKEN);
  if (typeof crawlDelay === 'number' && crawlDelay * 1000 > limiter.delay) {
    limiter.delay = Math.min(crawlDelay * 1000, 60_000);
    emit({ type: 'note', message: `robots.txt asks for ${crawlDelay} s between requests` });
  }
  return { allowed, sitemaps: robots.getSitemaps() };
}
