import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { crawl } from '../../src/fetch/crawl.ts';
import { STATE_FILE } from '../../src/fetch/state.ts';
import type { CrawlReport } from '../../src/fetch/types.ts';
import { fakeClock, html, type Site, startSite } from './site.ts';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'dossier-fetch-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const page = (title: string, text: string, extra = '') =>
  `<!doctype html><html lang="en"><head><title>${title}</title>${extra}</head><body><nav><a href="/docs/">Home</a></nav><main><h1 id="top">${title}</h1><p>${text}</p></main></body></html>`;

describe('a site with a sitemap', () => {
  let site: Site;
  let out: string;
  let introEtag = '"v1"';
  let listConfig = true;
  let busyCalls = 0;

  beforeAll(async () => {
    out = join(base, 'sitemap-site');
    site = await startSite();
    const o = site.origin;
    const urlset = () =>
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[
        `${o}/docs/`,
        `${o}/docs/guide/intro`,
        ...(listConfig ? [`${o}/docs/guide/config.md`] : []),
        `${o}/docs/private/secret`,
        `${o}/docs/busy`,
        `${o}/docs/old`,
        `${o}/docs/away`,
        `${o}/docs/a%2F..%2F..%2F..%2Fescape`,
        `${o}/docs/%2e%2e/%2e%2e/etc/passwd`,
        `${o}/elsewhere/page`,
        'http://other.invalid/docs/x',
      ]
        .map((u) => `<url><loc>${u}</loc></url>`)
        .join('')}</urlset>`;
    const routes: Record<string, Parameters<typeof site.routes.set>[1]> = {
      '/robots.txt': () => ({
        headers: { 'content-type': 'text/plain' },
        body: `User-agent: *\nDisallow: /docs/private/\n\nSitemap: ${o}/docs/sitemap-index.xml\nSitemap: http://other.invalid/sitemap.xml\n`,
      }),
      '/docs/sitemap-index.xml': () => ({
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/docs/sitemap-pages.xml.gz</loc></sitemap></sitemapindex>`,
      }),
      '/docs/sitemap-pages.xml.gz': () => ({
        headers: { 'content-type': 'application/gzip' },
        body: gzipSync(urlset()),
      }),
      '/docs/': (req) =>
        req.headers['if-modified-since'] === 'Sat, 01 Mar 2025 10:00:00 GMT'
          ? { status: 304 }
          : html(page('Docs home', 'Welcome to the documentation of the widget toolkit.'), {
              'last-modified': 'Sat, 01 Mar 2025 10:00:00 GMT',
            }),
      '/docs/guide/intro': (req) =>
        req.headers['if-none-match'] === introEtag
          ? { status: 304, headers: { etag: introEtag } }
          : html(
              page(
                'Introduction',
                'Widgets spin at the speed the server.port option sets.',
                '<link rel="canonical" href="/docs/guide/intro">',
              ),
              { etag: introEtag },
            ),
      '/docs/guide/config.md': () => ({
        headers: { 'content-type': 'text/markdown; charset=utf-8' },
        body: '---\ntitle: Configuration\nurl: /guide/config/\n---\n\n# Configuration\n\nThe config file is read once at start-up.\n',
      }),
      '/docs/private/secret': () => html(page('Secret', 'Nobody should fetch this page.')),
      '/docs/busy': () => {
        busyCalls++;
        return busyCalls === 1
          ? { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }
          : html(page('Busy', 'This page answered on the second try.'));
      },
      '/docs/old': () => ({ status: 301, headers: { location: '/docs/guide/intro' } }),
      '/docs/away': () => ({ status: 302, headers: { location: 'http://other.invalid/landing' } }),
    };
    for (const [path, route] of Object.entries(routes)) site.routes.set(path, route);
  });
  afterAll(async () => {
    await site.close();
  });

  const run = async (extra: { prune?: boolean } = {}) => {
    const clock = fakeClock();
    const starts: number[] = [];
    const report = await crawl({
      start: new URL(`${site.origin}/docs/`),
      out,
      delayMs: 1000,
      clock,
      fetch: (input, init) => {
        starts.push(clock.now());
        return fetch(input, init);
      },
      ...extra,
    });
    return { report, clock, starts };
  };

  let first: { report: CrawlReport; clock: ReturnType<typeof fakeClock>; starts: number[] };
  it('saves every listed page in scope, mirroring its path, and reports the rest', async () => {
    first = await run();
    const r = first.report;
    expect(r.source).toBe('sitemap');
    expect(r.requests).toBe(site.log.length);
    expect(r.sitemaps).toEqual([
      `${site.origin}/docs/sitemap-index.xml`,
      `${site.origin}/docs/sitemap-pages.xml.gz`,
    ]);
    expect(await files(out)).toEqual([
      STATE_FILE,
      'docs/busy.html',
      'docs/guide/config.md',
      'docs/guide/intro.html',
      'docs/index.html',
    ]);
    expect(r.saved.sort()).toEqual(
      ['/docs/', '/docs/busy', '/docs/guide/config.md', '/docs/guide/intro'].map(
        (p) => `${site.origin}${p}`,
      ),
    );
    expect(r.disallowed).toEqual([`${site.origin}/docs/private/secret`]);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        {
          url: `${site.origin}/docs/old`,
          reason: `redirects to ${site.origin}/docs/guide/intro, fetched already`,
        },
        {
          url: `${site.origin}/docs/a%2F..%2F..%2F..%2Fescape`,
          reason: 'its path climbs out of the site (..); skipped',
        },
      ]),
    );
    expect(r.failed).toEqual([
      {
        url: `${site.origin}/docs/away`,
        reason: 'redirects to another site (http://other.invalid/landing); not followed',
      },
    ]);
  });

  it('never asks for a disallowed, out-of-scope or climbing path, nor leaves the origin', () => {
    const paths = site.log.map((l) => l.path);
    expect(paths).not.toContain('/docs/private/secret');
    expect(paths).not.toContain('/elsewhere/page');
    expect(paths).not.toContain('/etc/passwd');
    expect(existsSync(join(base, 'escape.html'))).toBe(false);
    expect(existsSync(join(base, 'escape'))).toBe(false);
    for (const l of site.log) expect(l.headers['user-agent']).toMatch(/^Dossier\//u);
  });

  it('waits the delay between requests and honours Retry-After on a 429', () => {
    const { starts, clock } = first;
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(clock.sleeps).toContain(7000);
    expect(busyCalls).toBe(2);
  });

  it('marks each page with its URL, and the loader cites it there', async () => {
    const intro = await readFile(join(out, 'docs/guide/intro.html'), 'utf8');
    expect(intro).toContain(
      `<head><meta name="dossier:source" content="${site.origin}/docs/guide/intro">`,
    );
    const md = await readFile(join(out, 'docs/guide/config.md'), 'utf8');
    expect(md.split('\n').slice(0, 4)).toEqual([
      '---',
      'title: Configuration',
      `url: ${site.origin}/docs/guide/config.md`,
      '---',
    ]);
    const corpus = await loadCorpus(out);
    const byPath = new Map(corpus.documents.map((d) => [d.path, d]));
    expect(byPath.get('docs/guide/intro.html')?.meta.url).toBe(`${site.origin}/docs/guide/intro`);
    expect(byPath.get('docs/index.html')?.meta.url).toBe(`${site.origin}/docs/`);
    expect(byPath.get('docs/guide/config.md')?.meta.url).toBe(
      `${site.origin}/docs/guide/config.md`,
    );
  });

  it('refetches incrementally: 304 keeps a page, one no longer listed is reported, --prune removes it', async () => {
    listConfig = false;
    const before = site.log.length;
    const second = await run();
    const asked = site.log.slice(before);
    const intro = asked.find((l) => l.path === '/docs/guide/intro');
    expect(intro?.headers['if-none-match']).toBe('"v1"');
    const home = asked.find((l) => l.path === '/docs/');
    expect(home?.headers['if-modified-since']).toBe('Sat, 01 Mar 2025 10:00:00 GMT');
    expect(second.report.unchanged.sort()).toEqual([
      `${site.origin}/docs/`,
      `${site.origin}/docs/guide/intro`,
    ]);
    expect(second.report.gone).toEqual([`${site.origin}/docs/guide/config.md`]);
    expect(existsSync(join(out, 'docs/guide/config.md'))).toBe(true);

    introEtag = '"v2"';
    const third = await run({ prune: true });
    expect(third.report.saved).toContain(`${site.origin}/docs/guide/intro`);
    expect(third.report.pruned).toEqual([`${site.origin}/docs/guide/config.md`]);
    expect(existsSync(join(out, 'docs/guide/config.md'))).toBe(false);
    const state = JSON.parse(await readFile(join(out, STATE_FILE), 'utf8'));
    expect(state.pages[`${site.origin}/docs/guide/intro`].etag).toBe('"v2"');
    expect(state.pages[`${site.origin}/docs/guide/config.md`]).toBeUndefined();
  });
});

describe('a site without a sitemap', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite({
      '/robots.txt': () => ({ body: 'User-agent: Dossier\nDisallow: /book/drafts/\n' }),
      '/book/': () =>
        html(
          page(
            'Book',
            'Start with <a href="ch1.html">chapter one</a> or <a href="ch2/">two</a>.',
            '',
          ).replace(
            '</main>',
            '<a href="ch1.html#part">again</a><a href="/outside/">out</a><a href="style.css">css</a><a href="search?q=x">search</a><a href="http://other.invalid/book/">other</a><a href="mailto:a@b.c">mail</a><a href="javascript:void(0)">js</a><a href="drafts/d1">draft</a></main>',
          ),
        ),
      '/book/ch1.html': () => html(page('Chapter one', 'Chapter one is about gears and levers.')),
      '/book/ch2/': () =>
        html(
          page('Chapter two', 'Chapter two is about springs.').replace(
            '</main>',
            '<a href="../">up</a><a href="../ch3">three</a></main>',
          ),
        ),
      '/book/ch3': () =>
        html(
          page('Chapter three', 'Hidden from indexes.', '<meta name="robots" content="noindex">'),
        ),
      '/book/drafts/d1': () => html(page('Draft', 'Not for crawlers.')),
      '/outside/': () => html(page('Outside', 'Not under the start folder.')),
    });
  });
  afterAll(async () => {
    await site.close();
  });

  it('follows links under the start folder only, on its origin, and obeys robots.txt', async () => {
    const out = join(base, 'link-site');
    const clock = fakeClock();
    const r = await crawl({ start: new URL(`${site.origin}/book/`), out, clock, concurrency: 3 });
    expect(r.source).toBe('links');
    expect(await files(out)).toEqual([
      STATE_FILE,
      'book/ch1.html',
      'book/ch2/index.html',
      'book/index.html',
    ]);
    expect(r.disallowed).toEqual([`${site.origin}/book/drafts/d1`]);
    expect(r.skipped).toEqual([
      {
        url: `${site.origin}/book/ch3`,
        reason: 'the page asks not to be indexed (robots noindex); skipped',
      },
    ]);
    const paths = site.log.map((l) => l.path).sort();
    expect(paths).toEqual([
      '/book/',
      '/book/ch1.html',
      '/book/ch2/',
      '/book/ch3',
      '/book/sitemap.xml',
      '/robots.txt',
      '/sitemap.xml',
    ]);
  });

  it('stops at --max-pages and then reports nothing as gone', async () => {
    const out = join(base, 'link-site-small');
    const r = await crawl({
      start: new URL(`${site.origin}/book/`),
      out,
      clock: fakeClock(),
      maxPages: 2,
    });
    expect(r.saved.length + r.skipped.length).toBe(2);
    expect(r.leftOver).toBeGreaterThan(0);
    expect(r.gone).toEqual([]);
  });

  it('gives up on a URL whose Retry-After is too long, and stops when robots.txt answers 5xx', async () => {
    const down = await startSite({ '/robots.txt': () => ({ status: 503 }) });
    try {
      await expect(
        crawl({ start: new URL(`${down.origin}/`), out: join(base, 'down'), clock: fakeClock() }),
      ).rejects.toThrow(/robots\.txt answered HTTP 503/u);
      down.routes.set('/robots.txt', () => ({ status: 404 }));
      down.routes.set('/', () => ({ status: 503, headers: { 'retry-after': '3600' } }));
      const r = await crawl({
        start: new URL(`${down.origin}/`),
        out: join(base, 'down'),
        clock: fakeClock(),
      });
      expect(r.failed).toEqual([
        { url: `${down.origin}/`, reason: 'HTTP 503, asked to retry after 3600 s; given up' },
      ]);
    } finally {
      await down.close();
    }
  });
});

describe('pages missing from an incomplete run', () => {
  it('are not called gone (nor pruned) when a link crawl failed somewhere or lies outside the folder', async () => {
    let broken = false;
    const site = await startSite({
      '/w/': () =>
        broken
          ? { status: 500 }
          : html(page('Wiki', 'The wiki links to <a href="a">page a</a> only.')),
      '/w/a': () => html(page('A', 'Page a says something useful here.')),
    });
    try {
      const out = join(base, 'incomplete');
      const first = await crawl({ start: new URL(`${site.origin}/w/`), out, clock: fakeClock() });
      expect(first.saved.length).toBe(2);
      broken = true;
      const notes: string[] = [];
      const second = await crawl({
        start: new URL(`${site.origin}/w/`),
        out,
        clock: fakeClock(),
        prune: true,
        retries: 0,
        onEvent: (e) => {
          if (e.type === 'note') notes.push(e.message);
        },
      });
      expect(second.failed.map((f) => f.reason)).toEqual(['HTTP 500']);
      expect(second.gone).toEqual([]);
      expect(existsSync(join(out, 'w/a.html'))).toBe(true);
      expect(notes).toEqual([
        '1 pages of the last run were not seen; not reported as gone, as some pages could not be fetched',
      ]);
      // a narrower folder of the same site leaves the other pages alone
      broken = false;
      const narrow = await crawl({
        start: new URL(`${site.origin}/w/a`),
        out,
        clock: fakeClock(),
        prune: true,
      });
      expect(narrow.gone).toEqual([]);
      expect(existsSync(join(out, 'w/index.html'))).toBe(true);
      // another site in the same folder is refused
      const other = await startSite({});
      try {
        await expect(
          crawl({ start: new URL(`${other.origin}/w/`), out, clock: fakeClock() }),
        ).rejects.toThrow(`fetch: ${out} holds pages of ${site.origin}, not ${other.origin}`);
      } finally {
        await other.close();
      }
    } finally {
      await site.close();
    }
  });
});
