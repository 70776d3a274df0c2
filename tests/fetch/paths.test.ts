import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../src/corpus/confine.ts';
import { parseSitemap } from '../../src/fetch/discover.ts';
import { retryAfterMs } from '../../src/fetch/http.ts';
import { hostFolder, inScope, pagePath, scopeOf } from '../../src/fetch/paths.ts';
import { markHtml, markMarkdown } from '../../src/fetch/save.ts';

const at = (path: string, type: 'html' | 'md' = 'html') =>
  pagePath(new URL(`https://x.org${path}`), type);

describe('pagePath', () => {
  it('mirrors the URL path', () => {
    expect(at('/')).toEqual({ ok: true, path: 'index.html' });
    expect(at('/guide/')).toEqual({ ok: true, path: 'guide/index.html' });
    expect(at('/guide/config')).toEqual({ ok: true, path: 'guide/config.html' });
    expect(at('/guide/config.html')).toEqual({ ok: true, path: 'guide/config.html' });
    expect(at('/api/x.md', 'md')).toEqual({ ok: true, path: 'api/x.md' });
    expect(at('/api/x', 'md')).toEqual({ ok: true, path: 'api/x.md' });
    expect(at('/caf%C3%A9/menu')).toEqual({ ok: true, path: 'café/menu.html' });
    expect(at('/search?q=widgets')).toEqual({
      ok: true,
      path: expect.stringMatching(/^search~[0-9a-f]{8}\.html$/u),
    });
    expect(at('/.env')).toEqual({ ok: true, path: '_env.html' });
  });

  it('refuses a path that climbs out, however it is encoded', () => {
    expect(at('/a%2F..%2F..%2Fetc%2Fpasswd')).toEqual({
      ok: false,
      reason: 'its path climbs out of the site (..); skipped',
    });
    expect(at('/a/%2e%2e%5c..%5cescape')).toEqual({
      ok: false,
      reason: 'its path climbs out of the site (..); skipped',
    });
    // the URL parser resolves plain dot segments before anyone sees them
    expect(at('/docs/../../etc/passwd')).toEqual({ ok: true, path: 'etc/passwd.html' });
  });

  it('always lands inside the output folder (property)', () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('..', '.', '%2e%2e', '%2F', '%5C', '..%2F..', '%00', 'a%2F..%2F..', '~', ''),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.boolean(), (segments, md) => {
        let url: URL;
        try {
          url = new URL(`https://x.org/${segments.map((s) => s.replace(/[?#]/gu, '')).join('/')}`);
        } catch {
          return;
        }
        const out = pagePath(url, md ? 'md' : 'html');
        if (!out.ok) return;
        const root = resolve('/tmp/out');
        const target = resolve(root, out.path);
        expect(isInside(root, target) && target !== root).toBe(true);
        expect(
          out.path
            .split('/')
            .every((s) => s !== '' && s !== '.' && s !== '..' && !s.startsWith('.')),
        ).toBe(true);
        expect(out.path).not.toMatch(/[\\\0]/u);
        expect(join(root, out.path)).toBe(target);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scope', () => {
  it('is the start folder on the start origin', () => {
    const scope = scopeOf(new URL('https://x.org/docs'));
    expect(scope.prefix).toBe('/docs/');
    expect(inScope(new URL('https://x.org/docs'), scope)).toBe(true);
    expect(inScope(new URL('https://x.org/docs/a/b'), scope)).toBe(true);
    expect(inScope(new URL('https://x.org/docsearch'), scope)).toBe(false);
    expect(inScope(new URL('http://x.org/docs/a'), scope)).toBe(false);
    expect(inScope(new URL('https://x.org:8443/docs/a'), scope)).toBe(false);
    expect(scopeOf(new URL('https://x.org/docs/intro.html')).prefix).toBe('/docs/');
    expect(hostFolder(new URL('http://127.0.0.1:8080/'))).toBe('127.0.0.1_8080');
  });
});

describe('sitemaps, Retry-After and marks', () => {
  it('reads urlsets, indexes and namespaced tags', () => {
    const set = parseSitemap(
      new TextEncoder().encode(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://x.org/a?x=1&amp;y=2 </loc><lastmod>2025-01-01</lastmod></url></urlset>',
      ),
      1e6,
    );
    expect(set).toEqual({ index: false, locs: ['https://x.org/a?x=1&y=2'] });
    const index = parseSitemap(
      new TextEncoder().encode(
        '<sm:sitemapindex xmlns:sm="x"><sm:sitemap><sm:loc>https://x.org/s.xml</sm:loc></sm:sitemap></sm:sitemapindex>',
      ),
      1e6,
    );
    expect(index).toEqual({ index: true, locs: ['https://x.org/s.xml'] });
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it('marks a page with its address', () => {
    expect(markHtml('<html><HEAD lang="x"><title>T</title>', 'https://x.org/a?b="c"')).toBe(
      '<html><HEAD lang="x"><meta name="dossier:source" content="https://x.org/a?b=&quot;c&quot;"><title>T</title>',
    );
    expect(markHtml('<p>bare</p>', 'https://x.org/')).toBe(
      '<meta name="dossier:source" content="https://x.org/">\n<p>bare</p>',
    );
    expect(markMarkdown('# Title\n', 'https://x.org/t')).toBe(
      '---\nurl: "https://x.org/t"\n---\n# Title\n',
    );
    expect(markMarkdown('---\ntitle: T # keep\nurl: /t/\n---\nBody\n', 'https://x.org/t')).toBe(
      '---\ntitle: T # keep\nurl: https://x.org/t\n---\nBody\n',
    );
    expect(markMarkdown('---\n---\nBody\n', 'https://x.org/t')).toBe(
      '---\nurl: https://x.org/t\n---\nBody\n',
    );
  });
});
