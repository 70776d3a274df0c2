/**
 * `npm run corpus:fetch` against a small site on 127.0.0.1: progress lines on stderr (not a
 * terminal), the summary on stdout, a second run that finds nothing changed, and bad arguments.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { html, type Site, startSite } from '../fetch/site.ts';

function fetchCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/corpus-fetch.ts', ...args],
      { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

let site: Site;
let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'dossier-fetch-cli-'));
  site = await startSite({
    '/robots.txt': () => ({ body: 'User-agent: *\nAllow: /\n' }),
    '/sitemap.xml': () => ({
      headers: { 'content-type': 'application/xml' },
      body: `<urlset><url><loc>${site.origin}/guide/</loc></url><url><loc>${site.origin}/guide/start</loc></url></urlset>`,
    }),
    '/guide/': (req) =>
      req.headers['if-none-match'] === '"a"'
        ? { status: 304 }
        : html('<main><h1>Guide</h1><p>The guide explains how the widgets work.</p></main>', {
            etag: '"a"',
          }),
    '/guide/start': (req) =>
      req.headers['if-none-match'] === '"b"'
        ? { status: 304 }
        : html(
            '<main><h1>Start</h1><p>Install the widget toolkit before anything else.</p></main>',
            {
              etag: '"b"',
            },
          ),
  });
});
afterAll(async () => {
  await site.close();
  await rm(base, { recursive: true, force: true });
});

it('fetches the site into --out with progress lines, then finds it unchanged', async () => {
  const out = join(base, 'site');
  const first = await fetchCli([`${site.origin}/guide/`, '--out', out, '--delay', '0']);
  expect(first.code).toBe(0);
  expect(first.err.split('\n')).toEqual(
    expect.arrayContaining([
      `corpus:fetch: 2 pages from the sitemap (${site.origin}/sitemap.xml)`,
      `[1/2] saved ${site.origin}/guide/ guide/index.html`,
      `[2/2] saved ${site.origin}/guide/start guide/start.html`,
    ]),
  );
  // robots.txt, /guide/sitemap.xml (404), /sitemap.xml and the two pages
  expect(first.out).toMatch(
    /^corpus:fetch: \/.+\/site: 2 saved, 0 unchanged, 0 skipped, 0 failed, 0 disallowed by robots\.txt, 0 gone; 5 requests\n$/u,
  );
  expect(await readFile(join(out, 'guide/start.html'), 'utf8')).toContain(
    `<meta name="dossier:source" content="${site.origin}/guide/start">`,
  );
  const second = await fetchCli([`${site.origin}/guide/`, '--out', out, '--delay', '0']);
  expect(second.code).toBe(0);
  expect(second.out).toMatch(/: 0 saved, 2 unchanged, /u);
}, 60_000);

it('refuses bad arguments with the usage', async () => {
  const bad = await fetchCli(['ftp://example.org/']);
  expect(bad.code).toBe(1);
  expect(bad.err).toContain(
    'corpus:fetch: "ftp://example.org/": only http:// and https:// sites can be fetched',
  );
  const noUrl = await fetchCli(['--max-pages', 'x', `${site.origin}/`]);
  expect(noUrl.code).toBe(1);
  expect(noUrl.err).toContain(
    'corpus:fetch: --max-pages must be a whole number of at least 1 (got "x")',
  );
}, 60_000);
