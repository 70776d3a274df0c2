import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, pageUrl, parseSettings } from '../../src/corpus/settings.ts';

describe('dossier.yaml', () => {
  it('reads base_url, page_urls and passages', () => {
    expect(
      parseSettings('base_url: https://vite.dev\npage_urls: html\npassages: sections\n'),
    ).toEqual({
      settings: { baseUrl: 'https://vite.dev/', pageUrls: 'html', passages: 'sections' },
      problems: [],
    });
  });

  it('reports a bad or unknown setting at its line and keeps the default', () => {
    const { settings, problems } = parseSettings('passages: chapters\nbase: x\n');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems.map((p) => [p.line, p.reason.split(' (')[0]?.split(':')[0]])).toEqual([
      [1, 'passages'],
      [2, 'unknown setting base'],
    ]);
  });
});

describe('pageUrl', () => {
  const site = { ...DEFAULT_SETTINGS, baseUrl: 'https://vite.dev/' };
  it('gives each page its address as generators serve it', () => {
    expect(pageUrl(site, 'guide/env-and-mode.md', undefined)).toBe(
      'https://vite.dev/guide/env-and-mode',
    );
    expect(pageUrl(site, 'guide/index.md', undefined)).toBe('https://vite.dev/guide/');
    expect(pageUrl(site, 'index.md', undefined)).toBe('https://vite.dev/');
    expect(pageUrl({ ...site, pageUrls: 'folder' }, 'guide/why.md', undefined)).toBe(
      'https://vite.dev/guide/why/',
    );
    expect(pageUrl({ ...site, pageUrls: 'html' }, 'guide/why.md', undefined)).toBe(
      'https://vite.dev/guide/why.html',
    );
    expect(pageUrl(site, 'x.md', '/docs/intro')).toBe('https://vite.dev/docs/intro');
    expect(pageUrl(DEFAULT_SETTINGS, 'x.md', undefined)).toBeNull();
  });
});
